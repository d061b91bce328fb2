package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.HEARTBEAT_TIMEOUT;
import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract's {@code ping}: it keeps a connection live exactly as {@code heartbeat} does, and
 * nothing answers it. A client that stops pinging is dropped as a silent heartbeat client is.
 */
class PingIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void agentThatOnlyPingsStaysOnlinePastTheHeartbeatTimeoutAndHearsNothingBack() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer");
        WsClient ann = runtime.agent(site, "ann", "available")) {
      ann.keepAliveWithPing();
      String connectionId = onlyConnection(site, "ann");

      long until = System.nanoTime() + HEARTBEAT_TIMEOUT.multipliedBy(3).toNanos();
      while (System.nanoTime() < until) {
        assertThat(observer.presence()).containsEntry("ann", "available");
        sleep(250);
      }

      assertThat(ann.isClosed()).isFalse();
      assertThat(onlyConnection(site, "ann")).isEqualTo(connectionId);
      Instant lastActiveAt = runtime.runtime().services().gateway().lastActiveAt(connectionId).orElseThrow();
      assertThat(Duration.between(lastActiveAt, Instant.now())).isLessThan(Duration.ofSeconds(2));
      assertThat(reasons(observer.request("explain", Map.of("agentId", "ann"))))
          .containsExactly("available/connect");
      assertThat(ann.received()).isEmpty();
    }
  }

  @Test
  void agentThatStopsPingingIsDroppedForSilenceAsBefore() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer")) {
      WsClient ann = runtime.agent(site, "ann", "available");
      ann.keepAliveWithPing();
      sleep(HEARTBEAT_TIMEOUT.toMillis());
      ann.silence();
      long silentFrom = System.nanoTime();

      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "offline".equals(observer.presence().get("ann")));

      assertThat(Duration.ofNanos(System.nanoTime() - silentFrom))
          .isGreaterThanOrEqualTo(HEARTBEAT_TIMEOUT.minus(WsClient.HEARTBEAT_INTERVAL));
      // The timeline is written by the reaper's pass that finds the agent offline, after the drop.
      await()
          .atMost(WsClient.WAIT)
          .untilAsserted(
              () ->
                  assertThat(reasons(observer.request("explain", Map.of("agentId", "ann"))))
                      .containsExactly("available/connect", "offline/heartbeat_timeout"));
      await().atMost(WsClient.WAIT).until(ann::isClosed);
      assertThat(ann.received()).isEmpty();
    }
  }

  private static List<String> reasons(JsonNode explained) {
    return StreamSupport.stream(explained.path("timeline").spliterator(), false)
        .map(e -> e.path("status").asText() + "/" + e.path("reason").asText())
        .toList();
  }

  private static String onlyConnection(String site, String user) {
    List<ConnectionRecord> connections = runtime.records(site, user);
    assertThat(connections).hasSize(1);
    return connections.get(0).connectionId();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
