package chat.presence.bench.report;

import static chat.presence.bench.report.PriceList.*;
import static chat.presence.bench.report.UsageModel.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the run's measurements into dollars: DynamoDB units from the capacity figures, and the
 * other services' requests from the design's counts (one Lambda invocation per frame and per
 * connect or disconnect, two WebSocket messages per request and answer, one per ping and no
 * invocation, one per presence push), Lambda duration at the deployed memory and architecture from
 * the handlers' measured times, log volume per invocation, and the idle event-source polls, with
 * the assumptions of {@link UsageModel}.
 */
public final class CostEstimate {
  /** What the run measured that the estimate needs besides DynamoDB units. */
  public record Inputs(
      CapacityFigures capacity,
      double messagesPerChat,
      HandlerTimes times,
      double routingEventsPerInvocation,
      double availableShare,
      LogVolume logs) {}

  private final Inputs in;
  private final double connections;

  public CostEstimate(Inputs in) {
    this.in = in;
    this.connections = TARGET_CONNECTIONS_PER_AGENT;
  }

  public CostFigures figures(List<Integer> fleets) {
    List<CostLine> presence = scaled(presencePerAgentHour(connections, PRODUCTION_HEARTBEAT, PRODUCTION_KEEP_ALIVE), 1000);
    double dynamo = sumOf(presence, "DynamoDB");
    double naiveDynamo =
        dynamo + naiveExtraWritesPerAgentHour() * 1000 * DYNAMODB_WRITE_PER_MILLION / 1e6;
    List<CostFigures.MonthlyEstimate> monthly = new ArrayList<>();
    for (int agents : fleets) {
      monthly.add(month(agents));
    }
    return new CostFigures(
        prices(),
        assumptions(),
        presence,
        round(total(presence)),
        round(dynamo),
        round(naiveDynamo),
        keepAliveTradeOff(),
        monthly);
  }

  /**
   * Each interval of {@link UsageModel#KEEP_ALIVE_INTERVALS} at two connections per agent, with
   * ping and with heartbeat, against the silent-drop detection bound that comes with it.
   */
  private List<KeepAliveOption> keepAliveTradeOff() {
    List<KeepAliveOption> options = new ArrayList<>();
    for (Duration interval : KEEP_ALIVE_INTERVALS) {
      double ping = round(total(scaled(presencePerAgentHour(TARGET_CONNECTIONS_PER_AGENT, interval, KeepAlive.PING), 1000)));
      double heartbeat =
          round(total(scaled(presencePerAgentHour(TARGET_CONNECTIONS_PER_AGENT, interval, KeepAlive.HEARTBEAT), 1000)));
      Duration detection = detectionBound(interval);
      options.add(
          new KeepAliveOption(
              interval.toSeconds(),
              timeoutFor(interval).toSeconds(),
              detection.toSeconds(),
              ping,
              heartbeat,
              ping <= TargetChecks.MAX_PRESENCE_DOLLARS_PER_1000_AGENT_HOURS
                  && detection.compareTo(TargetChecks.MAX_DETECTION) <= 0));
    }
    return options;
  }

  /**
   * Presence of one agent for one hour: connections, keep-alives, status changes, and the presence
   * views pushed to the site's subscribed consoles. Heartbeats write nothing, so the DynamoDB units
   * hardly depend on their interval.
   */
  private List<CostLine> presencePerAgentHour(double connections, Duration interval, KeepAlive keepAlive) {
    double keepAlivesPerConnection = heartbeatsPerConnectionHour(interval);
    AgentHourUnits units =
        in.capacity().withStatusChanges(connections, keepAlive.invocations() * keepAlivesPerConnection);
    double keepAlives = connections * keepAlivesPerConnection;
    double reconnects = connections / CONNECTION_HOURS;
    double eligibleEvents = STATUS_CHANGES_PER_AGENT_HOUR * in.availableShare() + reconnects;
    double answeredKeepAlives = keepAlive.invocations() * keepAlives;
    // Each console connection subscribes to presence when it opens: one more frame, answered.
    double subscribes = reconnects;
    double frameInvocations = answeredKeepAlives + STATUS_CHANGES_PER_AGENT_HOUR + 2 * reconnects + subscribes;
    double routerInvocations = eligibleEvents / in.routingEventsPerInvocation();
    HandlerTimes t = in.times();
    double localMillis =
        answeredKeepAlives * t.keepAliveAnswer()
            + STATUS_CHANGES_PER_AGENT_HOUR * t.setStatus()
            + reconnects * (t.connect() + t.disconnect() + t.subscribe())
            + routerInvocations * t.router();
    return List.of(
        line("DynamoDB writes (with index writes)", units.writesWithIndexes(), "WRU", DYNAMODB_WRITE_PER_MILLION),
        line("DynamoDB reads", units.reads(), "RRU", DYNAMODB_READ_PER_MILLION),
        line("WebSocket connection minutes", connections * 60, "minutes", WEBSOCKET_CONNECTION_MINUTES_PER_MILLION),
        line(
            String.format("WebSocket messages (%ss, status changes, subscriptions and their answers)", keepAlive.action()),
            keepAlive.messages() * keepAlives + 2 * STATUS_CHANGES_PER_AGENT_HOUR + 2 * subscribes,
            "messages",
            WEBSOCKET_MESSAGES_PER_MILLION),
        line(
            String.format("WebSocket messages (presence.changed to %.0f subscribed consoles per site)", SUBSCRIBERS_PER_SITE),
            viewChangesPerAgentHour(connections) * SUBSCRIBERS_PER_SITE,
            "messages",
            WEBSOCKET_MESSAGES_PER_MILLION),
        line("Lambda requests", frameInvocations + routerInvocations, "requests", LAMBDA_REQUESTS_PER_MILLION),
        gbSeconds(t.deployed(localMillis)),
        logs(frameInvocations + routerInvocations),
        line("SQS FIFO requests", sqsRequests(eligibleEvents), "requests", SQS_FIFO_REQUESTS_PER_MILLION));
  }

  /**
   * Writes that change an agent's presence view, each pushed to every subscriber of the site: a
   * status change, each connection's connect and disconnect (replaced every two hours), and each
   * chat's grant and release (the view shows the agent's load).
   */
  static double viewChangesPerAgentHour(double connections) {
    return STATUS_CHANGES_PER_AGENT_HOUR + 2 * connections / CONNECTION_HOURS + 2 * CHATS_PER_AGENT_HOUR;
  }

  /** A console reading the team every {@link UsageModel#PRESENCE_POLL} instead: getPresence and its answer, invoked. */
  private double pollingPer1000AgentHours() {
    double polls = 3600.0 / PRESENCE_POLL.toSeconds();
    double dollars =
        polls * 2 * WEBSOCKET_MESSAGES_PER_MILLION / 1e6
            + polls * LAMBDA_REQUESTS_PER_MILLION / 1e6
            + gbSeconds(in.times().deployed(polls * in.times().keepAliveAnswer())).dollars();
    return round(dollars * 1000);
  }

  /** One chat: its handlers, the router, and the visitor's connection and keep-alives. */
  private List<CostLine> perChat() {
    OperationCost units = in.capacity().perChatWithVisitorConnection();
    double visitorKeepAlives = visitorHeartbeatsPerChat();
    // requestChat, endChat, the visitor's connect and disconnect, and its answered keep-alives.
    double answeredKeepAlives = PRODUCTION_KEEP_ALIVE.invocations() * visitorKeepAlives;
    double frameInvocations = 4 + answeredKeepAlives;
    double routerInvocations = ROUTING_EVENTS_PER_CHAT / in.routingEventsPerInvocation();
    HandlerTimes t = in.times();
    double localMillis =
        t.requestChat()
            + t.endChat()
            + t.connect()
            + t.disconnect()
            + answeredKeepAlives * t.keepAliveAnswer()
            + routerInvocations * t.router();
    return List.of(
        line("DynamoDB writes (with index writes)", units.writesWithIndexes(), "WRU", DYNAMODB_WRITE_PER_MILLION),
        line("DynamoDB reads", units.readUnits(), "RRU", DYNAMODB_READ_PER_MILLION),
        line("WebSocket connection minutes", VISITOR_MINUTES_PER_CHAT, "minutes", WEBSOCKET_CONNECTION_MINUTES_PER_MILLION),
        line(
            "WebSocket messages",
            in.messagesPerChat() + PRODUCTION_KEEP_ALIVE.messages() * visitorKeepAlives,
            "messages",
            WEBSOCKET_MESSAGES_PER_MILLION),
        line("Lambda requests", frameInvocations + routerInvocations, "requests", LAMBDA_REQUESTS_PER_MILLION),
        gbSeconds(t.deployed(localMillis)),
        logs(frameInvocations + routerInvocations),
        line("SQS FIFO requests", sqsRequests(ROUTING_EVENTS_PER_CHAT), "requests", SQS_FIFO_REQUESTS_PER_MILLION));
  }

  private CostFigures.MonthlyEstimate month(int agents) {
    double agentHours = agents * AGENT_HOURS_PER_MONTH;
    double chats = agentHours * CHATS_PER_AGENT_HOUR;
    List<CostLine> presence =
        scaled(presencePerAgentHour(connections, PRODUCTION_HEARTBEAT, PRODUCTION_KEEP_ALIVE), agentHours);
    List<CostLine> lines = new ArrayList<>(prefixed("presence: ", presence));
    lines.addAll(prefixed("chats: ", scaled(perChat(), chats)));
    lines.addAll(reaper(agents));
    lines.addAll(idleEventSources());
    double total = total(lines);
    double naiveExtraWrites =
        naiveExtraWritesPerAgentHour() * agentHours
            + (in.capacity().naiveWritesPerChat() - in.capacity().perChatWithVisitorConnection().writesWithIndexes())
                * chats;
    double naive = total + naiveExtraWrites * DYNAMODB_WRITE_PER_MILLION / 1e6;
    double peakConnections = agents * connections;
    return new CostFigures.MonthlyEstimate(
        agents,
        round(agentHours),
        round(chats),
        lines,
        round(total),
        round(naive),
        round(total(presence)),
        round(ably(agentHours, peakConnections)),
        ablyBasis(peakConnections),
        pusher(peakConnections),
        pusherBasis(peakConnections));
  }

  /** The reaper runs every minute whoever is online; its scans grow with the agents. */
  private List<CostLine> reaper(int agents) {
    OperationCost pass = in.capacity().operation(CapacityFigures.REAPER_PASS);
    double passes = REAPER_PASSES_PER_HOUR * HOURS_PER_MONTH;
    double readsPerPass = pass.readUnits() * agents / in.capacity().agentsInRun();
    double bytes = passes * in.logs().bytesPerReaperPass();
    return List.of(
        line("reaper: DynamoDB reads", readsPerPass * passes, "RRU", DYNAMODB_READ_PER_MILLION),
        line("reaper: Lambda requests", passes, "requests", LAMBDA_REQUESTS_PER_MILLION),
        new CostLine("reaper: CloudWatch Logs ingested", bytes / 1e6, "MB", bytes / 1e9 * CLOUDWATCH_LOGS_INGESTION_PER_GB));
  }

  /**
   * The two SQS event-source mappings (the routing FIFO queue, the timers' standard queue) poll
   * whether or not anything happens: each idle poller long-polls three times a minute. Receives
   * that return events are in the per-event lines.
   */
  static List<CostLine> idleEventSources() {
    double receives = IDLE_POLLERS * (60.0 / LONG_POLL_SECONDS) * 60 * HOURS_PER_MONTH;
    return List.of(
        line("event-source polls, routing queue (FIFO), idle", receives, "requests", SQS_FIFO_REQUESTS_PER_MILLION),
        line("event-source polls, timer queue (standard), idle", receives, "requests", SQS_STANDARD_REQUESTS_PER_MILLION));
  }

  /**
   * Ably for the same agents: connection minutes, one presence channel per site while its agents
   * are online, and each presence change (status change, reconnect) delivered to the site's agents.
   */
  private double ably(double agentHours, double peakConnections) {
    double base = peakConnections <= ABLY_STANDARD_MAX_CONNECTIONS ? ABLY_STANDARD_MONTHLY : ABLY_PRO_MONTHLY;
    double connectionMinutes = agentHours * connections * 60;
    double channelMinutes = agentHours * 60 / AGENTS_PER_SITE;
    double presenceChanges = agentHours * (STATUS_CHANGES_PER_AGENT_HOUR + 2 * connections / CONNECTION_HOURS);
    double messages = presenceChanges * (1 + AGENTS_PER_SITE);
    return base
        + connectionMinutes * ABLY_CONNECTION_MINUTES_PER_MILLION / 1e6
        + channelMinutes * ABLY_CHANNEL_MINUTES_PER_MILLION / 1e6
        + messages * ABLY_MESSAGES_PER_MILLION / 1e6;
  }

  private String ablyBasis(double peakConnections) {
    return (peakConnections <= ABLY_STANDARD_MAX_CONNECTIONS ? "Standard" : "Pro")
        + " package base fee, connection and channel minutes, presence messages fanned out to "
        + (int) AGENTS_PER_SITE
        + " agents per site";
  }

  /** The smallest listed plan for the peak connections, if any is large enough. */
  private static Double pusher(double peakConnections) {
    return PUSHER_PLANS.stream()
        .filter(plan -> plan.connections() >= peakConnections)
        .map(PusherPlan::monthly)
        .findFirst()
        .orElse(null);
  }

  private static String pusherBasis(double peakConnections) {
    return PUSHER_PLANS.stream()
        .filter(plan -> plan.connections() >= peakConnections)
        .findFirst()
        .map(p -> p.name() + " plan (" + p.connections() + " connections, " + p.messagesPerDay() / 1_000_000 + "M messages a day)")
        .orElse(
            "above the largest plan listed here (Premium: 10,000 connections, $499/month); larger plans are quoted on"
                + " request");
  }

  private double naiveExtraWritesPerAgentHour() {
    return in.capacity().naiveWritesPerAgentHour() - in.capacity().withStatusChanges().writesWithIndexes();
  }

  /** Each event is sent once, and received and deleted in batches. */
  private double sqsRequests(double events) {
    return events * (1 + 2 / in.routingEventsPerInvocation());
  }

  private static CostLine gbSeconds(double millis) {
    double gbSeconds = millis / 1000 * LAMBDA_MEMORY_GB;
    return new CostLine("Lambda duration (1024 MB, arm64)", gbSeconds, "GB-s", gbSeconds * LAMBDA_ARM_GB_SECOND);
  }

  private CostLine logs(double invocations) {
    double bytes = invocations * in.logs().bytesPerInvocation();
    return new CostLine("CloudWatch Logs ingested", bytes / 1e6, "MB", bytes / 1e9 * CLOUDWATCH_LOGS_INGESTION_PER_GB);
  }

  private static CostLine line(String item, double quantity, String unit, double pricePerMillion) {
    return new CostLine(item, quantity, unit, quantity * pricePerMillion / 1e6);
  }

  private static List<CostLine> scaled(List<CostLine> lines, double times) {
    return lines.stream()
        .map(l -> new CostLine(l.item(), round(l.quantity() * times), l.unit(), round(l.dollars() * times)))
        .toList();
  }

  private static List<CostLine> prefixed(String prefix, List<CostLine> lines) {
    return lines.stream().map(l -> new CostLine(prefix + l.item(), l.quantity(), l.unit(), l.dollars())).toList();
  }

  private static double sumOf(List<CostLine> lines, String itemPrefix) {
    return lines.stream().filter(l -> l.item().startsWith(itemPrefix)).mapToDouble(CostLine::dollars).sum();
  }

  private static double total(List<CostLine> lines) {
    return lines.stream().mapToDouble(CostLine::dollars).sum();
  }

  private List<String> prices() {
    List<String> lines = new ArrayList<>();
    AWS.forEach(price -> lines.add(price.line()));
    lines.add(ABLY_AS_OF);
    lines.add(
        String.format(
            "Ably Standard $%.0f/month (up to %,d connections), Pro $%.0f/month; $%.2f per million messages, $%.2f per"
                + " million connection minutes, $%.2f per million channel minutes",
            ABLY_STANDARD_MONTHLY,
            ABLY_STANDARD_MAX_CONNECTIONS,
            ABLY_PRO_MONTHLY,
            ABLY_MESSAGES_PER_MILLION,
            ABLY_CONNECTION_MINUTES_PER_MILLION,
            ABLY_CHANNEL_MINUTES_PER_MILLION));
    lines.add(PUSHER_AS_OF);
    lines.add(
        "Pusher Channels "
            + String.join(
                ", ",
                PUSHER_PLANS.stream()
                    .map(p -> String.format("%s $%.0f/month (%,d connections)", p.name(), p.monthly(), p.connections()))
                    .toList()));
    lines.add("Free tiers and volume discounts are left out.");
    return lines;
  }

  private List<String> assumptions() {
    return List.of(
        String.format(
            "%.0f connections per agent, as the targets are set (%.2f in the run's simulation)",
            connections, in.capacity().connectionsPerAgent()),
        String.format(
            "clients keep connections live with %s every %d s (production default)",
            PRODUCTION_KEEP_ALIVE.action(), PRODUCTION_HEARTBEAT.toSeconds()),
        String.format("connections replaced every %.0f h (API Gateway's limit)", CONNECTION_HOURS),
        String.format("%.0f status changes per agent-hour, %.0f%% of them to available", STATUS_CHANGES_PER_AGENT_HOUR, in.availableShare() * 100),
        String.format("%.0f agent-hours per agent and month (8 h x 22 days)", AGENT_HOURS_PER_MONTH),
        String.format("%.0f chats per agent-hour; the visitor is connected %.0f minutes per chat", CHATS_PER_AGENT_HOUR, VISITOR_MINUTES_PER_CHAT),
        String.format(
            "Lambda at %.0f MB on arm64, as the stack deploys it; duration = the local time measured in this run x %.2f"
                + " (a deployed DynamoDB call assumed %.0f ms against %.2f ms measured here for a conditional write on"
                + " the quiet emulator)",
            LAMBDA_MEMORY_GB * 1024,
            in.times().factor(),
            in.times().deployedCallMillis(),
            in.times().localCallMillis()),
        "local times (ms, medians of this run): " + String.join("; ", in.times().basis()),
        String.format(
            "CloudWatch Logs: %.0f bytes per invocation (%.0f of Lambda's platform records in the JSON format,"
                + " estimated, plus what the handlers logged at INFO in the main phase, measured: %d bytes over %d"
                + " invocations); a reaper pass %.0f bytes",
            in.logs().bytesPerInvocation(),
            in.logs().platformBytesPerInvocation(),
            in.logs().applicationBytes(),
            in.logs().invocations(),
            in.logs().bytesPerReaperPass()),
        String.format(
            "presence pushed, not polled: each view change (%.0f an agent-hour at %.2f connections: status changes,"
                + " connects and disconnects, grants and releases) goes to %.0f subscribed consoles of the site; a"
                + " console polling getPresence every %d s instead would cost $%s per 1,000 agent-hours in messages"
                + " and invocations alone",
            viewChangesPerAgentHour(connections),
            connections,
            SUBSCRIBERS_PER_SITE,
            PRESENCE_POLL.toSeconds(),
            TargetChecks.fmt(pollingPer1000AgentHours())),
        String.format(
            "idle event-source polls: %d pollers per mapping x %d long polls a minute, two mappings, %.0f hours a month"
                + " (Lambda may use as few as 2 pollers when idle; 5 is the bound)",
            IDLE_POLLERS,
            60 / LONG_POLL_SECONDS,
            HOURS_PER_MONTH),
        String.format(
            "%.1f routing events per router invocation (as measured); %.0f events per chat", in.routingEventsPerInvocation(), ROUTING_EVENTS_PER_CHAT),
        String.format("%.2f WebSocket messages per chat besides heartbeats (as measured)", in.messagesPerChat()),
        String.format("reaper every minute (%.0f passes a month)", REAPER_PASSES_PER_HOUR * HOURS_PER_MONTH),
        String.format(
            "keep-alive trade-off: %.0f connections per agent; the heartbeat timeout is the interval plus %d s (a"
                + " hidden tab's timers wake once a minute); detection = timeout + two reaper passes",
            TARGET_CONNECTIONS_PER_AGENT, LATE_KEEP_ALIVE_ALLOWANCE.toSeconds()),
        "naive design: one DynamoDB write per heartbeat of every agent connection and visitor widget",
        "hosted services: every agent online at the monthly peak");
  }

  static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
