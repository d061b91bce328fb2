package chat.presence.bench.report;

import chat.presence.bench.init.HandlerInit;
import chat.presence.bench.init.InitTable;
import chat.presence.bench.init.InitTimings;
import chat.presence.bench.measure.FloorProbe;
import chat.presence.bench.sim.PathProbe;
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
  /** Fewer full-path samples than this make no p99: the ratio is shown but not judged. */
  static final int MIN_FULL_PATH_SAMPLES = 30;
  static final double MAX_ROUTER_WRITES_PER_CHAT = 6;
  /** The share of the rate the emulator's write ceiling allows that one site must reach. */
  static final double MIN_SHARE_OF_BOUND_RATE = 0.7;
  static final double MAX_INIT_MILLIS = InitTable.TARGET_MILLIS;
  static final double MAX_JAR_MEGABYTES = 20;

  private TargetChecks() {}

  /**
   * The figures the goals are checked against; {@code offers} is null when offers were off, {@code
   * routerAlone} when that phase was skipped.
   *
   * @param assignToFullPathP99 the main phase's assign p99 over the full-path floor's p99, both
   *     measured during the load
   */
  public record Inputs(
      CapacityFigures capacity,
      CostFigures cost,
      PhaseSummary main,
      OfferSummary offers,
      FloorProbe.Result floor,
      PathProbe.Result fullPath,
      double assignToFullPathP99,
      double assignToStorageFloorP99,
      RouterAloneFigures routerAlone,
      InitTimings init,
      int violations) {}

  public static List<TargetCheck> of(Inputs in) {
    List<TargetCheck> checks = new ArrayList<>();
    checks.add(writesPerAgentHour(in.capacity()));
    checks.add(presenceCost(in.cost()));
    checks.add(assignOverFloor(in));
    checks.add(routerWrites(in.routerAlone()));
    checks.add(routerRate(in.routerAlone(), in.violations()));
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
                + " %s connections per agent (the target's): a connect writes %s WCU (+%s index) and a disconnect %s (+%s index),"
                + " i.e. the connection's item (in no index: an agent's connections are listed on its item) and"
                + " the agent's item. Below 2 needs no connection item for an agent: its identity carried in a"
                + " $connect authorizer's context to every route, one agent write at each end (not built)",
            fmt(heartbeat.writeUnits()),
            fmt(UsageModel.TARGET_CONNECTIONS_PER_AGENT),
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
                + " detection (<= %d min): %s%s",
            largest.item(),
            fmt(largest.dollars()),
            fmt(total),
            100 * largest.dollars() / total,
            MAX_DETECTION.toMinutes(),
            tradeOffVerdict(cost.keepAliveTradeOff()),
            pushesAlone(cost)));
  }

  /** Says so when the presence pushes alone cost more than the target, whatever the keep-alive. */
  private static String pushesAlone(CostFigures cost) {
    double pushes =
        cost.presencePer1000AgentHours().stream()
            .filter(line -> line.item().contains("presence.changed"))
            .mapToDouble(CostLine::dollars)
            .sum();
    if (pushes <= MAX_PRESENCE_DOLLARS_PER_1000_AGENT_HOURS) {
      return "";
    }
    return String.format(
        ". Presence pushed to %.0f consoles per site costs $%s alone, over the target with any keep-alive:"
            + " the target holds only with fewer subscribed consoles per site or fewer view changes pushed",
        UsageModel.SUBSCRIBERS_PER_SITE,
        fmt(pushes));
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
    PathProbe.Result path = in.fullPath();
    boolean enough = path.total().count() >= MIN_FULL_PATH_SAMPLES;
    return new TargetCheck(
        "Assign latency p99 over the full-path floor's p99, both during the load",
        "<= " + fmt(MAX_ASSIGN_TO_FLOOR) + "x",
        String.format(
            "%sx%s (%s; full-path floor p99 %s ms, p50 %s ms, %d samples on an idle site meanwhile; storage floor p99"
                + " %s ms, %sx)",
            fmt(in.assignToFullPathP99()),
            enough ? "" : String.format(", not judged: fewer than %d full-path samples", MIN_FULL_PATH_SAMPLES),
            measured,
            fmt(path.total().p99()),
            fmt(path.total().p50()),
            path.total().count(),
            fmt(in.floor().total().p99()),
            fmt(in.assignToStorageFloorP99())),
        enough && in.assignToFullPathP99() <= MAX_ASSIGN_TO_FLOOR,
        String.format(
            "%sthe floor is the same path on a site with nothing else to route, at the same time; what the load's chats"
                + " add is waiting in their site's FIFO message group behind the site's other events (requests, ends,"
                + " status changes: a pass each), for one of the local event source's few pollers (Lambda's FIFO"
                + " mapping scales with the active groups), and for the %d cores the emulators and the clients share",
            enough
                ? ""
                : "each full-path sample took over a second: the machine was too busy for a floor (the probe's events wait"
                    + " for the same two pollers as the load's); ",
            Runtime.getRuntime().availableProcessors()));
  }

  private static TargetCheck routerWrites(RouterAloneFigures r) {
    if (r == null) {
      return new TargetCheck(
          "Router storage writes per chat", "<= " + fmt(MAX_ROUTER_WRITES_PER_CHAT), "not measured (router-alone phase skipped)", false,
          "run with --router-alone-chats above 0");
    }
    return new TargetCheck(
        "Router storage writes per chat (router alone, pre-filled queue)",
        "<= " + fmt(MAX_ROUTER_WRITES_PER_CHAT),
        String.format(
            "%s write calls per chat (%s WCU; %d calls for %d chats: %s), %s reads",
            fmt(r.writesPerChat()),
            fmt(r.writeUnitsPerChat()),
            r.router().writeCalls(),
            r.routing().assigned(),
            r.writeCallsByTable(),
            fmt(r.readCallsPerChat())),
        r.routing().assigned() > 0 && r.writesPerChat() <= MAX_ROUTER_WRITES_PER_CHAT,
        String.format(
            "the writes by table above, per chat: %s; fewer need a grant that takes several chats at once, or records"
                + " that carry more than one step",
            perChat(r)));
  }

  private static TargetCheck routerRate(RouterAloneFigures r, int violations) {
    String goal = ">= " + fmt(MIN_SHARE_OF_BOUND_RATE * 100) + "% of ceiling / writes per chat";
    if (r == null) {
      return new TargetCheck(
          "One site's routing rate, router alone", goal, "not measured (router-alone phase skipped)", false,
          "run with --router-alone-chats above 0");
    }
    return new TargetCheck(
        "One site's routing rate, router alone, no violations",
        goal,
        String.format(
            "%s chats/s = %s%% of %s/s (ceiling %s conditional writes/s with %d threads / %s writes per chat); %d of %d"
                + " chats assigned in %s s, first after %s s; %d violations",
            fmt(r.routing().chatsPerSecond()),
            fmt(r.rateShare() * 100),
            fmt(r.boundRate()),
            fmt(r.ceiling().writesPerSecond()),
            r.ceiling().threads(),
            fmt(r.writesPerChat()),
            r.routing().assigned(),
            r.routing().chats(),
            fmt(r.routing().seconds()),
            fmt(r.routing().firstSeconds()),
            violations),
        r.routing().assigned() == r.routing().chats() && r.rateShare() >= MIN_SHARE_OF_BOUND_RATE && violations == 0,
        String.format(
            "the router kept the emulator's writes at %s%% of what %d concurrent writers get, with %s reads and %s"
                + " writes per chat: it decides and grants one chat after another on one thread (queue order) and"
                + " finishes the granted chats (record, posts, announcement) on the others, while the emulators, the"
                + " gateway's posts and the clients share the machine's cores; the ceiling's writers do nothing"
                + " else. 200 chats/s for one site cannot be shown on this machine: at %s writes per chat it"
                + " needs %s conditional writes/s",
            fmt(r.rateShare() * 100),
            r.ceiling().threads(),
            fmt(r.readCallsPerChat()),
            fmt(r.writesPerChat()),
            fmt(r.writesPerChat()),
            fmt(200 * r.writesPerChat())));
  }

  private static String perChat(RouterAloneFigures r) {
    int chats = Math.max(1, r.routing().assigned());
    List<String> parts = new ArrayList<>();
    r.writeCallsByTable().forEach((table, calls) -> parts.add(table + " " + fmt(Math.round(calls * 100.0 / chats) / 100.0)));
    return String.join(", ", parts);
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
