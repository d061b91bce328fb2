package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link GatewayFaults#holdHandshakes}: the window in which the backend has a connection id from
 * {@code $connect} but {@code @connections} answers 410 for it, as API Gateway does while {@code
 * $connect} is still running.
 */
class WebSocketGatewayHandshakeHoldIT {
  private final GatewayFixture fixture = new GatewayFixture();
  private final ApiGatewayManagementApiClient api = fixture.managementApi();
  private final GatewayFaults faults = fixture.gateway.faults();

  @AfterEach
  void stopGateway() {
    fixture.close();
  }

  @Test
  void connectionIsGoneWhileItsHandshakeIsHeldAndReachableOnceReleased() throws Exception {
    faults.holdHandshakes(Duration.ofSeconds(30));

    CompletableFuture<WsClient> opening = openAsync();
    String id = awaitConnectEvent(1);

    assertThat(opening).isNotDone();
    assertGone(id);
    // Still gone a while later: the hold, not a race, keeps it unreachable.
    Thread.sleep(200);
    assertGone(id);
    assertThat(opening).isNotDone();

    fixture.gateway.faults().holdHandshakes(Duration.ZERO);
    WsClient client = opening.get(5, TimeUnit.SECONDS);

    post(id, "welcome");
    assertThat(client.nextMessage()).isEqualTo("welcome");
    long connectedAt = fixture.connect.lastEvent().getRequestContext().getConnectedAt();
    assertThat(api.getConnection(r -> r.connectionId(id)).lastActiveAt())
        .isEqualTo(Instant.ofEpochMilli(connectedAt));
  }

  @Test
  void aHoldEndsByItselfAfterItsDuration() throws Exception {
    Duration hold = Duration.ofMillis(400);
    faults.holdHandshakes(hold);
    assertThat(faults.handshakeHold()).isEqualTo(hold);

    long started = System.nanoTime();
    CompletableFuture<WsClient> opening = openAsync();
    String id = awaitConnectEvent(1);
    assertGone(id);

    WsClient client = opening.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(hold);
    assertThat(api.getConnection(r -> r.connectionId(id)).connectedAt()).isNotNull();
    post(id, "hi");
    assertThat(client.nextMessage()).isEqualTo("hi");
  }

  @Test
  void afterHoldingStopsNewHandshakesAreReachableAtOnce() throws Exception {
    faults.holdHandshakes(Duration.ofSeconds(30));
    faults.holdHandshakes(Duration.ZERO);

    WsClient client = fixture.connect();

    assertThat(api.getConnection(r -> r.connectionId(fixture.connectionIdOf(client))).connectedAt())
        .isNotNull();
  }

  @Test
  void refusedHandshakesAreNotHeld() {
    faults.holdHandshakes(Duration.ofSeconds(30));
    fixture.connect.answer(403);

    long started = System.nanoTime();
    assertThatThrownBy(() -> WsClient.openSilent(fixture.gateway.webSocketUrl()))
        .isInstanceOf(CompletionException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(fixture.disconnect.events()).isEmpty();
  }

  @Test
  void stoppingTheGatewayRefusesAHeldHandshake() throws Exception {
    faults.holdHandshakes(Duration.ofSeconds(30));
    CompletableFuture<WsClient> opening = openAsync();
    awaitConnectEvent(1);

    fixture.gateway.stop();

    assertThatThrownBy(() -> opening.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(fixture.disconnect.events()).isEmpty();
  }

  private CompletableFuture<WsClient> openAsync() {
    return CompletableFuture.supplyAsync(() -> WsClient.openSilent(fixture.gateway.webSocketUrl()));
  }

  private String awaitConnectEvent(int count) {
    await().until(() -> fixture.connect.events().size() == count);
    return fixture.connect.lastEvent().getRequestContext().getConnectionId();
  }

  private void assertGone(String id) {
    assertThatThrownBy(() -> api.getConnection(r -> r.connectionId(id)))
        .isInstanceOfSatisfying(
            GoneException.class, gone -> assertThat(gone.statusCode()).isEqualTo(410));
    assertThatThrownBy(() -> post(id, "too early"))
        .isInstanceOfSatisfying(
            GoneException.class, gone -> assertThat(gone.statusCode()).isEqualTo(410));
  }

  private void post(String id, String text) {
    api.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String(text)));
  }
}
