package chat.presence.bench.report;

import chat.presence.functions.handlers.ConnectHandler;
import chat.presence.functions.handlers.DefaultRouteHandler;
import chat.presence.functions.handlers.DisconnectHandler;
import chat.presence.functions.handlers.EndChatHandler;
import chat.presence.functions.handlers.GetPresenceHandler;
import chat.presence.functions.handlers.HeartbeatHandler;
import chat.presence.functions.handlers.ReaperHandler;
import chat.presence.functions.handlers.RequestChatHandler;
import chat.presence.functions.handlers.RouterHandler;
import chat.presence.functions.handlers.SetStatusHandler;
import chat.presence.bench.measure.CapacitySnapshot;
import chat.presence.bench.measure.CapacityTotals;
import chat.presence.bench.sim.PhaseResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * DynamoDB capacity, from the units the handlers consumed during the main phase: per operation,
 * per connected agent-hour at production timings, and per chat; and the same for the naive design
 * that writes every heartbeat.
 *
 * @param byHandler everything counted in the main phase, by handler
 * @param connectionsPerAgent as simulated in the run; the agent-hours below are modelled at {@link
 *     UsageModel#TARGET_CONNECTIONS_PER_AGENT}
 * @param steadyState an agent-hour of a connected agent that only heartbeats; its connections are
 *     replaced every two hours because API Gateway closes them. The reaper is left out: it runs
 *     every minute whoever is connected, so it is a cost per month (see the cost estimate)
 * @param withStatusChanges the same plus the assumed status changes per hour
 * @param naiveWritesPerAgentHour {@code withStatusChanges} plus one write per heartbeat
 * @param naiveWritesPerChat a chat's writes, its visitor's connection included, plus one write per
 *     heartbeat of the visitor's widget
 * @param loadAgentHours the agent-hours of the main phase's load at production time (run time
 *     times the time scale)
 * @param loadWritesPerAgentHour presence writes during the load per agent-hour, at the run's
 *     (much higher) status-change rate
 * @param loadNaiveWritesPerAgentHour the same plus the naive writer's writes for the same load
 */
public record CapacityFigures(
    Map<String, CapacityTotals> byHandler,
    int agentsInRun,
    double connectionsPerAgent,
    List<OperationCost> operations,
    AgentHourUnits steadyState,
    AgentHourUnits withStatusChanges,
    double naiveWritesPerAgentHour,
    double naiveWritesPerChat,
    double loadAgentHours,
    double loadWritesPerAgentHour,
    double loadNaiveWritesPerAgentHour) {

  public static final String AGENT_CONNECT = "agent connect";
  public static final String AGENT_DISCONNECT = "agent disconnect";
  public static final String VISITOR_CONNECT = "visitor connect";
  public static final String VISITOR_DISCONNECT = "visitor disconnect";
  public static final String SET_STATUS = "setStatus";
  public static final String HEARTBEAT = "heartbeat";
  public static final String REAPER_PASS = "reaper pass";
  public static final String CHAT = "chat, request to end";
  public static final String NAIVE_HEARTBEAT = "naive design: heartbeat write";

  static final Set<String> PRESENCE_HANDLERS =
      names(
          ConnectHandler.class,
          DisconnectHandler.class,
          HeartbeatHandler.class,
          SetStatusHandler.class,
          GetPresenceHandler.class,
          DefaultRouteHandler.class,
          ReaperHandler.class);
  static final Set<String> CHAT_HANDLERS = names(RequestChatHandler.class, EndChatHandler.class, RouterHandler.class);
  /**
   * A reaper pass during the closes may find a closed connection before its {@code $disconnect}
   * does and drop it itself, so its work there counts for the disconnects (with a scan's reads).
   */
  private static final Set<String> DISCONNECTING = names(DisconnectHandler.class, ReaperHandler.class);

  /**
   * The main phase's capacity, step by step.
   *
   * @param load from the start of the load to the end of the drain
   * @param otherChats chats requested during the load besides the phase's own (the full-path
   *     probe's), whose handlers' capacity is in {@code load} too
   * @param reaperPasses how many times the reaper ran during the load
   * @param timeScale production time per run time
   */
  public record Inputs(
      CapacitySnapshot agentsConnecting,
      CapacitySnapshot visitorsConnecting,
      CapacitySnapshot load,
      CapacitySnapshot agentsDisconnecting,
      CapacitySnapshot visitorsDisconnecting,
      PhaseResult phase,
      long otherChats,
      long naiveWrites,
      double naiveWriteUnits,
      double reaperPasses,
      double timeScale) {

    List<CapacitySnapshot> all() {
      return List.of(agentsConnecting, visitorsConnecting, load, agentsDisconnecting, visitorsDisconnecting);
    }
  }

  public static CapacityFigures of(Inputs in) {
    PhaseResult phase = in.phase();
    long heartbeatsSent = phase.agentHeartbeats() + phase.visitorHeartbeats();
    List<OperationCost> operations =
        List.of(
            perOperation(AGENT_CONNECT, in.agentsConnecting(), ConnectHandler.class, phase.agentConnections()),
            perOperation(VISITOR_CONNECT, in.visitorsConnecting(), ConnectHandler.class, phase.visitorConnections()),
            perOperation(AGENT_DISCONNECT, in.agentsDisconnecting(), DISCONNECTING, phase.agentConnections()),
            perOperation(VISITOR_DISCONNECT, in.visitorsDisconnecting(), DISCONNECTING, phase.visitorConnections()),
            perOperation(SET_STATUS, in.load(), SetStatusHandler.class, phase.statusChangesAcked()),
            perOperation(HEARTBEAT, in.load(), HeartbeatHandler.class, heartbeatsSent),
            perOperation(REAPER_PASS, in.load(), ReaperHandler.class, Math.max(1, Math.round(in.reaperPasses()))),
            perOperation(CHAT, in.load(), CHAT_HANDLERS, phase.chats().size() + in.otherChats()),
            new OperationCost(
                NAIVE_HEARTBEAT, in.naiveWrites(), 0, round(safeDivide(in.naiveWriteUnits(), in.naiveWrites())), 0));
    double perAgent = (double) phase.agentConnections() / phase.agents().size();
    double modelled = UsageModel.TARGET_CONNECTIONS_PER_AGENT;
    double heartbeats = UsageModel.heartbeatsPerConnectionHour();
    AgentHourUnits steady = steadyState(operations, modelled, heartbeats);
    AgentHourUnits withStatus = withStatusChanges(operations, modelled, heartbeats);
    double naive = withStatus.writesWithIndexes() + modelled * heartbeats * find(operations, NAIVE_HEARTBEAT).writeUnits();

    double loadAgentHours = phase.agents().size() * phase.loadAndDrainSeconds() * in.timeScale() / 3600;
    double loadWrites = in.load().ofHandlers(PRESENCE_HANDLERS).writeUnits();
    Map<String, CapacityTotals> byHandler = new TreeMap<>();
    for (CapacitySnapshot window : in.all()) {
      window.totals().forEach((key, totals) -> byHandler.merge(key.handler(), totals, CapacityTotals::plus));
    }
    OperationCost chat = withVisitorConnection(operations);
    double naivePerChat =
        chat.writesWithIndexes() + UsageModel.visitorHeartbeatsPerChat() * find(operations, NAIVE_HEARTBEAT).writeUnits();
    return new CapacityFigures(
        byHandler,
        phase.agents().size(),
        round(perAgent),
        operations,
        rounded(steady),
        rounded(withStatus),
        round(naive),
        round(naivePerChat),
        round(loadAgentHours),
        round(loadWrites / loadAgentHours),
        round((loadWrites + in.naiveWriteUnits()) / loadAgentHours));
  }

  /**
   * An agent-hour with the assumed status changes, for any number of connections per agent and of
   * keep-alives per connection-hour that a handler answers (a ping reaches none).
   */
  public AgentHourUnits withStatusChanges(double connectionsPerAgent, double answeredKeepAlivesPerConnectionHour) {
    return withStatusChanges(operations, connectionsPerAgent, answeredKeepAlivesPerConnectionHour);
  }

  private static AgentHourUnits withStatusChanges(
      List<OperationCost> operations, double connectionsPerAgent, double answeredKeepAlivesPerConnectionHour) {
    return steadyState(operations, connectionsPerAgent, answeredKeepAlivesPerConnectionHour)
        .plus(UsageModel.STATUS_CHANGES_PER_AGENT_HOUR, find(operations, SET_STATUS));
  }

  private static AgentHourUnits steadyState(
      List<OperationCost> operations, double connectionsPerAgent, double answeredKeepAlivesPerConnectionHour) {
    double reconnects = connectionsPerAgent / UsageModel.CONNECTION_HOURS;
    return new AgentHourUnits(0, 0, 0)
        .plus(reconnects, find(operations, AGENT_CONNECT))
        .plus(reconnects, find(operations, AGENT_DISCONNECT))
        .plus(connectionsPerAgent * answeredKeepAlivesPerConnectionHour, find(operations, HEARTBEAT));
  }

  /** A chat's units with its visitor's connection, which production opens for each chat. */
  public OperationCost perChatWithVisitorConnection() {
    return withVisitorConnection(operations);
  }

  private static OperationCost withVisitorConnection(List<OperationCost> operations) {
    OperationCost chat = find(operations, CHAT);
    OperationCost in = find(operations, VISITOR_CONNECT);
    OperationCost out = find(operations, VISITOR_DISCONNECT);
    return new OperationCost(
        CHAT + ", with the visitor's connection",
        chat.count(),
        round(chat.readUnits() + in.readUnits() + out.readUnits()),
        round(chat.writeUnits() + in.writeUnits() + out.writeUnits()),
        round(chat.indexWrites() + in.indexWrites() + out.indexWrites()));
  }

  public OperationCost operation(String name) {
    return find(operations, name);
  }

  private static OperationCost perOperation(String name, CapacitySnapshot window, Class<?> handler, long count) {
    return perOperation(name, window, names(handler), count);
  }

  private static OperationCost perOperation(String name, CapacitySnapshot window, Set<String> handlers, long count) {
    CapacityTotals totals = window.ofHandlers(handlers);
    return new OperationCost(
        name,
        count,
        round(safeDivide(totals.readUnits(), count)),
        round(safeDivide(totals.writeUnits(), count)),
        round(safeDivide(totals.indexWrites(), count)));
  }

  private static OperationCost find(List<OperationCost> operations, String name) {
    return operations.stream().filter(o -> o.operation().equals(name)).findFirst().orElseThrow();
  }

  private static Set<String> names(Class<?>... handlers) {
    return Arrays.stream(handlers).map(Class::getSimpleName).collect(Collectors.toSet());
  }

  private static double safeDivide(double value, double count) {
    return count == 0 ? 0 : value / count;
  }

  private static AgentHourUnits rounded(AgentHourUnits units) {
    return new AgentHourUnits(round(units.reads()), round(units.writes()), round(units.writesWithIndexes()));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
