package chat.presence.local.bench.report;

import chat.presence.local.bench.init.HandlerInit;
import chat.presence.local.bench.init.InitTable;
import chat.presence.local.bench.init.InitTimings;
import chat.presence.local.bench.measure.FloorProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The goals against the run's figures, each with what limits it when it is missed. */
public final class TargetChecks {
  static final double MAX_WRITES_PER_AGENT_HOUR = 2;
  static final double MAX_PRESENCE_DOLLARS_PER_1000_AGENT_HOURS = 0.10;
  /** The longest a silently dropped client may still show online. */
  static final Duration MAX_DETECTION = Duration.ofMinutes(5);
  static final double MAX_ASSIGN_TO_FLOOR = 1.5;
  static final double MIN_CHATS_PER_SECOND_ONE_SITE = 200;
  static final double MAX_INIT_MILLIS = InitTable.TARGET_MILLIS;
  static final double MAX_JAR_MEGABYTES = 20;

  private TargetChecks() {}

  /**
   * The figures the goals are checked against; {@code offers} is null when offers were off, {@code
   * peak} when that phase was skipped.
   */
  public record Inputs(
      CapacityFigures capacity,
      CostFigures cost,
      PhaseSummary main,
      OfferSummary offers,
      PhaseSummary peak,
      FloorProbe.Result floor,
      double assignToFloorP99,
      InitTimings init,
      int violations) {}

  public static List<TargetCheck> of(Inputs in) {
    List<TargetCheck> checks = new ArrayList<>();
    checks.add(writesPerAgentHour(in.capacity()));
    checks.add(presenceCost(in.cost()));
    checks.add(assignOverFloor(in));
    checks.add(throughput(in));
    checks.add(init(in.init()));
    checks.add(jar(in.init()));
    return checks;
  }

  private static TargetCheck writesPerAgentHour(CapacityFigures capacity) {
    AgentHourUnits steady = capacity.steadyState();
    OperationCost connect = capacity.operation(CapacityFigures.AGENT_CONNECT);
    OperationCost disconnect = capacity.operation(CapacityFigures.AGENT_DISCONNECT);
    OperationCost heartbeat = capacity.operation(CapacityFigures.HEARTBEAT);
    return new TargetCheck(
        "DynamoDB writes per connected agent-hour, steady state",
        "<= " + fmt(MAX_WRITES_PER_AGENT_HOUR) + " WCU",
        String.format(
            "%s WCU with index writes (%s as dynalite reports them); naive design %s",
            fmt(steady.writesWithIndexes()), fmt(steady.writes()), fmt(capacity.naiveWritesPerAgentHour())),
        steady.writesWithIndexes() <= MAX_WRITES_PER_AGENT_HOUR,
        String.format(
            "heartbeats write %s per heartbeat; what remains is API Gateway's two-hour reconnect of each of the"
                + " %s connections per agent: a connect writes %s WCU (+%s index) and a disconnect %s (+%s index),"
                + " i.e. the connection item, its byUser index entry and the agent item",
            fmt(heartbeat.writeUnits()),
            fmt(capacity.connectionsPerAgent()),
            fmt(connect.writeUnits()),
            fmt(connect.indexWrites()),
            fmt(disconnect.writeUnits()),
            fmt(disconnect.indexWrites())));
  }

  private static TargetCheck presenceCost(CostFigures cost) {
    double total = cost.presenceTotalPer1000AgentHours();
    CostLine largest =
        cost.presencePer1000AgentHours().stream().max(Comparator.comparingDouble(CostLine::dollars)).orElseThrow();
    return new TargetCheck(
        "Presence cost per 1,000 agent-hours",
        "<= $" + fmt(MAX_PRESENCE_DOLLARS_PER_1000_AGENT_HOURS),
        String.format(
            "$%s (DynamoDB alone $%s; naive design's DynamoDB $%s)",
            fmt(total), fmt(cost.presenceDynamoDbPer1000AgentHours()), fmt(cost.naivePresenceDynamoDbPer1000AgentHours())),
        total <= MAX_PRESENCE_DOLLARS_PER_1000_AGENT_HOURS,
        String.format(
            "%s: $%s of $%s (%.0f%%); the keep-alive interval sets it, not storage, against the silent-drop"
                + " detection (<= %d min): %s",
            largest.item(),
            fmt(largest.dollars()),
            fmt(total),
            100 * largest.dollars() / total,
            MAX_DETECTION.toMinutes(),
            tradeOffVerdict(cost.keepAliveTradeOff())));
  }

  private static String tradeOffVerdict(List<KeepAliveOption> options) {
    List<String> meeting =
        options.stream()
            .filter(KeepAliveOption::pingMeetsTarget)
            .map(o -> String.format("ping every %d s ($%s, detection %d s)", o.intervalSeconds(), fmt(o.pingDollars()), o.detectionSeconds()))
            .toList();
    if (!meeting.isEmpty()) {
      return "at 2 connections per agent both are met by " + String.join(", ", meeting);
    }
    return "at 2 connections per agent no interval meets both (see the keep-alive trade-off)";
  }

  private static TargetCheck assignOverFloor(Inputs in) {
    String measured =
        in.offers() == null
            ? String.format("assign p99 %s ms for chats not queued", fmt(in.main().assignDirect().p99()))
            : String.format(
                "offers on: first-offer p99 %s ms over every chat, waits for capacity included",
                fmt(in.offers().firstOffer().p99()));
    return new TargetCheck(
        "Assign latency p99 over the floor's p99",
        "<= " + fmt(MAX_ASSIGN_TO_FLOOR) + "x",
        String.format("%sx (%s, floor p99 %s ms)", fmt(in.assignToFloorP99()), measured, fmt(in.floor().total().p99())),
        in.assignToFloorP99() <= MAX_ASSIGN_TO_FLOOR,
        String.format(
            "the floor is storage alone; an assignment also waits for the requestChat handler (ack p99 %s ms:"
                + " connection lookup, chat PutItem, SQS send), the queue hop to the router, the router's pass"
                + " (it also reads the pending index and the visitor's connections), and for its site's earlier"
                + " events, which one FIFO message group serializes; locally the event source's few pollers also"
                + " bound how many sites route at once (Lambda's FIFO mapping scales with the active message"
                + " groups), and everything shares %d cores",
            fmt(in.main().requestChatAck().p99()), Runtime.getRuntime().availableProcessors()));
  }

  private static TargetCheck throughput(Inputs in) {
    if (in.peak() == null) {
      return new TargetCheck(
          "Chats per second for one site, no violations",
          ">= " + fmt(MIN_CHATS_PER_SECOND_ONE_SITE),
          "not measured (peak phase skipped)",
          false,
          "run with --peak-duration above 0");
    }
    double rate = in.peak().throughputTotal();
    double serialCeiling = 1000 / in.floor().total().p50();
    return new TargetCheck(
        "Chats per second for one site, no violations",
        ">= " + fmt(MIN_CHATS_PER_SECOND_ONE_SITE),
        String.format(
            "%s chats/s (offered %s/s), %d violations", fmt(rate), fmt(in.peak().offeredChatsPerSecond()), in.violations()),
        rate >= MIN_CHATS_PER_SECOND_ONE_SITE && in.violations() == 0,
        String.format(
            "a site's routing events form one FIFO message group, so one router invocation at a time works on"
                + " it and assignments are made one after another: at the floor's p50 of %s ms per assignment a"
                + " site cannot pass %s/s here, and each chat's request and end also pass through the same group"
                + " and the same emulators (dynalite is one Node.js process), on %d cores shared with the clients",
            fmt(in.floor().total().p50()), fmt(serialCeiling), Runtime.getRuntime().availableProcessors()));
  }

  private static TargetCheck init(InitTimings init) {
    if (init.skipped() != null) {
      return new TargetCheck("Handler init, fresh JVM", "<= " + fmt(MAX_INIT_MILLIS) + " ms", "not measured", false, init.skipped());
    }
    HandlerInit slowest =
        init.handlers().stream().max(Comparator.comparingDouble(HandlerInit::medianTotal)).orElseThrow();
    return new TargetCheck(
        "Handler init, fresh JVM (median of " + init.runs() + ")",
        "<= " + fmt(MAX_INIT_MILLIS) + " ms",
        String.format("slowest %s: %s ms", slowest.handler(), fmt(slowest.medianTotal())),
        slowest.medianTotal() <= MAX_INIT_MILLIS,
        String.format(
            "JVM start and class loading: the constructor (SDK clients and their dependencies) takes %s ms and"
                + " the first event %s ms, which loads the request path's classes; SnapStart or a CRaC-style"
                + " priming of these paths at build time is what removes most of it",
            fmt(slowest.medianConstruct()), fmt(slowest.medianFirstInvoke())));
  }

  private static TargetCheck jar(InitTimings init) {
    double megabytes = init.lambdaJarBytes() / 1e6;
    return new TargetCheck(
        "Deployable jar size",
        "<= " + fmt(MAX_JAR_MEGABYTES) + " MB",
        init.lambdaJarBytes() == 0 ? "jar not found" : fmt(megabytes) + " MB",
        init.lambdaJarBytes() > 0 && megabytes <= MAX_JAR_MEGABYTES,
        "the AWS SDK modules (DynamoDB, SQS, API Gateway management, Secrets Manager) and their shared core");
  }

  static String fmt(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return String.format("%.0f", value);
    }
    return Math.abs(value) >= 100 ? String.format("%.0f", value) : Math.abs(value) >= 1 ? String.format("%.2f", value) : String.format("%.4f", value);
  }
}
