package chat.presence.bench;

import chat.presence.functions.Services;
import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.Finding;
import chat.presence.functions.aws.AwsClients;
import chat.presence.functions.handlers.DisconnectHandler;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.DevTokens;
import chat.presence.local.LocalRuntime;
import chat.presence.local.audit.LocalAudit;
import chat.presence.bench.check.InvariantCheck;
import chat.presence.bench.check.Violation;
import chat.presence.bench.init.InitTimer;
import chat.presence.bench.init.InitTimings;
import chat.presence.bench.measure.CapacityRecorder;
import chat.presence.bench.measure.CapacitySnapshot;
import chat.presence.bench.measure.CapacityTotals;
import chat.presence.bench.measure.FloorProbe;
import chat.presence.bench.measure.LatencySummary;
import chat.presence.bench.measure.LogMeter;
import chat.presence.bench.measure.WriteCeiling;
import chat.presence.bench.measure.NaiveHeartbeatWriter;
import chat.presence.bench.measure.QueueBacklogSampler;
import chat.presence.bench.measure.RouterBatches;
import chat.presence.bench.report.BenchReport;
import chat.presence.bench.report.CapacityFigures;
import chat.presence.bench.report.CostEstimate;
import chat.presence.bench.report.CostFigures;
import chat.presence.bench.report.HandlerTimes;
import chat.presence.bench.report.LogVolume;
import chat.presence.bench.report.OfferSummary;
import chat.presence.bench.report.PhaseSummary;
import chat.presence.bench.report.PresencePush;
import chat.presence.bench.report.ReportFiles;
import chat.presence.bench.report.RouterAloneFigures;
import chat.presence.bench.report.RunInfo;
import chat.presence.bench.report.TargetChecks;
import chat.presence.bench.sim.ClientTraffic;
import chat.presence.bench.sim.KeptAliveClients;
import chat.presence.bench.sim.LoadPhase;
import chat.presence.bench.sim.PathProbe;
import chat.presence.bench.sim.PhaseResult;
import chat.presence.bench.sim.PhaseSpec;
import chat.presence.bench.sim.PresenceWatch;
import chat.presence.bench.sim.RouterAlone;
import chat.presence.bench.report.UsageModel;
import chat.presence.model.schema.Schema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One benchmark run: a local runtime with its handlers' DynamoDB capacity and log lines counted, the
 * main phase of load with the full-path floor sampled on an idle site meanwhile, the storage floor on
 * a quiet site of the same emulators, one site's queue drained by the router alone and the emulator's
 * write ceiling, the single-site peak, the handlers' init in fresh JVMs, and the auditor; then the
 * report.
 */
public final class Benchmark {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DISCONNECTS_SETTLE = Duration.ofMillis(500);
  private static final Duration DISCONNECTS_TIMEOUT = Duration.ofSeconds(20);
  private static final String INIT_SITE = "init";
  private static final String PROBE_SITE = "probe-1";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration QUIET_QUEUE_TIMEOUT = Duration.ofSeconds(60);
  private static final int CEILING_THREADS = 4;
  private static final Duration CEILING_WARMUP = Duration.ofMillis(500);
  private static final Duration CEILING_DURATION = Duration.ofSeconds(3);
  private static final List<Integer> FLEETS = List.of(1_000, 10_000);
  private static final LoadPhase.HeartbeatObserver NOT_COUNTED = (site, agent, connection) -> {};

  /** A finished run: its report and where it was written. */
  public record Outcome(BenchReport report, ReportFiles.Written files) {}

  private final BenchConfig config;
  private final ProgressLine progress;
  private final String command;
  private final CapacityRecorder recorder = new CapacityRecorder();
  private final RouterBatches batches = new RouterBatches();
  private final List<Violation> violations = new ArrayList<>();

  private Benchmark(BenchConfig config, PrintStream out, boolean terminal, String command) {
    this.config = config;
    this.progress = new ProgressLine(out, terminal);
    this.command = command;
  }

  /**
   * @param terminal rewrite the progress line in place
   * @param command how the run was started, for the report
   */
  public static Outcome run(BenchConfig config, PrintStream out, boolean terminal, String command)
      throws IOException, InterruptedException {
    return new Benchmark(config, out, terminal, command).execute();
  }

  private Outcome execute() throws IOException, InterruptedException {
    LocalDateTime startedAt = LocalDateTime.now();
    long started = System.nanoTime();
    double loadAtStart = loadAverage();
    progress.say("starting the local runtime (dynalite, ElasticMQ, gateway)");
    BenchReport report;
    try (LogMeter logs = LogMeter.install(LogMeter.runLogsInfo());
        LocalRuntime runtime = LocalRuntime.start(config.runtimeSettings(), batches, List.of(recorder));
        QueueBacklogSampler backlog = new QueueBacklogSampler(runtime.sqs().client(), runtime.queues().url())) {
      Map<String, String> env = runtime.functionEnvironment();
      // The floor and the init probes' lookups use clients of their own: not counted.
      Services uncounted = Services.fromEnvironment(new AwsClients(env), env);
      MainPhase main = runMain(runtime, backlog, logs);
      FloorProbe.Result floor = measureFloor(runtime, backlog, uncounted);
      RouterAloneFigures routerAlone =
          config.routerAloneRuns() ? measureRouterAlone(runtime, backlog, uncounted, env) : null;
      PhaseResult peak = config.peakDuration().isZero() ? null : runPeak(runtime, backlog);
      backlog.phase("init");
      InitTimings init = timeInit(runtime, env, uncounted);
      backlog.phase("audit");
      List<String> audit = audit(runtime);
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      double[] load = {loadAtStart, loadAverage()};
      report = assemble(startedAt, wallSeconds, load, main, floor, routerAlone, peak, init, audit, backlog.samples());
      progress.say("stopping the local runtime");
    }
    progress.say("writing the report");
    return new Outcome(report, ReportFiles.write(report, config.resultsDir()));
  }

  private MainPhase runMain(LocalRuntime runtime, QueueBacklogSampler backlog, LogMeter logs) throws InterruptedException {
    PhaseSpec spec = config.mainPhase();
    backlog.phase(spec.name());
    ClientTraffic traffic = new ClientTraffic();
    NaiveHeartbeatWriter naive = NaiveHeartbeatWriter.create(runtime.dynamo());
    String secret = runtime.settings().effectiveJwtSecret();
    List<String> sites = new ArrayList<>();
    for (int s = 0; s < spec.sites(); s++) {
      sites.add(spec.siteId(s));
    }
    // Connected before the phase's capacity is counted and closed after: their own connects and closes
    // are not the load's. The probe's chats during the load are, and count as chats.
    try (PathProbe probe =
            PathProbe.connect(
                runtime.webSocketUrl(), secret, PROBE_SITE, BenchConfig.FULL_PATH_SEATS, config.offers(), config.heartbeatInterval(),
                BenchConfig.FULL_PATH_PERIOD, PROBE_TIMEOUT);
        PresenceWatch watch =
            PresenceWatch.subscribe(runtime.webSocketUrl(), secret, sites, config.heartbeatInterval(), PROBE_TIMEOUT);
        LoadPhase phase = new LoadPhase(spec, target(runtime, naive, backlog), traffic)) {
      progress.say(String.format("main phase, %d agents on %d sites, %s s", spec.agents(), spec.sites(), spec.duration().toSeconds()));
      CapacitySnapshot beforeAgents = recorder.snapshot();
      LogMeter.Snapshot logsBefore = logs.snapshot();
      phase.connectAgents();
      CapacitySnapshot beforeVisitors = recorder.snapshot();
      phase.connectVisitors();
      phase.startHeartbeats();
      CapacitySnapshot beforeLoad = recorder.snapshot();
      RouterBatches.Counts routerBefore = batches.counts();
      long loadStart = System.nanoTime();
      probe.start();
      PhaseResult result;
      try {
        result = phase.runLoad();
      } finally {
        probe.stop();
      }
      long loadEnd = System.nanoTime();
      CapacitySnapshot afterLoad = recorder.snapshot();
      RouterBatches.Counts router = batches.counts().since(routerBefore);
      naive.close();
      PathProbe.Result fullPath =
          probe.between(loadStart + spec.warmup().toNanos(), loadStart + spec.duration().toNanos());
      progress.say("checking the main phase's invariants");
      violations.addAll(InvariantCheck.check(result, runtime.dynamo().client()));
      PresencePush push =
          new PresencePush(
              watch.pushesBetween(loadStart, System.nanoTime()),
              result.statusChangesAcked(),
              result.chats().stream().filter(c -> c.assigned()).count(),
              result.chats().stream().filter(c -> c.assigned() && c.settled()).count());

      progress.say("closing the main phase's connections");
      CapacitySnapshot beforeAgentsLeave = recorder.snapshot();
      awaitDisconnects(beforeAgentsLeave, phase.closeAgents());
      CapacitySnapshot beforeVisitorsLeave = recorder.snapshot();
      awaitDisconnects(beforeVisitorsLeave, phase.closeVisitors());
      CapacitySnapshot afterAll = recorder.snapshot();
      LogMeter.Snapshot logged = logs.snapshot().since(logsBefore);

      var capacity =
          CapacityFigures.of(
              new CapacityFigures.Inputs(
                  beforeVisitors.since(beforeAgents),
                  beforeLoad.since(beforeVisitors),
                  afterLoad.since(beforeLoad),
                  beforeVisitorsLeave.since(beforeAgentsLeave),
                  afterAll.since(beforeVisitorsLeave),
                  result,
                  probe.chatsRequested(),
                  naive.writes(),
                  naive.writeUnits(),
                  result.loadAndDrainSeconds() / (config.reaperInterval().toMillis() / 1000.0),
                  config.timeScale()));
      long reaperPasses = Math.max(1, Math.round((loadEnd - loadStart) / 1e9 / (config.reaperInterval().toMillis() / 1000.0)));
      return new MainPhase(
          result, router, traffic.sentByAction(), traffic.receivedByType(), capacity, fullPath, push, logged, reaperPasses);
    } finally {
      naive.close();
    }
  }

  /**
   * One site's queue, pre-filled, drained by the router with nothing else to do; its storage calls
   * counted meanwhile. Then, on copies of the router's agent items as it left them, the emulator's
   * ceiling of conditional writes per second.
   */
  private RouterAloneFigures measureRouterAlone(
      LocalRuntime runtime, QueueBacklogSampler backlog, Services uncounted, Map<String, String> env)
      throws InterruptedException {
    RouterAlone.Spec spec = config.routerAlone();
    backlog.phase("router-alone");
    try (RouterAlone phase = new RouterAlone(spec)) {
      progress.say(
          String.format(
              "router alone: %d chats pre-filled on one site, %d agents x %d seats", spec.chats(), spec.agents(), spec.maxChats()));
      phase.connect(runtime.webSocketUrl(), runtime.settings().effectiveJwtSecret());
      if (!RouterAlone.awaitQuietQueue(() -> routingBacklog(runtime), QUIET_QUEUE_TIMEOUT)) {
        progress.say("router alone: the routing queue did not go quiet; measuring anyway");
      }
      phase.prefill(uncounted);
      CapacitySnapshot before = recorder.snapshot();
      RouterBatches.Counts batchesBefore = batches.counts();
      progress.say(String.format("router alone: routing %d chats", spec.chats()));
      RouterAlone.Result routed = phase.route(uncounted);
      // The pass may still tell places or set timers after its last assignment.
      RouterAlone.awaitQuietQueue(() -> routingBacklog(runtime), QUIET_QUEUE_TIMEOUT);
      CapacitySnapshot window = recorder.snapshot().since(before);
      RouterBatches.Counts invocations = batches.counts().since(batchesBefore);
      routed.problems().forEach(p -> violations.add(new Violation(Violation.OVER_CAPACITY, "router alone: " + p)));
      if (routed.assigned() < routed.chats()) {
        violations.add(
            new Violation(
                "ROUTER_ALONE_INCOMPLETE",
                String.format("%d of %d pre-filled chats assigned within %s s", routed.assigned(), routed.chats(), spec.timeout().toSeconds())));
      }
      progress.say(
          String.format(
              "measuring the emulator's write ceiling: %d threads for %s s", CEILING_THREADS, CEILING_DURATION.toSeconds()));
      WriteCeiling.Result ceiling =
          WriteCeiling.measure(
              runtime.dynamo(),
              new AwsClients(env).dynamoDb(),
              agentItems(runtime, spec.siteId()),
              CEILING_THREADS,
              CEILING_WARMUP,
              CEILING_DURATION);
      progress.say("router alone: the visitors end their chats");
      phase.endAll();
      RouterAlone.awaitQuietQueue(() -> routingBacklog(runtime), QUIET_QUEUE_TIMEOUT);
      // Closed before the auditor looks, with their $disconnects done.
      CapacitySnapshot beforeClose = recorder.snapshot();
      awaitDisconnects(beforeClose, phase.closeAll());
      return RouterAloneFigures.of(routed, invocations, window, ceiling);
    }
  }

  /** Messages waiting on the routing queue and in flight. */
  private static long routingBacklog(LocalRuntime runtime) {
    Map<QueueAttributeName, String> attributes =
        runtime
            .sqs()
            .client()
            .getQueueAttributes(
                r ->
                    r.queueUrl(runtime.queues().url())
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
        + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
  }

  private static List<Map<String, AttributeValue>> agentItems(LocalRuntime runtime, String siteId) {
    return runtime
        .dynamo()
        .client()
        .queryPaginator(
            r ->
                r.tableName(Schema.AGENTS.logicalName())
                    .keyConditionExpression("siteId = :site")
                    .expressionAttributeValues(Map.of(":site", AttributeValue.fromS(siteId)))
                    .consistentRead(true))
        .items()
        .stream()
        .map(HashMap::new)
        .map(item -> (Map<String, AttributeValue>) item)
        .toList();
  }

  /**
   * The floor, on a quiet site shaped like a main one, with nothing else running but its own
   * clients' heartbeats.
   */
  private FloorProbe.Result measureFloor(LocalRuntime runtime, QueueBacklogSampler backlog, Services uncounted)
      throws InterruptedException {
    PhaseSpec spec = config.floorSite();
    backlog.phase(spec.name());
    try (LoadPhase site = new LoadPhase(spec, target(runtime, NOT_COUNTED, backlog), new ClientTraffic())) {
      progress.say(String.format("measuring the floor: %d assignments on a quiet site of %d agents", config.floorSamples(), spec.agents()));
      site.connectAgents();
      site.connectVisitors();
      site.startHeartbeats();
      // Let the router finish with the agents' connects before timing anything.
      Thread.sleep(1000);
      return new FloorProbe(uncounted).measure(spec.siteId(0), "visitor-1", config.floorSamples());
    }
  }

  private PhaseResult runPeak(LocalRuntime runtime, QueueBacklogSampler backlog) throws InterruptedException {
    PhaseSpec spec = config.peakPhase();
    backlog.phase(spec.name());
    try (LoadPhase phase = new LoadPhase(spec, target(runtime, NOT_COUNTED, backlog), new ClientTraffic())) {
      progress.say(
          String.format(
              "peak phase, one site offered %s chats/s for %s s", spec.chatsPerSecond(), spec.duration().toSeconds()));
      phase.connectAgents();
      phase.connectVisitors();
      phase.startHeartbeats();
      PhaseResult result = phase.runLoad();
      progress.say("checking the peak phase's invariants");
      violations.addAll(InvariantCheck.check(result, runtime.dynamo().client()));
      return result;
    }
  }

  /**
   * Only the handlers' init, on a runtime with nothing else to do: what the cold-start figures are
   * measured with, since the load phases keep the machine busy for a while after they end.
   */
  public static InitTimings runInitOnly(BenchConfig config, PrintStream out, boolean terminal) {
    Benchmark bench = new Benchmark(config, out, terminal, "");
    bench.progress.say("starting the local runtime (dynalite, ElasticMQ, gateway)");
    try (LocalRuntime runtime = LocalRuntime.start(config.runtimeSettings())) {
      Map<String, String> env = runtime.functionEnvironment();
      return bench.timeInit(runtime, env, Services.fromEnvironment(new AwsClients(env), env));
    }
  }

  /** Handler init in fresh JVMs, against a probe agent and visitor kept connected meanwhile. */
  private InitTimings timeInit(LocalRuntime runtime, Map<String, String> env, Services uncounted) {
    if (config.initRuns() == 0) {
      return InitTimings.skipped(config.lambdaJar().toString(), sizeOf(config.lambdaJar()), "skipped (--init-runs 0)");
    }
    String secret = runtime.settings().effectiveJwtSecret();
    try (KeptAliveClients probes =
        KeptAliveClients.connect(
            runtime.webSocketUrl(), secret, INIT_SITE, "probe-agent", "away", "probe-visitor", config.heartbeatInterval())) {
      var targets =
          new InitTimer.Targets(
              INIT_SITE,
              connectionOf(uncounted, "probe-agent"),
              connectionOf(uncounted, "probe-visitor"),
              DevTokens.sign(secret, INIT_SITE, "probe-agent", "agent", Duration.ofHours(1), OptionalInt.empty()));
      progress.say(String.format("timing handler init, %d fresh JVMs per handler", config.initRuns()));
      Path probeJar = config.resultsDir().resolve("init-probe.jar");
      return new InitTimer(config.lambdaJar(), probeJar, config.initJvm(), env, targets).measure(config.initRuns());
    }
  }

  /** The auditor's findings are violations too. */
  private List<String> audit(LocalRuntime runtime) {
    progress.say("running the auditor");
    try {
      AuditReport report = LocalAudit.run(runtime);
      List<String> lines = new ArrayList<>();
      for (Finding finding : report.findings()) {
        violations.add(new Violation(Violation.AUDIT, finding.line()));
        lines.add(finding.line());
      }
      lines.add(report.summary());
      return lines;
    } catch (RuntimeException e) {
      violations.add(new Violation(Violation.AUDIT, "the auditor could not run: " + e));
      return List.of("the auditor could not run: " + e);
    }
  }

  private BenchReport assemble(
      LocalDateTime startedAt,
      double wallSeconds,
      double[] loadAverage,
      MainPhase main,
      FloorProbe.Result floor,
      RouterAloneFigures routerAlone,
      PhaseResult peakResult,
      InitTimings init,
      List<String> audit,
      List<QueueBacklogSampler.Sample> backlog) {
    PhaseSummary mainSummary = PhaseSummary.of(main.result());
    PhaseSummary peak = peakResult == null ? null : PhaseSummary.of(peakResult);
    OfferSummary offers = config.offers() ? OfferSummary.of(main.result()) : null;
    OfferSummary peakOffers = config.offers() && peakResult != null ? OfferSummary.of(peakResult) : null;
    // With offers every chat is announced queued first, so no chat counts as direct; the first
    // offer is what a direct assignment is without them.
    double routedP99 = offers == null ? mainSummary.assignDirect().p99() : offers.firstOffer().p99();
    double ratio = ratio(routedP99, floor.total().p99());
    double fullPathRatio = ratio(routedP99, main.fullPath().total().p99());
    HandlerTimes times = handlerTimes(mainSummary, routerAlone, floor);
    LogVolume logs = logVolume(main);
    CostFigures cost =
        new CostEstimate(
                new CostEstimate.Inputs(
                    main.capacity(),
                    main.messagesPerChat(),
                    times,
                    main.routingEventsPerInvocation(),
                    BenchConfig.AVAILABLE_SHARE,
                    logs))
            .figures(FLEETS);
    var targets =
        TargetChecks.of(
            new TargetChecks.Inputs(
                main.capacity(),
                cost,
                mainSummary,
                offers,
                floor,
                main.fullPath(),
                fullPathRatio,
                ratio,
                routerAlone,
                init,
                violations.size()));
    var run =
        new RunInfo(
            startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")),
            Math.round(wallSeconds * 10) / 10.0,
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            command,
            config.parameters(),
            config.timeScale(),
            loadAverage);
    return new BenchReport(
        run,
        violations.isEmpty(),
        violations.stream().map(Violation::toString).toList(),
        audit,
        mainSummary,
        peak,
        offers,
        peakOffers,
        main.fullPath(),
        fullPathRatio,
        floor,
        ratio,
        routerAlone,
        main.presencePush(),
        times,
        logs,
        main.router(),
        main.framesSent(),
        main.framesReceived(),
        main.capacity(),
        cost,
        init,
        backlog,
        targets);
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? 0 : Math.round(numerator / denominator * 100) / 100.0;
  }

  /**
   * The handlers' local times the cost model prices: each frame's round trip (request to answer: the
   * handler, the gateway and a loopback hop, an upper bound), the handshake for a connect, and for a
   * router invocation the router-alone phase's time per chat routed (most invocations route one
   * chat or one agent's event), or without that phase the storage floor.
   */
  private static HandlerTimes handlerTimes(PhaseSummary main, RouterAloneFigures routerAlone, FloorProbe.Result floor) {
    double heartbeat = main.roundTrip("heartbeat").p50();
    double setStatus = main.roundTrip("setStatus").p50();
    double requestChat = main.roundTrip("requestChat").p50();
    double endChat = main.roundTrip("endChat").p50();
    double connect = main.handshakes().p50();
    boolean fromRouterAlone = routerAlone != null && routerAlone.routing().assigned() > 0;
    double router =
        fromRouterAlone
            ? routerAlone.routing().seconds() * 1000 / routerAlone.routing().assigned()
            : floor.total().p50();
    double localCall = floor.steps().getOrDefault(FloorProbe.ASSIGN_STEP, LatencySummary.EMPTY).p50();
    double factor = localCall <= 0 ? 1 : Math.round(UsageModel.DEPLOYED_CALL_MILLIS / localCall * 100) / 100.0;
    List<String> basis =
        List.of(
            String.format("connect %.1f (handshake)", connect),
            String.format("disconnect %.1f (taken as a connect's)", connect),
            String.format("heartbeat %.1f (round trip)", heartbeat),
            String.format("setStatus %.1f (round trip)", setStatus),
            String.format("requestChat %.1f (round trip)", requestChat),
            String.format("endChat %.1f (round trip)", endChat),
            String.format("subscribePresence %.1f (taken as a setStatus's)", setStatus),
            String.format(
                "router invocation %.1f (%s)",
                router,
                fromRouterAlone
                    ? "router alone: its time per chat routed, the queue hop and posts included"
                    : "storage floor p50"));
    return new HandlerTimes(
        connect, connect, heartbeat, setStatus, requestChat, endChat, setStatus, router, localCall,
        UsageModel.DEPLOYED_CALL_MILLIS, factor, basis);
  }

  /**
   * The main phase's invocations (frames that reach a handler, connects and disconnects of the load's
   * connections, router invocations, reaper passes) and what the handlers logged meanwhile.
   */
  private static LogVolume logVolume(MainPhase main) {
    long frames =
        main.framesSent().entrySet().stream()
            .filter(e -> !"ping".equals(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    PhaseResult r = main.result();
    long connections = r.agentConnections() + r.visitorConnections();
    long invocations = frames + 2 * connections + main.router().batches() + main.reaperPasses();
    return new LogVolume(
        invocations,
        main.logged().totalBytes(),
        main.logged().bytes(),
        main.logged().lines(),
        main.reaperPasses(),
        UsageModel.PLATFORM_LOG_BYTES_PER_INVOCATION);
  }

  private LoadPhase.Target target(LocalRuntime runtime, LoadPhase.HeartbeatObserver heartbeats, QueueBacklogSampler backlog) {
    return new LoadPhase.Target(
        runtime.webSocketUrl(),
        runtime.settings().effectiveJwtSecret(),
        ANSWER_TIMEOUT,
        heartbeats,
        progress,
        backlog::latestWaiting,
        runtime.dynamo().client());
  }

  /**
   * The gateway runs {@code $disconnect} after a close completes; each one first reads the
   * connection's item, so the wait ends once there is a read per closed connection and the
   * handler's calls have stopped growing.
   */
  private void awaitDisconnects(CapacitySnapshot before, int closed) throws InterruptedException {
    String handler = DisconnectHandler.class.getSimpleName();
    long deadline = System.nanoTime() + DISCONNECTS_TIMEOUT.toNanos();
    long lastCalls = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      CapacityTotals since = recorder.snapshot().since(before).ofHandler(handler);
      long calls = since.readCalls() + since.writeCalls();
      if (calls != lastCalls) {
        lastCalls = calls;
        stableSince = System.nanoTime();
      } else if (since.readCalls() >= closed && System.nanoTime() - stableSince >= DISCONNECTS_SETTLE.toNanos()) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String connectionOf(Services services, String userId) {
    return services.connections().all().stream()
        .filter(record -> record.identity().siteId().equals(INIT_SITE) && record.identity().userId().equals(userId))
        .map(ConnectionRecord::connectionId)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the init probe's " + userId + " is not connected"));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException missing) {
      return 0;
    }
  }
}
