package chat.presence.bench.scale;

import chat.presence.functions.audit.AuditReport;
import chat.presence.local.LocalRuntime;
import chat.presence.local.LocalSettings;
import chat.presence.local.audit.LocalAudit;
import chat.presence.model.settings.Setting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code presence-bench scale}: times reaper passes and audits over many live connections. The
 * connections are held by a {@link SocketHolder} process and kept alive with pings; once they are
 * older than the heartbeat timeout, every one of them is a connection the reaper asks the gateway
 * about, which is the reaper's heaviest pass.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Opens many agents' connections to a local runtime of its own (from a second process), keeps them"
          + " alive, then times reaper passes and audits over them and prints each figure and the median.",
      "Exit code 0 when every connection opened and no audit had a finding, 1 otherwise, 2 when the run could"
          + " not be made."
    })
public final class ScaleCommand implements Callable<Integer> {
  /** Short, so the run is short: every connection is older than this before the first timed pass. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration PING_INTERVAL = Duration.ofSeconds(5);
  /** The schedule stays out of the way: the run starts each timed pass itself. */
  private static final Duration REAPER_INTERVAL = Duration.ofHours(1);
  private static final Duration DISCONNECTS_PATIENCE = Duration.ofMinutes(3);

  @Option(names = "--agents", description = "agents, 100 a site (default: ${DEFAULT-VALUE})")
  private int agents = 2000;

  @Option(names = "--connections", description = "connections over all agents (default: ${DEFAULT-VALUE})")
  private int connections = 10_000;

  @Option(names = "--runs", description = "reaper passes and audits timed (default: ${DEFAULT-VALUE})")
  private int runs = 3;

  @Override
  public Integer call() throws Exception {
    if (agents < 1 || connections < agents || connections % agents != 0 || runs < 1) {
      System.err.println("scale: --connections must be a multiple of --agents, both and --runs positive");
      return 2;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String secret = "scale-" + UUID.randomUUID() + UUID.randomUUID();
    var settings =
        new LocalSettings(
            0,
            Optional.empty(),
            Optional.of(secret),
            Map.of(
                Setting.HEARTBEAT_TIMEOUT.envName(), Long.toString(HEARTBEAT_TIMEOUT.toSeconds()),
                Setting.HEARTBEAT_INTERVAL.envName(), Long.toString(PING_INTERVAL.toSeconds())),
            REAPER_INTERVAL,
            30,
            5, Optional.empty());
    double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    try (LocalRuntime runtime = LocalRuntime.start(settings)) {
      Process holder = startHolder(runtime, secret);
      var holderOutput =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String opened = holderOutput.readLine();
      if (opened == null) {
        System.err.println("scale: the socket holder ended before opening its connections");
        return 2;
      }
      System.out.println("connections: " + opened);
      // Every connection older than the heartbeat timeout: each one is asked about.
      Thread.sleep(HEARTBEAT_TIMEOUT.plusSeconds(2).toMillis());

      List<Duration> reaperTimes = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        var timed = timed(runtime::reapNow);
        reaperTimes.add(timed.took());
        System.out.printf(Locale.ROOT, "reaper pass %d: %s: %s%n", run, seconds(timed.took()), timed.result());
      }
      List<Duration> auditTimes = new ArrayList<>();
      int findings = 0;
      for (int run = 1; run <= runs; run++) {
        var timed = timed(() -> LocalAudit.run(runtime));
        AuditReport report = timed.result();
        auditTimes.add(timed.took());
        findings += report.findings().size();
        System.out.printf(
            Locale.ROOT,
            "audit %d: %s: %d agents, %d chats, %d findings%s%n",
            run,
            seconds(timed.took()),
            report.agents(),
            report.chats(),
            report.findings().size(),
            report.notices().isEmpty() ? "" : ", " + String.join("; ", report.notices()));
      }
      System.out.printf(
          Locale.ROOT,
          "median reaper pass %s, median audit %s (%d connections of %d agents; load average %.2f at start)%n",
          seconds(median(reaperTimes)),
          seconds(median(auditTimes)),
          connections,
          agents,
          loadAtStart);

      closeHolder(holder, holderOutput, runtime);
      boolean allOpened = opened.startsWith("opened " + connections + " failed 0 ");
      return allOpened && findings == 0 ? 0 : 1;
    }
  }

  private Process startHolder(LocalRuntime runtime, String secret) throws Exception {
    Path jar = Path.of(ScaleCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            jar.toString(),
            SocketHolder.class.getName(),
            runtime.webSocketUrl().toString(),
            secret,
            Integer.toString(agents),
            Integer.toString(connections / agents),
            Long.toString(PING_INTERVAL.toSeconds()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** Closes the connections at the holder's pace and waits for their $disconnects to be handled. */
  private static void closeHolder(Process holder, BufferedReader holderOutput, LocalRuntime runtime)
      throws IOException, InterruptedException {
    try (Writer in = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8)) {
      in.write("close\n");
    }
    String closed = holderOutput.readLine();
    System.out.println("connections: " + (closed == null ? "holder ended without closing" : closed));
    long deadline = System.nanoTime() + DISCONNECTS_PATIENCE.toNanos();
    while (runtime.gateway().openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    holder.waitFor();
  }

  private record Timed<T>(T result, Duration took) {}

  private static <T> Timed<T> timed(Supplier<T> work) {
    long started = System.nanoTime();
    T result = work.get();
    return new Timed<>(result, Duration.ofNanos(System.nanoTime() - started));
  }

  private static Duration median(List<Duration> times) {
    List<Duration> sorted = times.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }
}
