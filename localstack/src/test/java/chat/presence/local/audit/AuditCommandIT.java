package chat.presence.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.LocalRuntimeCli;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.model.routing.ChatState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code presence-local audit} and {@code GET /local/audit} against a runtime with one breach. */
class AuditCommandIT {
  private static final String SITE = LocalRuntimeExtension.uniqueSite();
  private static final String LINE = "ASSIGNED_NOT_HELD site=" + SITE + " chat=c1 agent=ann";
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.forAudits().build();
  private static final AuditDriver audit = new AuditDriver(runtime);

  @BeforeAll
  static void plantOneBreach() {
    audit.putChat(
        SITE, "c1", ChatState.ASSIGNED, Optional.of("ann"), Instant.now(), Optional.empty());
  }

  @Test
  void theCommandPrintsEachBreachAndTheSummaryAndExitsOne() {
    StringWriter out = new StringWriter();

    int exit =
        cli(out, new StringWriter())
            .execute("audit", "--port", Integer.toString(runtime.runtime().port()));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(LINE, "audit: 1 finding (ASSIGNED_NOT_HELD=1); 0 agents, 1 chats");
  }

  @Test
  void theEndpointAnswersTheFindingsAsJson() throws IOException, InterruptedException {
    URI uri = URI.create(runtime.runtime().httpUrl() + AuditEndpoint.PATH);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.path("clean").asBoolean()).isFalse();
    JsonNode finding = body.path("findings").get(0);
    assertThat(finding.path("kind").asText()).isEqualTo("ASSIGNED_NOT_HELD");
    assertThat(finding.path("ids").path("chat").asText()).isEqualTo("c1");
    assertThat(finding.path("line").asText()).isEqualTo(LINE);
  }

  @Test
  void theCommandExitsTwoWhenNoRuntimeAnswers() throws IOException {
    int unusedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      unusedPort = socket.getLocalPort();
    }
    StringWriter err = new StringWriter();

    int exit =
        cli(new StringWriter(), err).execute("audit", "--port", Integer.toString(unusedPort));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no audit from a local runtime on port " + unusedPort);
  }

  private static CommandLine cli(StringWriter out, StringWriter err) {
    return new CommandLine(new LocalRuntimeCli())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
  }
}
