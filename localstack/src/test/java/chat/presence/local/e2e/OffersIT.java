package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Offers with an accept timeout (contract v2), on the local runtime with a 2 s timeout: accepted,
 * declined, expired (withdrawn, offered to another, the agent unresponsive without any change of
 * its status), and the conflicts.
 */
class OffersIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.builder()
          .presence(Setting.OFFER_TIMEOUT, "2")
          .build();

  @Test
  void anAcceptedOfferIsAssignedAndAnnouncedToBothSides() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.queued", "c1");
      JsonNode offer = ann.awaitEvent("chat.offered", "c1");
      assertThat(offer.path("visitorId").asText()).isEqualTo("vic");
      assertThat(Instant.parse(offer.path("expiresAt").asText())).isAfter(Instant.now());
      assertThat(ann.request("getChats").path("chats").get(0).path("state").asText()).isEqualTo("offered");

      JsonNode ack = ann.request("acceptChat", Map.of("chatId", "c1"));

      assertThat(ack.path("type").asText()).isEqualTo("ack");
      assertThat(vic.awaitEvent("chat.assigned", "c1").path("agentId").asText()).isEqualTo("ann");
      ann.awaitEvent("chat.assigned", "c1");
      assertThat(ann.request("getChats").path("chats").get(0).path("state").asText()).isEqualTo("assigned");
      WsClient.heartbeatFor(Duration.ofSeconds(3), ann, vic);
      assertThat(ann.events("chat.offerWithdrawn")).isEmpty();
    }
  }

  @Test
  void aDeclinedOfferGoesToTheNextAgentAndNeverBack() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient bob = runtime.agent(site, "bob");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.offered", "c1");

      assertThat(ann.request("declineChat", Map.of("chatId", "c1")).path("type").asText()).isEqualTo("ack");
      bob.awaitEvent("chat.offered", "c1");
      bob.request("declineChat", Map.of("chatId", "c1"));

      WsClient.heartbeatFor(Duration.ofSeconds(3), ann, bob, vic);
      assertThat(ann.events("chat.offered")).hasSize(1);
      assertThat(bob.events("chat.offered")).hasSize(1);
      JsonNode waiting = vic.request("getChats").path("chats").get(0);
      assertThat(waiting.path("state").asText()).isEqualTo("queued");
      assertThat(ann.presence()).containsEntry("ann", "available").containsEntry("bob", "available");
    }
  }

  @Test
  void anExpiredOfferGoesToAnotherAgentAtOnceAndLeavesItsAgentUnresponsiveWithItsStatusUnchanged() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient bob = runtime.agent(site, "bob");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      JsonNode offer = ann.awaitEvent("chat.offered", "c1");
      Instant expiresAt = Instant.parse(offer.path("expiresAt").asText());

      ann.awaitEvent("chat.offerWithdrawn", "c1");
      bob.awaitEvent("chat.offered", "c1");
      Duration late = Duration.between(expiresAt, Instant.now());
      assertThat(late).as("re-offered after the expiry by").isLessThan(Duration.ofMillis(2500));

      JsonNode annPresence = presenceOf(bob, "ann");
      assertThat(annPresence.path("status").asText()).isEqualTo("available");
      assertThat(annPresence.path("unresponsive").asBoolean()).isTrue();
      JsonNode explained = bob.request("explain", Map.of("agentId", "ann"));
      JsonNode last = explained.path("timeline").get(explained.path("timeline").size() - 1);
      assertThat(last.path("reason").asText()).isEqualTo("offer_timeout");
      assertThat(last.path("status").asText()).isEqualTo("available");

      WsClient.heartbeatFor(Duration.ofSeconds(1), ann);
      assertThat(presenceOf(bob, "ann").path("unresponsive").asBoolean()).as("heartbeats do not clear it").isTrue();
      ann.request("setStatus", Map.of("status", "available"));
      assertThat(presenceOf(bob, "ann").path("unresponsive").asBoolean()).isFalse();
    }
  }

  @Test
  void acceptingOrDecliningAnExpiredOfferIsAConflict() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.offered", "c1");
      ann.awaitEvent("chat.offerWithdrawn", "c1");

      JsonNode expired = ann.request("acceptChat", Map.of("chatId", "c1"));

      assertThat(expired.path("code").asText()).isEqualTo("CONFLICT");
      assertThat(ann.request("declineChat", Map.of("chatId", "c1")).path("code").asText()).isEqualTo("CONFLICT");
      assertThat(vic.events("chat.assigned")).isEmpty();
    }
  }

  private static JsonNode presenceOf(WsClient client, String agentId) {
    for (JsonNode agent : client.request("getPresence").path("agents")) {
      if (agent.path("agentId").asText().equals(agentId)) {
        return agent;
      }
    }
    throw new AssertionError("no " + agentId + " in getPresence");
  }
}
