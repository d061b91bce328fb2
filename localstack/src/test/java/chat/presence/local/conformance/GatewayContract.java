package chat.presence.local.conformance;

import static chat.presence.local.conformance.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.aws.ConnectionsGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of API Gateway's WebSocket connections and {@code @connections} API that the
 * handlers rely on, as one set of scenarios run against the fake ({@code FakeGateway}) and against
 * the local emulator ({@code WebSocketGateway}) it stands for: a difference between them fails one
 * of the two suites.
 */
abstract class GatewayContract {
  private static final String HEARTBEAT_GAP = "time between frames";

  private GatewayDriver driver;
  private ConnectionsGateway gateway;

  /** A fresh gateway for one scenario. */
  protected abstract GatewayDriver startGateway() throws Exception;

  @BeforeEach
  void startDriver() throws Exception {
    driver = startGateway();
    gateway = driver.gateway();
  }

  @AfterEach
  void stopDriver() {
    driver.close();
  }

  @Test
  void goneWhileTheHandshakeIsInProgressAndReachableOnceItCompletes() throws Exception {
    String id = driver.beginHeldHandshake();

    assertGone(id);
    gateway.close(id); // 410 too: closing a connection that is not open yet does nothing
    driver.advance(Duration.ofMillis(200));
    assertGone(id);

    driver.completeHandshake(id);

    assertThat(gateway.lastActiveAt(id))
        .as("lastActiveAt of a fresh connection is when it connected, not when $connect returned")
        .contains(driver.connectedAt(id));
    assertThat(gateway.send(id, "welcome")).isTrue();
    eventually(() -> assertThat(driver.received(id)).containsExactly("welcome"));
  }

  @Test
  void lastActiveAtIsTheConnectTimeUntilAFrameArrivesThenTheLatestFramesTime() throws Exception {
    String id = driver.open();
    Instant connectedAt = driver.connectedAt(id);
    assertThat(gateway.lastActiveAt(id)).contains(connectedAt);

    driver.advance(Duration.ofMillis(50));
    assertThat(gateway.lastActiveAt(id)).as("no frame yet").contains(connectedAt);

    Instant first = driver.clientFrame(id);
    assertThat(first).as(HEARTBEAT_GAP).isAfter(connectedAt);
    assertThat(gateway.lastActiveAt(id)).contains(first);

    driver.advance(Duration.ofMillis(50));
    Instant second = driver.clientFrame(id);
    assertThat(second).as(HEARTBEAT_GAP).isAfter(first);
    assertThat(gateway.lastActiveAt(id)).contains(second);

    driver.advance(Duration.ofMillis(50));
    assertThat(gateway.send(id, "to the client")).isTrue();
    assertThat(gateway.lastActiveAt(id))
        .as("only frames from the client count as activity")
        .contains(second);
  }

  @Test
  void postsAreDeliveredToTheClientInOrder() throws Exception {
    String id = driver.open();
    String other = driver.open();

    assertThat(gateway.send(id, "one")).isTrue();
    assertThat(gateway.send(id, "two")).isTrue();
    assertThat(gateway.send(other, "three")).isTrue();

    eventually(() -> assertThat(driver.received(id)).containsExactly("one", "two"));
    eventually(() -> assertThat(driver.received(other)).containsExactly("three"));
  }

  @Test
  void afterTheClientClosesTheConnectionIsGoneAndDisconnectIsInvokedOnce() throws Exception {
    String id = driver.open();
    String bystander = driver.open();

    driver.clientClose(id);

    eventually(() -> assertThat(driver.disconnects()).containsExactly(id));
    assertGone(id);
    gateway.close(id); // already gone: not an error, and no second $disconnect
    driver.settle();
    assertThat(driver.disconnects()).containsExactly(id);
    assertThat(gateway.lastActiveAt(bystander)).isPresent();
  }

  @Test
  void deleteConnectionClosesTheSocketAndInvokesDisconnectOnce() throws Exception {
    String id = driver.open();

    gateway.close(id);

    eventually(() -> assertThat(driver.closedByGateway(id)).isTrue());
    eventually(() -> assertThat(driver.disconnects()).containsExactly(id));
    assertGone(id);
    gateway.close(id);
    driver.settle();
    assertThat(driver.disconnects()).containsExactly(id);
  }

  @Test
  void aRefusedHandshakeIsNeverReachableAndGetsNoDisconnect() throws Exception {
    String refused = driver.refusedHandshake();

    assertGone(refused);
    gateway.close(refused);
    driver.settle();
    assertGone(refused);
    assertThat(driver.disconnects()).isEmpty();

    String accepted = driver.open();
    assertThat(accepted).isNotEqualTo(refused);
    assertThat(gateway.lastActiveAt(accepted)).isPresent();
  }

  @Test
  void aDroppedDisconnectIsNeverInvokedButTheConnectionStillCloses() throws Exception {
    String dropped = driver.open();
    String kept = driver.open();
    driver.dropDisconnect(dropped);

    driver.clientClose(dropped);
    driver.clientClose(kept);

    eventually(() -> assertThat(driver.disconnects()).containsExactly(kept));
    driver.settle();
    assertThat(driver.disconnects()).containsExactly(kept);
    assertGone(dropped);
  }

  @Test
  void connectionIdsAreNeverReused() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(driver.open());
    }
    driver.clientClose(ids.get(0));
    gateway.close(ids.get(1));
    ids.add(driver.refusedHandshake());
    for (int i = 0; i < 3; i++) {
      ids.add(driver.open());
    }

    Set<String> distinct = new HashSet<>(ids);
    assertThat(distinct).hasSize(ids.size());
    assertGone(ids.get(0));
    assertGone(ids.get(1));
  }

  @Test
  void theIdleTimeoutClosesASilentConnectionAndInvokesDisconnect() throws Exception {
    Duration idle = driver.idleTimeout();
    String talking = driver.open();
    String silent = driver.open();

    driver.advance(fraction(idle, 0.6));
    driver.clientFrame(talking);
    driver.advance(fraction(idle, 0.6));

    // 1.2 idle timeouts after connecting, 0.6 after its frame: the talking one is open.
    assertThat(gateway.lastActiveAt(talking)).isPresent();
    eventually(() -> assertThat(driver.disconnects()).containsExactly(silent));
    assertGone(silent);
    assertThat(driver.closedByGateway(silent)).isTrue();

    driver.advance(fraction(idle, 0.5));
    eventually(() -> assertThat(driver.disconnects()).containsExactly(silent, talking));
    assertGone(talking);
  }

  @Test
  void theMaximumAgeClosesEvenAnActiveConnection() throws Exception {
    Duration maxAge = driver.maxConnectionAge();
    Duration step = min(fraction(maxAge, 0.25), fraction(driver.idleTimeout(), 0.5));
    String id = driver.open();

    Duration elapsed = Duration.ZERO;
    while (elapsed.plus(step).compareTo(maxAge) < 0) {
      driver.advance(step);
      driver.clientFrame(id);
      elapsed = elapsed.plus(step);
    }
    assertThat(gateway.lastActiveAt(id)).as("active, and younger than its maximum age").isPresent();

    // Past the maximum age, well within the idle timeout since the last frame.
    driver.advance(maxAge.minus(elapsed).plus(fraction(step, 0.1)));
    eventually(() -> assertThat(driver.disconnects()).containsExactly(id));
    assertGone(id);
    assertThat(driver.closedByGateway(id)).isTrue();
  }

  private void assertGone(String id) {
    assertThat(gateway.send(id, "anyone there?"))
        .as("PostToConnection %s answers 410", id)
        .isFalse();
    assertThat(gateway.lastActiveAt(id))
        .as("GetConnection %s answers 410", id)
        .isEqualTo(Optional.empty());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration fraction(Duration duration, double factor) {
    return Duration.ofMillis(Math.round(duration.toMillis() * factor));
  }
}
