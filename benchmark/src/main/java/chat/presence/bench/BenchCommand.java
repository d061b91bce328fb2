package chat.presence.bench;

import chat.presence.bench.init.InitJvm;
import chat.presence.bench.init.InitTable;
import chat.presence.bench.init.InitTimings;
import chat.presence.bench.report.BenchReport;
import chat.presence.bench.report.OfferSummary;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code presence-bench bench [options]}: load simulation and benchmark against a local runtime. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs simulated agents and visitors against a local runtime of its own, checks every invariant on what"
          + " they observe, measures latency against the storage floor, throughput, DynamoDB capacity, cost"
          + " and handler init, and writes a Markdown and a JSON report. With --offer-timeout the runtime"
          + " offers chats and the agents accept, decline or never answer; each offer is checked too.",
      "Exit code 0 when no invariant was violated, 1 when one was, 2 when the run could not be made."
    })
public final class BenchCommand implements Callable<Integer> {
  private static final BenchConfig DEFAULTS = BenchConfig.defaults();

  @Spec private CommandSpec spec;

  @Option(names = "--agents", description = "simulated agents in the main phase (default: ${DEFAULT-VALUE})")
  private int agents = DEFAULTS.agents();

  @Option(names = "--sites", description = "sites the agents are spread over (default: ${DEFAULT-VALUE})")
  private int sites = DEFAULTS.sites();

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "how long the main phase's load runs, e.g. 60s, 2m (default: 60s)")
  private Duration duration = DEFAULTS.duration();

  @Option(names = "--chat-rate", description = "chats requested per second over all sites (default: ${DEFAULT-VALUE})")
  private double chatRate = DEFAULTS.chatRate();

  @Option(
      names = "--heartbeat-interval",
      converter = DurationConverter.class,
      description =
          "the clients' heartbeat interval in the run; production's 30 s divided by it is the time scale of"
              + " the timeouts, grace and reaper (default: 5s)")
  private Duration heartbeatInterval = DEFAULTS.heartbeatInterval();

  @Option(
      names = "--status-changes",
      description = "status changes per agent and minute of run (default: ${DEFAULT-VALUE})")
  private double statusChangesPerMinute = DEFAULTS.statusChangesPerMinute();

  @Option(
      names = "--chat-hold",
      converter = DurationConverter.class,
      description = "mean time a chat lasts before its visitor or agent ends it (default: 4s)")
  private Duration chatHold = DEFAULTS.chatHold();

  @Option(names = "--max-chats", description = "each agent's capacity (default: ${DEFAULT-VALUE})")
  private int maxChats = DEFAULTS.maxChats();

  @Option(names = "--max-connections", description = "connections per agent: 1 to this (default: ${DEFAULT-VALUE})")
  private int maxConnections = DEFAULTS.maxConnections();

  @Option(names = "--visitors-per-site", description = "visitor connections per site (default: ${DEFAULT-VALUE})")
  private int visitorsPerSite = DEFAULTS.visitorsPerSite();

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "chats requested this early are checked but left out of latency (default: 5s)")
  private Duration warmup = DEFAULTS.warmup();

  @Option(
      names = "--peak-duration",
      converter = DurationConverter.class,
      description = "length of the single-site peak phase; 0 skips it (default: 10s)")
  private Duration peakDuration = DEFAULTS.peakDuration();

  @Option(names = "--peak-rate", description = "chats per second offered to the peak phase's site (default: ${DEFAULT-VALUE})")
  private double peakRate = DEFAULTS.peakRate();

  @Option(names = "--peak-agents", description = "agents of the peak phase's site (default: ${DEFAULT-VALUE})")
  private int peakAgents = DEFAULTS.peakAgents();

  @Option(names = "--peak-max-chats", description = "capacity of each peak agent (default: ${DEFAULT-VALUE})")
  private int peakMaxChats = DEFAULTS.peakMaxChats();

  @Option(names = "--floor-samples", description = "assignments timed for the floor (default: ${DEFAULT-VALUE})")
  private int floorSamples = DEFAULTS.floorSamples();

  @Option(
      names = "--router-alone-chats",
      description =
          "chats pre-filled into one site's queue for the router to drain alone (its writes per chat and rate,"
              + " against the emulator's write ceiling); 0 skips (default: ${DEFAULT-VALUE})")
  private int routerAloneChats = DEFAULTS.routerAloneChats();

  @Option(names = "--init-runs", description = "fresh JVMs per handler for init timing; 0 skips (default: ${DEFAULT-VALUE})")
  private int initRuns = DEFAULTS.initRuns();

  @Option(
      names = "--init-only",
      description =
          "only time the handlers' init (fresh JVMs, --init-runs each) on an idle local runtime, and print a"
              + " table; no load, no report files")
  private boolean initOnly;

  @Option(
      names = "--init-java",
      description = "the java executable of the init probes (default: the one running the benchmark)")
  private Path initJava = DEFAULTS.initJvm().java();

  @Option(
      names = "--init-jvm-flags",
      description =
          "the init probes' JVM flags, space-separated; {handler} stands for the handler's simple name, e.g."
              + " -XX:SharedArchiveFile=cds/{handler}.jsa (default: the deployed JAVA_TOOL_OPTIONS,"
              + " ${DEFAULT-VALUE})")
  private String initJvmFlags = String.join(" ", DEFAULTS.initJvm().flags());

  @Option(
      names = "--offer-timeout",
      converter = DurationConverter.class,
      description =
          "offer each chat with this accept timeout instead of assigning it, e.g. 10s (run time, not scaled);"
              + " 0 assigns directly (default: 0)")
  private Duration offerTimeout = DEFAULTS.offerTimeout();

  @Option(
      names = "--never-accept",
      description =
          "with offers, the share of agents that never answer one, e.g. 0.1; the others answer after a think"
              + " time (default: ${DEFAULT-VALUE})")
  private double neverAcceptShare = DEFAULTS.neverAcceptShare();

  @Option(
      names = "--decline-share",
      description = "with offers, the share of offers the answering agents decline (default: ${DEFAULT-VALUE})")
  private double declineShare = DEFAULTS.declineShare();

  @Option(names = "--lambda-jar", description = "the deployable jar (default: ${DEFAULT-VALUE})")
  private Path lambdaJar = DEFAULTS.lambdaJar();

  @Option(names = "--out", description = "folder for the reports (default: ${DEFAULT-VALUE})")
  private Path resultsDir = DEFAULTS.resultsDir();

  @Option(names = "--verbose", description = "keep the runtime's INFO logs")
  private boolean verbose;

  @Override
  public Integer call() {
    if (!verbose) {
      // Read when the first logger is made, which is after this: the runtime's logs would hide progress.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      if (!initOnly) {
        // The handlers log at INFO, slf4j-simple's default, as deployed: the run measures their log volume,
        // and its meter keeps those lines off the screen.
        System.setProperty("org.slf4j.simpleLogger.log.chat.presence.functions", "info");
        System.setProperty("org.slf4j.simpleLogger.log.metrics", "info");
      }
    }
    BenchConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    }
    if (initOnly) {
      return initOnly(config);
    }
    String command = "java -jar presence-bench.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    Benchmark.Outcome outcome;
    try {
      outcome = Benchmark.run(config, System.out, System.console() != null, command.strip());
    } catch (Exception e) {
      System.err.println("bench: could not run: " + e);
      return 2;
    } finally {
      System.out.flush();
    }
    printSummary(outcome);
    return outcome.report().passed() ? 0 : 1;
  }

  private BenchConfig config() {
    return new BenchConfig(
        agents,
        sites,
        duration,
        chatRate,
        heartbeatInterval,
        statusChangesPerMinute,
        chatHold,
        maxChats,
        maxConnections,
        visitorsPerSite,
        warmup,
        peakDuration,
        peakRate,
        peakAgents,
        peakMaxChats,
        floorSamples,
        routerAloneChats,
        initRuns,
        new InitJvm(initJava, initJvmFlags.isBlank() ? List.of() : List.of(initJvmFlags.strip().split("\\s+"))),
        offerTimeout,
        neverAcceptShare,
        declineShare,
        lambdaJar,
        resultsDir);
  }

  private static int initOnly(BenchConfig config) {
    if (config.initRuns() == 0) {
      System.err.println("bench: --init-only needs --init-runs of at least 1");
      return 2;
    }
    String startedAt = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    double loadAtStart = loadAverage();
    InitTimings init;
    try {
      init = Benchmark.runInitOnly(config, System.out, System.console() != null);
    } catch (RuntimeException e) {
      System.err.println("bench: could not run: " + e);
      return 2;
    }
    System.out.println();
    System.out.print(InitTable.markdown(init, startedAt, new double[] {loadAtStart, loadAverage()}));
    boolean allRan = init.skipped() == null && init.handlers().stream().allMatch(h -> h.failure() == null);
    return allRan ? 0 : 1;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void printSummary(Benchmark.Outcome outcome) {
    BenchReport r = outcome.report();
    System.out.printf(
        Locale.ROOT,
        "%nbench: %s, %d violations, %.0f s%n",
        r.passed() ? "PASSED" : "FAILED",
        r.violations().size(),
        r.run().wallSeconds());
    r.violations().stream().limit(20).forEach(v -> System.out.println("  " + v));
    OfferSummary o = r.offers();
    if (o != null) {
      System.out.printf(
          Locale.ROOT,
          "  offers %d: %d accepted, %d declined, %d expired (withdrawn; %d to agents that never answer);"
              + " %d of %d chats re-offered; %d agents made unresponsive (%d times)%n",
          o.offers(),
          o.accepted(),
          o.declined(),
          o.withdrawn(),
          o.withdrawnFromNeverAccepting(),
          o.chatsReOffered(),
          o.chatsOffered(),
          o.agentsUnresponsive(),
          o.unresponsiveEntries());
      System.out.printf(
          Locale.ROOT,
          "  accept latency (chat.offered to chat.assigned, think time included) p50 %.0f ms, p99 %.0f ms;"
              + " acceptChat to chat.assigned p50 %.1f ms, p99 %.1f ms%n",
          o.acceptLatency().p50(),
          o.acceptLatency().p99(),
          o.acceptRoundTrip().p50(),
          o.acceptRoundTrip().p99());
    }
    System.out.printf(
        Locale.ROOT,
        "  %s p99 %.1f ms, full-path floor p99 %.1f ms (same load), ratio %.2f; storage floor p99 %.1f ms; %.1f chats/s"
            + " in the main phase%s%n",
        o == null ? "assign (direct)" : "first offer",
        o == null ? r.main().assignDirect().p99() : o.firstOffer().p99(),
        r.fullPath().total().p99(),
        r.assignToFullPathP99(),
        r.floor().total().p99(),
        r.main().throughputTotal(),
        r.peak() == null ? "" : String.format(Locale.ROOT, ", %.1f chats/s for one site at peak", r.peak().throughputTotal()));
    if (r.routerAlone() != null) {
      var a = r.routerAlone();
      System.out.printf(
          Locale.ROOT,
          "  router alone: %d of %d chats in %.2f s = %.1f chats/s; %.2f writes per chat; write ceiling %.0f/s; %.0f%% of"
              + " ceiling / writes per chat%n",
          a.routing().assigned(),
          a.routing().chats(),
          a.routing().seconds(),
          a.routing().chatsPerSecond(),
          a.writesPerChat(),
          a.ceiling().writesPerSecond(),
          a.rateShare() * 100);
    }
    r.targets().forEach(t -> System.out.printf("  %s %s: %s%n", t.met() ? "met    " : "NOT met", t.target(), t.measured()));
    System.out.println("  report  " + outcome.files().markdown());
    System.out.println("  data    " + outcome.files().json());
  }

  /** {@code 500ms}, {@code 60s}, {@code 2m}, or a plain number of seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        return seconds(v.substring(0, v.length() - 1));
      } else if (v.endsWith("m")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
      }
      return seconds(v);
    }

    private static Duration seconds(String number) {
      return Duration.ofMillis(Math.round(Double.parseDouble(number) * 1000));
    }
  }
}
