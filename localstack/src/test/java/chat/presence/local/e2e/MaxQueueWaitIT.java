package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PRESENCE_MAX_QUEUE_WAIT_SECONDS} (contract v2), at 2 s on the local runtime. */
class MaxQueueWaitIT {
  private static final Duration MAX_WAIT = Duration.ofSeconds(2);
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.builder()
          .presence(Setting.MAX_QUEUE_WAIT, MAX_WAIT)
          .build();

  @Test
  void aChatQueuedLongerThanTheMaximumEndsByTimeoutAndIsNeverAssignedAfterwards() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      JsonNode queued = vic.awaitEvent("chat.queued", "c1");

      JsonNode ended = vic.awaitEvent("chat.ended", "c1");

      assertThat(ended.path("by").asText()).isEqualTo("timeout");
      Duration waited = Duration.between(vic.receivedAt(queued), vic.receivedAt(ended));
      assertThat(waited).isBetween(MAX_WAIT.minusMillis(500), MAX_WAIT.plusSeconds(3));
      try (WsClient ann = runtime.agent(site, "ann")) {
        WsClient.heartbeatFor(Duration.ofSeconds(2), ann, vic);
        assertThat(ann.events("chat.assigned")).isEmpty();
        assertThat(vic.request("getChats").path("chats")).isEmpty();
        assertThat(vic.request("requestChat", Map.of("chatId", "c1")).path("type").asText()).isEqualTo("ack");
        // The chat's state follows the acknowledgement.
        await().atMost(Duration.ofSeconds(10)).until(() -> vic.events("chat.ended").size() >= 2);
        assertThat(vic.events("chat.ended")).hasSize(2).allSatisfy(e -> assertThat(e.path("by").asText()).isEqualTo("timeout"));
      }
    }
  }

  @Test
  void aChatAssignedWithinTheMaximumIsNotEnded() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.assigned", "c1");

      WsClient.heartbeatFor(MAX_WAIT.plusSeconds(2), ann, vic);

      assertThat(vic.events("chat.ended")).isEmpty();
      assertThat(ann.request("getChats").path("chats").get(0).path("state").asText()).isEqualTo("assigned");
    }
  }
}
