package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
    TestClient client = fixture.connect();

    post(client.connectionId(), "{\"type\":\"ack\"}");

    assertThat(client.nextMessage()).isEqualTo("{\"type\":\"ack\"}");
  }

  @Test
  void getConnectionReportsConnectedAtAndALastActiveAtThatAdvancesWhenTheClientSends()
      throws Exception {
    TestClient client = fixture.connect();
    long connectedAt = fixture.connect.lastEvent().getRequestContext().getConnectedAt();

    GetConnectionResponse before = getConnection(client.connectionId());
    Thread.sleep(20);
    client.send("{\"action\":\"heartbeat\"}");
    await().until(() -> fixture.heartbeat.events().size() == 1);
    GetConnectionResponse after = getConnection(client.connectionId());

    assertThat(before.connectedAt()).isEqualTo(Instant.ofEpochMilli(connectedAt));
    assertThat(before.lastActiveAt()).isEqualTo(before.connectedAt());
    assertThat(before.identity().sourceIp()).isNotBlank();
    assertThat(after.connectedAt()).isEqualTo(before.connectedAt());
    assertThat(after.lastActiveAt()).isAfter(before.lastActiveAt());
  }

  @Test
  void deleteConnectionClosesTheSocketAndInvokesDisconnectOnce() throws Exception {
    TestClient client = fixture.connect();

    api.deleteConnection(r -> r.connectionId(client.connectionId()));

    assertThat(client.awaitClosedByGateway()).isEqualTo(1000);
    await().until(() -> fixture.disconnect.events().size() == 1);
    await().during(Duration.ofMillis(300)).until(() -> fixture.disconnect.events().size() == 1);
    assertThat(fixture.disconnect.lastEvent().getRequestContext().getConnectionId())
        .isEqualTo(client.connectionId());
  }

  @Test
  void postToAClosedConnectionIsGone() throws Exception {
    TestClient client = fixture.connect();
    client.close(1000, "bye");
    await().until(() -> fixture.disconnect.events().size() == 1);

    assertThatThrownBy(() -> post(client.connectionId(), "late"))
        .isInstanceOfSatisfying(
            GoneException.class, gone -> assertThat(gone.statusCode()).isEqualTo(410));
  }

  @Test
  void postLargerThanTheFrameLimitIsRefused() throws Exception {
    TestClient client = fixture.connect();
    String tooLarge = "x".repeat(GatewayConfig.API_GATEWAY_MAX_FRAME_BYTES + 1);

    assertThatThrownBy(() -> post(client.connectionId(), tooLarge))
        .isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void connectionsApiAnswersUnderTheStagePath() throws Exception {
    TestClient client = fixture.connect();
    var stageApi = fixture.managementApi(fixture.gateway.connectionsEndpoint().resolve("/local"));

    stageApi.postToConnection(
        r -> r.connectionId(client.connectionId()).data(SdkBytes.fromUtf8String("hi")));

    assertThat(client.nextMessage()).isEqualTo("hi");
    assertThat(stageApi.getConnection(r -> r.connectionId(client.connectionId())).connectedAt())
        .isNotNull();
  }

  private void post(String connectionId, String text) {
    api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(text)));
  }

  private GetConnectionResponse getConnection(String connectionId) {
    return api.getConnection(r -> r.connectionId(connectionId));
  }
}
