package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Acting on an offer that is not yours answers {@code CONFLICT} and leaves every stored item as it
 * was. The offers here last a minute: with OffersIT's 2 s window the offer could expire between
 * the two snapshots on a loaded machine, and CI saw the comparison fail that way. The first
 * snapshot waits for the router to finish: it records the offer as announced after sending it, and
 * a CI run saw that write land between the snapshots.
 */
class OfferConflictIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.builder()
          .presence(Setting.OFFER_TIMEOUT, "60")
          .build();

  @Test
  void acceptingOrDecliningSomeoneElsesOfferIsAConflictAndChangesNothing() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient bob = runtime.agent(site, "bob", "away");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.offered", "c1");
      vic.awaitEvent("chat.queued", "c1");
      var before = runtime.settledState(site, Duration.ofMillis(300));

      JsonNode accepted = bob.request("acceptChat", Map.of("chatId", "c1"));
      JsonNode declined = bob.request("declineChat", Map.of("chatId", "c1"));

      assertThat(accepted.path("code").asText()).isEqualTo("CONFLICT");
      assertThat(declined.path("code").asText()).isEqualTo("CONFLICT");
      assertThat(runtime.storedState(site)).isEqualTo(before);
      assertThat(ann.request("acceptChat", Map.of("chatId", "c1")).path("type").asText()).isEqualTo("ack");
      assertThat(vic.awaitEvent("chat.assigned", "c1").path("agentId").asText()).isEqualTo("ann");
    }
  }
}
