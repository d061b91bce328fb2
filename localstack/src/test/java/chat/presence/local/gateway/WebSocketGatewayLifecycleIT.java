package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.WsClient;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

class WebSocketGatewayLifecycleIT {
  private static final GatewayConfig DEFAULTS = GatewayConfig.onPort(0);

  private GatewayFixture fixture;

  @AfterEach
  void stopGateway() {
    fixture.close();
  }

  @Test
  void clientCloseInvokesDisconnectOnceWithTheSameConnectionId() throws Exception {
    fixture = new GatewayFixture(DEFAULTS);
    WsClient client = fixture.connect();

    client.close(4000, "tab closed");

    await().until(() -> fixture.disconnect.events().size() == 1);
    await().during(Duration.ofMillis(300)).until(() -> fixture.disconnect.events().size() == 1);
    var context = disconnectContext(fixture.disconnect.lastEvent());
    assertThat(context.getConnectionId()).isEqualTo(fixture.connectionIdOf(client));
    assertThat(context.getRouteKey()).isEqualTo("$disconnect");
    assertThat(context.getEventType()).isEqualTo("DISCONNECT");
    assertThat(context.getDisconnectStatusCode()).isEqualTo(4000);
    assertThat(context.getDisconnectReason()).isEqualTo("tab closed");
  }

  @Test
  void idleConnectionIsClosedWithGoingAway() throws Exception {
    fixture = new GatewayFixture(DEFAULTS.withIdleTimeout(Duration.ofMillis(500)));
    WsClient client = fixture.connect();

    assertThat(client.awaitCloseCode()).isEqualTo(1001);
    await().until(() -> fixture.disconnect.events().size() == 1);
    assertThat(disconnectContext(fixture.disconnect.lastEvent()).getDisconnectStatusCode())
        .isEqualTo(1001);
  }

  @Test
  void framesFromTheClientKeepItPastTheIdleTimeout() throws Exception {
    fixture = new GatewayFixture(DEFAULTS.withIdleTimeout(Duration.ofSeconds(1)));
    WsClient client = fixture.connect();

    try (var heartbeats = heartbeatsEvery(Duration.ofMillis(100), client)) {
      Thread.sleep(2500);
    }

    assertThat(client.isClosed()).isFalse();
    assertThat(fixture.disconnect.events()).isEmpty();
  }

  @Test
  void connectionIsClosedAtItsMaximumAgeEvenWhileActive() throws Exception {
    fixture = new GatewayFixture(DEFAULTS.withMaxConnectionAge(Duration.ofSeconds(1)));
    WsClient client = fixture.connect();

    try (var heartbeats = heartbeatsEvery(Duration.ofMillis(100), client)) {
      assertThat(client.awaitCloseCode()).isEqualTo(1001);
    }
    await().until(() -> fixture.disconnect.events().size() == 1);
  }

  @Test
  void stopInvokesDisconnectForEveryOpenConnectionBeforeReturning() throws Exception {
    fixture = new GatewayFixture(DEFAULTS);
    fixture.disconnect.doing(event -> sleepMillis(200));
    WsClient first = fixture.connect();
    WsClient second = fixture.connect();

    fixture.gateway.stop();

    assertThat(fixture.disconnect.events())
        .extracting(event -> event.getRequestContext().getConnectionId())
        .containsExactlyInAnyOrder(fixture.connectionIdOf(first), fixture.connectionIdOf(second));
    assertThat(first.awaitCloseCode()).isEqualTo(1001);
  }

  @Test
  void droppedDisconnectIsNeverInvokedThoughTheConnectionCloses() throws Exception {
    fixture = new GatewayFixture(DEFAULTS);
    WsClient client = fixture.connect();
    var api = fixture.managementApi();
    // The client sees the handshake complete a moment before the gateway has registered the socket.
    await().until(() -> fixture.gateway.faults().dropDisconnect(fixture.connectionIdOf(client)));

    client.close(1000, "bye");

    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () -> api.getConnection(r -> r.connectionId(fixture.connectionIdOf(client))))
                    .isInstanceOf(GoneException.class));
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> fixture.disconnect.events().isEmpty());
  }

  @Test
  void expiredConnectionIsClosedAsAtItsMaximumAge() throws Exception {
    fixture = new GatewayFixture(DEFAULTS);
    WsClient client = fixture.connect();

    // The client sees the handshake complete a moment before the gateway has registered the socket.
    await().until(() -> fixture.gateway.faults().expireConnection(fixture.connectionIdOf(client)));

    assertThat(client.awaitCloseCode()).isEqualTo(1001);
    await().until(() -> fixture.disconnect.events().size() == 1);
    assertThat(disconnectContext(fixture.disconnect.lastEvent()).getDisconnectReason())
        .isEqualTo("Going away");
  }

  private static DisconnectRequestContext disconnectContext(APIGatewayV2WebSocketEvent event) {
    return (DisconnectRequestContext) event.getRequestContext();
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends heartbeats from the client until closed. */
  private static AutoCloseable heartbeatsEvery(Duration period, WsClient client) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.scheduleAtFixedRate(
        () -> client.sendRaw("{\"action\":\"heartbeat\"}"),
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return timer::shutdownNow;
  }
}
