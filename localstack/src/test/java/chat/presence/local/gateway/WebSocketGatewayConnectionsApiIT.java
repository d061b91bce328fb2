package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

class WebSocketGatewayConnectionsApiIT {
  private final GatewayFixture fixture = new GatewayFixture();
  private final ApiGatewayManagementApiClient api = fixture.managementApi();

  @AfterEach
  void stopGateway() {
    fixture.close();
  }

  @Test
  void postToConnectionReachesTheClient() throws Exception {
    WsClient client = fixture.connect();

    post(fixture.connectionIdOf(client), "{\"type\":\"ack\"}");

    assertThat(client.nextMessage()).isEqualTo("{\"type\":\"ack\"}");
  }

  @Test
  void getConnectionReportsConnectedAtAndALastActiveAtThatAdvancesWhenTheClientSends()
      throws Exception {
    WsClient client = fixture.connect();
    long connectedAt = fixture.connect.lastEvent().getRequestContext().getConnectedAt();

    GetConnectionResponse before = getConnection(fixture.connectionIdOf(client));
    Thread.sleep(20);
    client.sendRaw("{\"action\":\"heartbeat\"}");
    await().until(() -> fixture.heartbeat.events().size() == 1);
    GetConnectionResponse after = getConnection(fixture.connectionIdOf(client));

    assertThat(before.connectedAt()).isEqualTo(Instant.ofEpochMilli(connectedAt));
    assertThat(before.lastActiveAt()).isEqualTo(before.connectedAt());
    assertThat(before.identity().sourceIp()).isNotBlank();
    assertThat(after.connectedAt()).isEqualTo(before.connectedAt());
    assertThat(after.lastActiveAt()).isAfter(before.lastActiveAt());
  }

  @Test
  void deleteConnectionClosesTheSocketAndInvokesDisconnectOnce() throws Exception {
    WsClient client = fixture.connect();

    api.deleteConnection(r -> r.connectionId(fixture.connectionIdOf(client)));

    assertThat(client.awaitCloseCode()).isEqualTo(1000);
    await().until(() -> fixture.disconnect.events().size() == 1);
    await().during(Duration.ofMillis(300)).until(() -> fixture.disconnect.events().size() == 1);
    assertThat(fixture.disconnect.lastEvent().getRequestContext().getConnectionId())
        .isEqualTo(fixture.connectionIdOf(client));
  }

  @Test
  void postToAClosedConnectionIsGone() throws Exception {
    WsClient client = fixture.connect();
    client.close(1000, "bye");
    await().until(() -> fixture.disconnect.events().size() == 1);

    assertThatThrownBy(() -> post(fixture.connectionIdOf(client), "late"))
        .isInstanceOfSatisfying(
            GoneException.class, gone -> assertThat(gone.statusCode()).isEqualTo(410));
  }

  @Test
  void postLargerThanTheFrameLimitIsRefused() throws Exception {
    WsClient client = fixture.connect();
    String tooLarge = "x".repeat(GatewayConfig.API_GATEWAY_MAX_FRAME_BYTES + 1);

    assertThatThrownBy(() -> post(fixture.connectionIdOf(client), tooLarge))
        .isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void connectionsApiAnswersUnderTheStagePath() throws Exception {
    WsClient client = fixture.connect();
    var stageApi = fixture.managementApi(fixture.gateway.connectionsEndpoint().resolve("/local"));

    stageApi.postToConnection(
        r -> r.connectionId(fixture.connectionIdOf(client)).data(SdkBytes.fromUtf8String("hi")));

    assertThat(client.nextMessage()).isEqualTo("hi");
    assertThat(stageApi.getConnection(r -> r.connectionId(fixture.connectionIdOf(client))).connectedAt())
        .isNotNull();
  }

  private void post(String connectionId, String text) {
    api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(text)));
  }

  private GetConnectionResponse getConnection(String connectionId) {
    return api.getConnection(r -> r.connectionId(connectionId));
  }
}
