package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's HTTP side: its files, the development token, its timings, the on-call snapshot. */
class ConsoleEndpointsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.forConsole(Duration.ofSeconds(2)).build();

  @Test
  void servesThePageAndItsScripts() throws Exception {
    var page = get("/console");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("Presence console");

    var script = get("/console/sign-in.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
  }

  /** The console runs on the client package (client/src), which the build copies into the jar. */
  @Test
  void servesTheClientPackageButNotItsNodeEntry() throws Exception {
    var client = get("/console/client/index.js");
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(client.body()).contains("export { PresenceClient }");
    assertThat(get("/console/client/session.js").statusCode()).isEqualTo(200);
    // It imports `ws`, which a browser has not.
    assertThat(get("/console/client/node.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/client/..%2Fconsole.js").statusCode()).isEqualTo(404);
  }

  @Test
  void servesNothingButConsoleFiles() throws Exception {
    assertThat(get("/console/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/..%2Fchat%2Fpresence%2Flocal%2FLocalRuntime.class").statusCode()).isEqualTo(404);
    assertThat(get("/console/logback.xml").statusCode()).isEqualTo(404);
  }

  @Test
  void mintsATokenThatOpensAnAgentConnection() throws Exception {
    var minted = postJson("/local/dev-token", "{\"site\":\"s1\",\"sub\":\"ann\",\"role\":\"agent\"}");
    assertThat(minted.statusCode()).isEqualTo(200);
    String token = JSON.readTree(minted.body()).path("token").asText();

    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(URI.create(runtime.runtime().webSocketUrl() + "?token=" + token), new WebSocket.Listener() {})
            .get(10, TimeUnit.SECONDS);
    assertThat(runtime.records("s1", "ann")).hasSize(1);
    socket.abort();
  }

  @Test
  void refusesToMintForAnUnknownRoleOrFromANonJsonBody() throws Exception {
    assertThat(postJson("/local/dev-token", "{\"site\":\"s1\",\"sub\":\"ann\",\"role\":\"admin\"}").statusCode())
        .isEqualTo(400);
    assertThat(postJson("/local/dev-token", "{\"sub\":\"ann\",\"role\":\"agent\"}").statusCode()).isEqualTo(400);
    var form =
        HttpRequest.newBuilder(runtime.http("/local/dev-token"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"s1\",\"sub\":\"ann\",\"role\":\"agent\"}"))
            .build();
    assertThat(HTTP.send(form, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
  }

  @Test
  void configGivesTheHeartbeatIntervalAndAHandoverBeforeTheGatewaysAgeLimit() throws Exception {
    JsonNode config = JSON.readTree(get("/local/console-config").body());
    assertThat(config.path("heartbeatIntervalSeconds").asDouble()).isEqualTo(30.0);
    assertThat(config.path("maxConnectionAgeSeconds").asDouble()).isEqualTo(7200.0);
    assertThat(config.path("handoverAfterSeconds").asDouble()).isEqualTo(6900.0);
  }

  @Test
  void onCallSnapshotShowsEachConnectionWithTheAgeOfItsLastFrame() throws Exception {
    String site = uniqueSite();
    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create(runtime.runtime().webSocketUrl() + "?token=" + runtime.token(site, "ann", "agent") + "&status=away"),
                new WebSocket.Listener() {})
            .get(10, TimeUnit.SECONDS);
    String connectionId = runtime.records(site, "ann").get(0).connectionId();
    Thread.sleep(1200);

    JsonNode ann = agentRow(snapshot(), site, "ann");
    assertThat(ann.path("status").asText()).isEqualTo("away");
    assertThat(ann.path("connections")).hasSize(1);
    JsonNode connection = ann.path("connections").get(0);
    assertThat(connection.path("connectionId").asText()).isEqualTo(connectionId);
    assertThat(connection.path("state").asText()).isEqualTo("alive");
    assertThat(connection.path("lastFrameAgeSeconds").asDouble()).isBetween(1.0, 10.0);

    socket.sendText("{\"action\":\"heartbeat\"}", true).get(10, TimeUnit.SECONDS);
    Thread.sleep(200);
    assertThat(agentRow(snapshot(), site, "ann").path("connections").get(0).path("lastFrameAgeSeconds").asDouble())
        .isLessThan(1.0);
    socket.abort();
  }

  @Test
  void onCallSnapshotCountsTheDeadLetterQueue() throws Exception {
    long before = snapshot().path("deadLetterQueue").path("waiting").asLong();
    runtime
        .runtime()
        .sqs()
        .client()
        .sendMessage(
            r ->
                r.queueUrl(runtime.runtime().queues().deadLetterUrl())
                    .messageBody("poison")
                    .messageGroupId("console-test")
                    .messageDeduplicationId("console-test-poison"));
    assertThat(snapshot().path("deadLetterQueue").path("waiting").asLong()).isEqualTo(before + 1);
    assertThat(snapshot().path("routingQueue").has("waiting")).isTrue();
  }

  private static JsonNode snapshot() throws Exception {
    var response = get("/local/oncall");
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode agentRow(JsonNode snapshot, String site, String agentId) {
    for (JsonNode agent : snapshot.path("agents")) {
      if (site.equals(agent.path("siteId").asText()) && agentId.equals(agent.path("agentId").asText())) {
        return agent;
      }
    }
    throw new AssertionError("no row for " + agentId + " of " + site + " in " + snapshot);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(runtime.http(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(String path, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(runtime.http(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
