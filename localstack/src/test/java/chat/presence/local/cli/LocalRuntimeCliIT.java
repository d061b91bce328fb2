package chat.presence.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.auth.TokenVerifier;
import chat.presence.local.LocalRuntimeCli;
import chat.presence.local.LocalSettings;
import chat.presence.model.routing.RoutingSettings;
import chat.presence.model.settings.Setting;
import chat.presence.model.wire.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line a developer meets first: a clear error for a taken port, and tokens. */
class LocalRuntimeCliIT {
  @Test
  void takenPortIsReportedPlainlyWithExitCode2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream original = System.err;
      int exit;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        exit =
            new CommandLine(new LocalRuntimeCli())
                .execute("--port", Integer.toString(taken.getLocalPort()));
      } finally {
        System.setErr(original);
      }
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("port " + taken.getLocalPort() + " is already in use")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  /** The routing settings reached the handlers only in tests until the environment passed them. */
  @Test
  void routingSettingsFromTheEnvironmentReachTheHandlers() {
    var settings =
        LocalSettings.fromEnvironment(
            Map.of(
                Setting.OFFER_TIMEOUT.envName(), "15",
                Setting.MAX_QUEUE_WAIT.envName(), "300",
                Setting.VISITOR_RETURN.envName(), "90",
                Setting.GROUP_OVERFLOW.envName(), "45",
                Setting.STICKY_WAIT.envName(), "20"));

    assertThat(RoutingSettings.fromEnvironment(settings.presence()))
        .isEqualTo(
            new RoutingSettings(
                Duration.ofSeconds(15),
                Duration.ofSeconds(300),
                Duration.ofSeconds(90),
                Duration.ofSeconds(45),
                Duration.ofSeconds(20)));
  }

  @Test
  void tokenCommandPrintsATokenTheRuntimeAccepts() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new LocalRuntimeCli())
              .execute("token", "--site", "demo", "--sub", "ann", "--role", "agent", "--max-chats", "4");
    } finally {
      System.setOut(original);
    }
    assertThat(exit).isZero();
    var identity =
        TokenVerifier.hs256(LocalSettings.fromEnvironment(System.getenv()).effectiveJwtSecret(), 3)
            .verify(Optional.of(out.toString(StandardCharsets.UTF_8).trim()))
            .identity()
            .orElseThrow();
    assertThat(identity.siteId()).isEqualTo("demo");
    assertThat(identity.userId()).isEqualTo("ann");
    assertThat(identity.role()).isEqualTo(Role.AGENT);
    assertThat(identity.maxChats()).isEqualTo(4);
  }

  /**
   * With a configured secret (perhaps a deployed stage's key) the command signs nothing. Seen
   * printing a token signed with that secret before it refused.
   */
  @Test
  void tokenCommandRefusesWhenASecretIsConfigured() throws Exception {
    ProcessBuilder command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalRuntimeCli.class.getName(),
                "token",
                "--site",
                "demo",
                "--sub",
                "ann",
                "--role",
                "agent")
            .redirectErrorStream(true);
    command.environment().put(Setting.JWT_SECRET.envName(), "a-deployed-stage-secret-of-32-bytes-or-more");
    Process process = command.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).isEqualTo(2);
    assertThat(output).contains(Setting.JWT_SECRET.envName() + " is set").doesNotContain("eyJ");
  }
}
