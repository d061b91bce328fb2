package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One visitor's token cannot flood a site: it holds at most {@code
 * PRESENCE_MAX_OPEN_CHATS_PER_VISITOR} (3) chats that have not ended, and a flood of requests from
 * it leaves other sites answering as usual. Seen failing before the limit: the fourth request was
 * acknowledged and queued like the others.
 */
class FloodIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.builder()
          .presence(Setting.MAX_OPEN_CHATS_PER_VISITOR, "3")
          .build();

  @Test
  void aVisitorsFourthOpenChatIsRateLimitedAndStoresNothing() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic");
        WsClient otherTab = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      for (String chatId : List.of("c1", "c2", "c3")) {
        assertThat(vic.request("requestChat", Map.of("chatId", chatId)).path("type").asText()).isEqualTo("ack");
      }

      JsonNode fourth = otherTab.request("requestChat", Map.of("chatId", "c4"));

      assertThat(fourth.path("type").asText()).isEqualTo("error");
      assertThat(fourth.path("code").asText()).isEqualTo("RATE_LIMITED");
      assertThat(runtime.runtime().services().chats().get(site, "c4")).isEmpty();
      // Asking again for a chat it holds is not a new chat; another visitor is not limited by vic.
      assertThat(vic.request("requestChat", Map.of("chatId", "c2")).path("type").asText()).isEqualTo("ack");
      assertThat(val.request("requestChat", Map.of("chatId", "c5")).path("type").asText()).isEqualTo("ack");

      // Once one of them has ended, a new one is admitted.
      assertThat(vic.request("endChat", Map.of("chatId", "c1")).path("type").asText()).isEqualTo("ack");
      assertThat(otherTab.request("requestChat", Map.of("chatId", "c4")).path("type").asText()).isEqualTo("ack");
      assertThat(runtime.runtime().services().chats().get(site, "c4")).isPresent();
    }
  }

  @Test
  void anotherSiteIsServedAsUsualWhileOneVisitorFloodsItsSite() throws Exception {
    String flooded = uniqueSite();
    String calm = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(calm, "ann", 20)) {
      Duration before = assignmentTime(calm, "before");
      List<WsClient> tabs = new ArrayList<>();
      List<Thread> flood = new ArrayList<>();
      try {
        for (int tab = 0; tab < 4; tab++) {
          WsClient socket = runtime.visitor(flooded, "mallory");
          tabs.add(socket);
          int first = tab * 1_000;
          Thread sender =
              new Thread(
                  () -> {
                    for (int i = first; i < first + 100; i++) {
                      socket.sendRaw("{\"action\":\"requestChat\",\"chatId\":\"f" + i + "\",\"requestId\":\"f" + i + "\"}");
                    }
                  });
          flood.add(sender);
          sender.start();
        }
        Duration during = assignmentTime(calm, "during");

        // "Its normal latency", on a shared machine: within a few times the time measured just
        // before, and never near the minute the unlimited flood took.
        assertThat(during).isLessThan(before.multipliedBy(5).plusSeconds(2));
      } finally {
        for (Thread sender : flood) {
          sender.join();
        }
        tabs.forEach(WsClient::close);
      }
      assertThat(runtime.runtime().services().chats().pending(flooded, Instant.now()))
          .as("the flooding visitor's chats still waiting")
          .hasSizeLessThanOrEqualTo(3);
    }
  }

  /** From an honest visitor's request to its chat.assigned, on the calm site. */
  private static Duration assignmentTime(String site, String visitorId) {
    try (WsClient visitor = runtime.visitor(site, visitorId)) {
      Instant asked = Instant.now();
      visitor.request("requestChat", Map.of("chatId", visitorId));
      JsonNode assigned = visitor.awaitEvent("chat.assigned", visitorId);
      return Duration.between(asked, visitor.receivedAt(assigned));
    }
  }
}
