package chat.presence.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.presence.local.DevTokens;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runtime as a user starts it, {@code java -jar presence-local.jar}, in a process group of its
 * own, and stopped as a terminal's Ctrl+C stops it: SIGINT to every process of the group.
 */
class RuntimeProcessIT {
  private static final Path JAR = Path.of("target", "presence-local.jar");
  private static final String SECRET = "runtime-process-it-secret-of-at-least-32-bytes";
  private static final String READY = "Stop with Ctrl+C.";
  private static final String STOPPING = "presence-local: shutting down";
  /** A terminal of 24 lines. */
  private static final int SCREEN_LINES = 24;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void theDefaultOutputIsTheBannerAndCtrlCDrainsTheGatewayBeforeTheEmulatorsStop() throws Exception {
    assumeTrue(
        Files.isRegularFile(Path.of("/usr/bin/setsid")) || Files.isRegularFile(Path.of("/bin/setsid")),
        "needs setsid to stand for a terminal's process group");
    int port = freePort();
    Path output = Files.createTempFile("presence-local", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                "setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put(Setting.JWT_SECRET.envName(), SECRET);
    // A reaper pass every half second: its metrics and summary lines would show at once.
    builder.environment().put(Setting.REAPER_INTERVAL.envName(), "0.5");
    Process runtime = builder.start();
    try {
      awaitLine(output, READY);
      String token =
          DevTokens.sign(SECRET, "site-process", "agent-1", "agent", Duration.ofMinutes(5), OptionalInt.empty());
      WsClient agent = WsClient.connect(URI.create("ws://localhost:" + port + "/"), token, "");
      agent.request("setStatus", Map.of("status", "available"));
      Thread.sleep(2000);
      List<String> beforeStop = Files.readAllLines(output, StandardCharsets.UTF_8);

      // setsid made the runtime the leader of its group: a negative pid is the whole group.
      new ProcessBuilder("kill", "-INT", "--", "-" + runtime.pid()).inheritIO().start().waitFor();

      assertThat(agent.awaitCloseCode()).as("the gateway closes the agent's socket going away").isEqualTo(1001);
      assertThat(runtime.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the runtime stops").isTrue();
      List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
      List<String> afterStop = all.subList(all.indexOf(STOPPING) + 1, all.size());

      assertThat(beforeStop).as("the output while running").hasSizeLessThanOrEqualTo(SCREEN_LINES);
      assertThat(beforeStop).anyMatch(line -> line.contains("local runtime: ready"));
      assertThat(beforeStop)
          .as("no INFO, metrics or framework lines by default")
          .noneMatch(line -> line.contains(" INFO ") || line.contains("CloudWatchMetrics") || line.contains("Javalin"));
      assertThat(all).contains(STOPPING);
      // Before the fix dynalite ended at once, by its own JVM shutdown hook and by the terminal's
      // SIGINT: the drain's $disconnect failed with a stack trace ("Connection refused"). Seen
      // failing so with either cause alone.
      assertThat(afterStop)
          .as("the drain's $disconnect reached a DynamoDB that was still there")
          .noneMatch(line -> line.contains("ERROR") || line.contains("WARN") || line.contains("Exception"));
    } finally {
      runtime.destroyForcibly();
      runtime.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      Files.deleteIfExists(output);
    }
  }

  private static void awaitLine(Path output, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readAllLines(output, StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + line + "' within " + PATIENCE + ":\n" + Files.readString(output));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
