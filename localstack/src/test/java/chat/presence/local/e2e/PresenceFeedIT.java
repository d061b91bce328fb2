package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live presence (contract v2, "Supervisors and live presence") on the local runtime: {@code
 * subscribePresence}, the pushed {@code presence.changed} with its version, {@code
 * unsubscribePresence}, and {@code getPresence} agreeing with what was pushed.
 */
class PresenceFeedIT {
  private static final Duration QUIET = Duration.ofSeconds(1);

  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void aSubscriberHearsEveryChangeOfAnAgentWithGrowingVersionsAndTheWholeView() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 2);
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic")) {
      assertThat(sam.request("subscribePresence").path("type").asText()).isEqualTo("ack");

      ann.request("setStatus", Map.of("status", "away"));
      JsonNode away = sam.awaitFrame(change("ann", v -> v.path("status").asText().equals("away")));
      ann.request("setStatus", Map.of("status", "available"));
      JsonNode back = sam.awaitFrame(change("ann", v -> v.path("status").asText().equals("available")));
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      JsonNode busy = sam.awaitFrame(change("ann", v -> v.path("activeChats").asInt() == 1));

      assertThat(away.path("activeChats").asInt()).isZero();
      assertThat(away.path("maxChats").asInt()).isEqualTo(2);
      assertThat(away.path("unresponsive").asBoolean()).isFalse();
      assertThat(busy.path("status").asText()).isEqualTo("available");
      assertThat(busy.path("maxChats").asInt()).isEqualTo(2);
      assertThat(busy.path("unresponsive").asBoolean()).isFalse();
      List<Long> versions = sam.events("presence.changed").stream().map(f -> f.path("version").asLong()).toList();
      assertThat(versions).isSorted().doesNotHaveDuplicates();
      assertThat(away.path("version").asLong())
          .isLessThan(back.path("version").asLong())
          .isGreaterThan(0);
      assertThat(back.path("version").asLong()).isLessThan(busy.path("version").asLong());
      assertThat(ann.events("presence.changed")).as("ann never subscribed").isEmpty();
    }
  }

  @Test
  void nothingArrivesAfterUnsubscribingOrDisconnectingNorOnAnotherSite() {
    String site = uniqueSite();
    String otherSite = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient bob = runtime.agent(site, "bob", "available");
        WsClient oli = runtime.supervisor(otherSite, "oli")) {
      sam.request("subscribePresence");
      bob.request("subscribePresence");
      oli.request("subscribePresence");
      ann.request("setStatus", Map.of("status", "away"));
      sam.awaitFrame(change("ann", v -> v.path("status").asText().equals("away")));
      bob.awaitFrame(change("ann", v -> v.path("status").asText().equals("away")));

      assertThat(sam.request("unsubscribePresence").path("type").asText()).isEqualTo("ack");
      int heardBySam = sam.events("presence.changed").size();
      bob.close();
      ann.request("setStatus", Map.of("status", "available"));
      WsClient.heartbeatFor(QUIET, ann, sam, oli);

      assertThat(sam.events("presence.changed")).hasSize(heardBySam);
      assertThat(runtime.presenceSubscribers(site)).as("bob's subscription ended with its connection").isEmpty();
      assertThat(oli.events("presence.changed")).isEmpty();
      assertThat(ann.presence()).containsEntry("ann", "available");
    }
  }

  @Test
  void aVisitorMayNotSubscribeAndGetPresenceAgreesWithTheLastPushedView() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic")) {
      var before = runtime.settledState(site, Duration.ofMillis(300));

      JsonNode refused = vic.request("subscribePresence");

      assertThat(refused.path("type").asText()).isEqualTo("error");
      assertThat(refused.path("code").asText()).isEqualTo("FORBIDDEN");
      assertThat(runtime.storedState(site)).isEqualTo(before);
      assertThat(runtime.presenceSubscribers(site)).isEmpty();

      sam.request("subscribePresence");
      ann.request("setStatus", Map.of("status", "away"));
      JsonNode pushed = sam.awaitFrame(change("ann", v -> v.path("status").asText().equals("away")));
      JsonNode listed = sam.request("getPresence").path("agents").get(0);

      assertThat(vic.events("presence.changed")).isEmpty();
      assertThat(listed.path("agentId").asText()).isEqualTo("ann");
      for (String field : List.of("status", "activeChats", "maxChats", "unresponsive", "version")) {
        assertThat(listed.path(field)).as(field).isEqualTo(pushed.path(field));
      }
    }
  }

  private static Predicate<JsonNode> change(String agentId, Predicate<JsonNode> view) {
    return frame ->
        frame.path("type").asText().equals("presence.changed")
            && frame.path("agentId").asText().equals(agentId)
            && view.test(frame);
  }
}
