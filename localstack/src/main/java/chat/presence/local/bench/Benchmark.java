package chat.presence.local.bench;

import chat.presence.functions.Services;
import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.Finding;
import chat.presence.functions.aws.AwsClients;
import chat.presence.functions.handlers.DisconnectHandler;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.DevTokens;
import chat.presence.local.LocalRuntime;
import chat.presence.local.audit.LocalAudit;
import chat.presence.local.bench.check.InvariantCheck;
import chat.presence.local.bench.check.Violation;
import chat.presence.local.bench.init.InitTimer;
import chat.presence.local.bench.init.InitTimings;
import chat.presence.local.bench.measure.CapacityRecorder;
import chat.presence.local.bench.measure.CapacitySnapshot;
import chat.presence.local.bench.measure.CapacityTotals;
import chat.presence.local.bench.measure.FloorProbe;
import chat.presence.local.bench.measure.NaiveHeartbeatWriter;
import chat.presence.local.bench.measure.QueueBacklogSampler;
import chat.presence.local.bench.measure.RouterBatches;
import chat.presence.local.bench.report.BenchReport;
import chat.presence.local.bench.report.CapacityFigures;
import chat.presence.local.bench.report.CostEstimate;
import chat.presence.local.bench.report.CostFigures;
import chat.presence.local.bench.report.OfferSummary;
import chat.presence.local.bench.report.PhaseSummary;
import chat.presence.local.bench.report.ReportFiles;
import chat.presence.local.bench.report.RunInfo;
import chat.presence.local.bench.report.TargetChecks;
import chat.presence.local.bench.sim.ClientTraffic;
import chat.presence.local.bench.sim.KeptAliveClients;
import chat.presence.local.bench.sim.LoadPhase;
import chat.presence.local.bench.sim.PhaseResult;
import chat.presence.local.bench.sim.PhaseSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One benchmark run: a local runtime with its handlers' DynamoDB capacity counted, the main phase
 * of load, the floor on a quiet site of the same emulators, the single-site peak, the handlers'
 * init in fresh JVMs, and the auditor; then the report.
 */
public final class Benchmark {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DISCONNECTS_SETTLE = Duration.ofMillis(500);
  private static final Duration DISCONNECTS_TIMEOUT = Duration.ofSeconds(20);
  private static final String INIT_SITE = "init";
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
    try (LocalRuntime runtime = LocalRuntime.start(config.runtimeSettings(), batches, List.of(recorder));
        QueueBacklogSampler backlog = new QueueBacklogSampler(runtime.sqs().client(), runtime.queues().url())) {
      Map<String, String> env = runtime.functionEnvironment();
      // The floor and the init probes' lookups use clients of their own: not counted.
      Services uncounted = Services.fromEnvironment(new AwsClients(env), env);
      MainPhase main = runMain(runtime, backlog);
      FloorProbe.Result floor = measureFloor(runtime, backlog, uncounted);
      PhaseResult peak = config.peakDuration().isZero() ? null : runPeak(runtime, backlog);
      backlog.phase("init");
      InitTimings init = timeInit(runtime, env, uncounted);
      backlog.phase("audit");
      List<String> audit = audit(runtime);
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      double[] load = {loadAtStart, loadAverage()};
      report = assemble(startedAt, wallSeconds, load, main, floor, peak, init, audit, backlog.samples());
      progress.say("stopping the local runtime");
    }
    progress.say("writing the report");
    return new Outcome(report, ReportFiles.write(report, config.resultsDir()));
  }

  private MainPhase runMain(LocalRuntime runtime, QueueBacklogSampler backlog) throws InterruptedException {
    PhaseSpec spec = config.mainPhase();
    backlog.phase(spec.name());
    ClientTraffic traffic = new ClientTraffic();
    NaiveHeartbeatWriter naive = NaiveHeartbeatWriter.create(runtime.dynamo());
    try (LoadPhase phase = new LoadPhase(spec, target(runtime, naive, backlog), traffic)) {
      progress.say(String.format("main phase, %d agents on %d sites, %s s", spec.agents(), spec.sites(), spec.duration().toSeconds()));
      CapacitySnapshot beforeAgents = recorder.snapshot();
      phase.connectAgents();
      CapacitySnapshot beforeVisitors = recorder.snapshot();
      phase.connectVisitors();
      phase.startHeartbeats();
      CapacitySnapshot beforeLoad = recorder.snapshot();
      RouterBatches.Counts routerBefore = batches.counts();
      PhaseResult result = phase.runLoad();
      CapacitySnapshot afterLoad = recorder.snapshot();
      RouterBatches.Counts router = batches.counts().since(routerBefore);
      naive.close();
      progress.say("checking the main phase's invariants");
      violations.addAll(InvariantCheck.check(result, runtime.dynamo().client()));

      progress.say("closing the main phase's connections");
      CapacitySnapshot beforeAgentsLeave = recorder.snapshot();
      awaitDisconnects(beforeAgentsLeave, phase.closeAgents());
      CapacitySnapshot beforeVisitorsLeave = recorder.snapshot();
      awaitDisconnects(beforeVisitorsLeave, phase.closeVisitors());
      CapacitySnapshot afterAll = recorder.snapshot();

      var capacity =
          CapacityFigures.of(
              new CapacityFigures.Inputs(
                  beforeVisitors.since(beforeAgents),
                  beforeLoad.since(beforeVisitors),
                  afterLoad.since(beforeLoad),
                  beforeVisitorsLeave.since(beforeAgentsLeave),
                  afterAll.since(beforeVisitorsLeave),
                  result,
                  naive.writes(),
                  naive.writeUnits(),
                  result.loadAndDrainSeconds() / (config.reaperInterval().toMillis() / 1000.0),
                  config.timeScale()));
      return new MainPhase(result, router, traffic.sentByAction(), traffic.receivedByType(), capacity);
    } finally {
      naive.close();
    }
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
    double floorP99 = floor.total().p99();
    double ratio = floorP99 == 0 ? 0 : Math.round(routedP99 / floorP99 * 100) / 100.0;
    CostFigures cost =
        new CostEstimate(
                new CostEstimate.Inputs(
                    main.capacity(),
                    main.messagesPerChat(),
                    mainSummary.heartbeatRoundTrip().p50(),
                    floor.total().p50(),
                    main.routingEventsPerInvocation(),
                    BenchConfig.AVAILABLE_SHARE))
            .figures(FLEETS);
    var targets =
        TargetChecks.of(
            new TargetChecks.Inputs(main.capacity(), cost, mainSummary, offers, peak, floor, ratio, init, violations.size()));
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
        floor,
        ratio,
        main.router(),
        main.framesSent(),
        main.framesReceived(),
        main.capacity(),
        cost,
        init,
        backlog,
        targets);
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
    return services.connections().ofUser(INIT_SITE, userId).stream()
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
