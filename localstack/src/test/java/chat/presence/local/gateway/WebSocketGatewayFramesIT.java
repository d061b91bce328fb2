package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.WsClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketGatewayFramesIT {
  private final GatewayFixture fixture = new GatewayFixture();

  @AfterEach
  void stopGateway() {
    fixture.close();
  }

  @Test
  void frameIsRoutedByItsActionField() throws Exception {
    WsClient client = fixture.connect();
    String body = "{\"action\":\"heartbeat\",\"requestId\":\"r1\"}";

    client.sendRaw(body);

    await().until(() -> fixture.heartbeat.events().size() == 1);
    var event = fixture.heartbeat.lastEvent();
    var context = event.getRequestContext();
    assertThat(event.getBody()).isEqualTo(body);
    assertThat(event.isIsBase64Encoded()).isFalse();
    assertThat(context.getRouteKey()).isEqualTo("heartbeat");
    assertThat(context.getEventType()).isEqualTo("MESSAGE");
    assertThat(context.getMessageId()).isNotBlank();
    assertThat(context.getConnectionId()).isEqualTo(fixture.connectionIdOf(client));
    assertThat(context.getStage()).isEqualTo("local");
    assertThat(fixture.defaultRoute.events()).isEmpty();
  }

  @Test
  void framesWithoutARegisteredActionGoToDefault() throws Exception {
    WsClient client = fixture.connect();
    List<String> bodies =
        List.of(
            "{\"action\":\"noSuchAction\"}",
            "not json",
            "[\"heartbeat\"]",
            "{\"action\":7}",
            "{\"action\":\"$disconnect\"}",
            "{\"action\":\"heartbeat\"} trailing");

    bodies.forEach(client::sendRaw);

    await().until(() -> fixture.defaultRoute.events().size() == bodies.size());
    assertThat(fixture.defaultRoute.bodies()).isEqualTo(bodies);
    assertThat(fixture.defaultRoute.events())
        .allSatisfy(
            event -> assertThat(event.getRequestContext().getRouteKey()).isEqualTo("$default"));
    assertThat(fixture.heartbeat.events()).isEmpty();
    assertThat(fixture.disconnect.events()).isEmpty();
  }

  @Test
  void frameForAMockRouteIsActivityAndInvokesNothing() throws Exception {
    WsClient client = fixture.connect();
    var api = fixture.managementApi();
    Instant connectedAt = api.getConnection(r -> r.connectionId(fixture.connectionIdOf(client))).lastActiveAt();
    Thread.sleep(20);

    client.sendRaw("{\"action\":\"ping\"}");
    client.sendRaw("{\"action\":\"heartbeat\"}");

    // Frames of a connection are handled in order: once the heartbeat is in, the ping was seen.
    await().until(() -> fixture.heartbeat.events().size() == 1);
    assertThat(fixture.defaultRoute.events()).isEmpty();
    assertThat(api.getConnection(r -> r.connectionId(fixture.connectionIdOf(client))).lastActiveAt())
        .isAfter(connectedAt);
  }

  @Test
  void framesOfOneConnectionReachTheHandlerInArrivalOrder() throws Exception {
    fixture.defaultRoute.doing(event -> sleepMillis(ThreadLocalRandom.current().nextInt(5)));
    WsClient client = fixture.connect();
    List<String> bodies = IntStream.range(0, 40).mapToObj(i -> "frame " + i).toList();

    bodies.forEach(client::sendRaw);

    await().until(() -> fixture.defaultRoute.events().size() == bodies.size());
    assertThat(fixture.defaultRoute.bodies()).isEqualTo(bodies);
  }

  @Test
  void framesOfDifferentConnectionsAreHandledInParallel() throws Exception {
    var released = new CountDownLatch(1);
    fixture.defaultRoute.doing(
        event -> {
          if (event.getBody().equals("release")) {
            released.countDown();
          } else if (!awaitLatch(released)) {
            throw new AssertionError("the other connection's frame was not handled meanwhile");
          }
        });
    WsClient waiting = fixture.connect();
    WsClient releasing = fixture.connect();

    waiting.sendRaw("wait");
    releasing.sendRaw("release");

    await().until(() -> fixture.defaultRoute.bodies().contains("wait"));
  }

  @Test
  void frameOf100KiBReachesTheHandler() throws Exception {
    WsClient client = fixture.connect();
    String body = "{\"action\":\"heartbeat\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}";

    client.sendRaw(body);

    await().until(() -> fixture.heartbeat.events().size() == 1);
    assertThat(fixture.heartbeat.lastEvent().getBody()).isEqualTo(body);
    assertThat(client.isClosed()).isFalse();
  }

  private static boolean awaitLatch(CountDownLatch latch) {
    try {
      return latch.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
