package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a waiting visitor learns (contract v2): its place in the queue, told again whenever it
 * changes but at most once every two seconds, and the site's availability with an estimate from
 * recent waits.
 */
class QueuePositionsIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void eachWaitingVisitorIsToldItsPlaceAndEachChangeAtMostEveryTwoSeconds() {
    String site = uniqueSite();
    try (WsClient vic1 = runtime.visitor(site, "vic1");
        WsClient vic2 = runtime.visitor(site, "vic2");
        WsClient vic3 = runtime.visitor(site, "vic3")) {
      vic1.request("requestChat", Map.of("chatId", "c1"));
      assertThat(vic1.awaitEvent("chat.queued", "c1").path("position").asInt()).isEqualTo(1);
      vic2.request("requestChat", Map.of("chatId", "c2"));
      assertThat(vic2.awaitEvent("chat.queued", "c2").path("position").asInt()).isEqualTo(2);
      vic3.request("requestChat", Map.of("chatId", "c3"));
      JsonNode third = vic3.awaitEvent("chat.queued", "c3");
      assertThat(third.path("position").asInt()).isEqualTo(3);

      try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1)) {
        ann.awaitEvent("chat.assigned", "c1");
        JsonNode moved = vic3.awaitFrame(f -> f.path("type").asText().equals("chat.queued") && f.path("position").asInt() == 2);
        assertThat(vic2.awaitFrame(f -> f.path("type").asText().equals("chat.queued") && f.path("position").asInt() == 1))
            .isNotNull();

        assertThat(Duration.between(vic3.receivedAt(third), vic3.receivedAt(moved)))
            .as("the second place is told no sooner than two seconds after the first")
            .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
        JsonNode place = vic3.request("getChats").path("chats").get(0);
        assertThat(place.path("state").asText()).isEqualTo("queued");
        assertThat(place.path("position").asInt()).isEqualTo(2);
        assertThat(vic1.events("chat.queued")).hasSize(1);
      }
    }
  }

  @Test
  void askingAgainForAQueuedChatAnswersItsPlace() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      val.request("requestChat", Map.of("chatId", "c2"));
      val.awaitEvent("chat.queued", "c2");

      val.request("requestChat", Map.of("chatId", "c2"));

      // The place follows the acknowledgement.
      await().atMost(Duration.ofSeconds(10)).until(() -> val.events("chat.queued").size() >= 2);
      List<JsonNode> told = val.events("chat.queued");
      assertThat(told).hasSize(2).allSatisfy(event -> assertThat(event.path("position").asInt()).isEqualTo(2));
    }
  }

  @Test
  void availabilityCountsEligibleAgentsAndWaitingChatsAndEstimatesFromRecentWaits() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic")) {
      assertThat(availability(vic)).isEqualTo("0 agents, 0 waiting, estimate null");
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.queued", "c1");
      assertThat(availability(vic)).isEqualTo("0 agents, 1 waiting, estimate null");
      WsClient.heartbeatFor(Duration.ofMillis(1500), vic);

      try (WsClient ann = runtime.agent(site, "ann")) {
        ann.awaitEvent("chat.assigned", "c1");
        assertThat(availability(vic)).as("a free agent: no wait").isEqualTo("1 agents, 0 waiting, estimate 0");

        ann.request("setStatus", Map.of("status", "away"));
        JsonNode answer = vic.request("getAvailability", Map.of("group", "billing"));
        assertThat(answer.path("agentsAvailable").asInt()).isZero();
        assertThat(answer.path("estimatedWaitSeconds").asLong())
            .as("the one recent wait, about 1.5 s, rounded up")
            .isBetween(2L, 10L);
      }
    }
  }

  private static String availability(WsClient visitor) {
    JsonNode answer = visitor.request("getAvailability");
    assertThat(answer.path("type").asText()).isEqualTo("availability");
    return answer.path("agentsAvailable").asInt()
        + " agents, "
        + answer.path("queued").asInt()
        + " waiting, estimate "
        + (answer.path("estimatedWaitSeconds").isNull() ? "null" : answer.path("estimatedWaitSeconds").asText());
  }
}
