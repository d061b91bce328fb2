package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.routing.RoutingEventCodec;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A router pass drives a bounded number of chats and continues in another pass (issue 15: one
 * pass over a flooded queue must end inside the router's timeout). Here the bound is two chats.
 */
class BoundedPassesIT {
  private static final AtomicInteger continuations = new AtomicInteger();
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.builder()
          .routerListener(
              (batch, outcome) ->
                  batch.getRecords().stream()
                      .filter(record -> RoutingEventCodec.decode(record.getBody()) instanceof RoutingEvent.PassContinues)
                      .forEach(record -> continuations.incrementAndGet()))
          .presence(Setting.ROUTER_CHATS_PER_PASS, "2")
          .build();

  @Test
  void aQueueLongerThanOnePassIsServedWholeThroughContinuations() {
    String site = uniqueSite();
    List<WsClient> visitors = new ArrayList<>();
    try {
      for (int i = 1; i <= 7; i++) {
        WsClient visitor = runtime.visitor(site, "vic" + i);
        visitors.add(visitor);
        visitor.request("requestChat", Map.of("chatId", "c" + i));
        assertThat(visitor.awaitEvent("chat.queued", "c" + i).path("position").asInt()).isEqualTo(i);
      }
      int before = continuations.get();

      // One hint for the whole queue: the agent's arrival, available. Its pass takes two chats,
      // and each continuation two more.
      try (WsClient ann = runtime.agentOfGroups(site, "ann", 7)) {
        for (int i = 1; i <= 7; i++) {
          ann.awaitEvent("chat.assigned", "c" + i);
          assertThat(visitors.get(i - 1).awaitEvent("chat.assigned", "c" + i).path("agentId").asText())
              .isEqualTo("ann");
        }
        // Counted once their batches settle, which may be just after the last assignment arrived.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(continuations.get() - before)
                        .as("seven chats at two a pass: the first pass and three continuations")
                        .isGreaterThanOrEqualTo(3));
      }
    } finally {
      visitors.forEach(WsClient::close);
    }
  }
}
