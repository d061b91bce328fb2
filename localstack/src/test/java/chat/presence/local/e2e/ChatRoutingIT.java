package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.presence.AgentState;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Chats requested by visitors, routed through the SQS FIFO queue to agents, end to end. */
class ChatRoutingIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void chatReachesTheOnlyAvailableAgentAndItsVisitor() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      JsonNode ack = vic.request("requestChat", Map.of("chatId", "c1"));
      assertThat(ack.path("type").asText()).isEqualTo("ack");
      assertThat(ack.path("chatId").asText()).isEqualTo("c1");

      JsonNode assigned = ann.awaitEvent("chat.assigned", "c1");
      assertThat(assigned.path("agentId").asText()).isEqualTo("ann");
      assertThat(assigned.path("visitorId").asText()).isEqualTo("vic");
      assertThat(assigned.path("siteId").asText()).isEqualTo(site);
      assertThat(vic.awaitEvent("chat.assigned", "c1").path("agentId").asText()).isEqualTo("ann");
    }
  }

  @Test
  void chatIdIsGeneratedWhenAbsent() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      String chatId = vic.request("requestChat").path("chatId").asText();
      assertThat(chatId).isNotBlank();
      ann.awaitEvent("chat.assigned", chatId);
    }
  }

  @Test
  void loadSpreadsToFewestChatsThenLongestWaiting() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient bob = runtime.agent(site, "bob");
        WsClient vic = runtime.visitor(site, "vic")) {
      List<String> owners = new java.util.ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        String chatId = "c" + i;
        vic.request("requestChat", Map.of("chatId", chatId));
        owners.add(vic.awaitEvent("chat.assigned", chatId).path("agentId").asText());
      }
      assertThat(owners).containsExactly("ann", "bob", "ann", "bob");
    }
  }

  @Test
  void agentWhoSetAwayGetsNoChatUntilAvailableAgain() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      ann.request("setStatus", Map.of("status", "away"));
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.queued", "c1");
      assertThat(ann.events("chat.assigned")).isEmpty();

      ann.request("setStatus", Map.of("status", "available"));
      ann.awaitEvent("chat.assigned", "c1");
      vic.awaitEvent("chat.assigned", "c1");
    }
  }

  @Test
  void capacityIsNeverExceededAndQueuedChatsDrainInRequestOrder() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 2);
        WsClient vic = runtime.visitor(site, "vic")) {
      for (int i = 1; i <= 4; i++) {
        vic.request("requestChat", Map.of("chatId", "c" + i));
      }
      ann.awaitEvent("chat.assigned", "c1");
      ann.awaitEvent("chat.assigned", "c2");
      vic.awaitEvent("chat.queued", "c3");
      vic.awaitEvent("chat.queued", "c4");
      assertThat(ann.events("chat.assigned")).hasSize(2);

      assertThat(ann.request("endChat", Map.of("chatId", "c1")).path("type").asText()).isEqualTo("ack");
      vic.awaitEvent("chat.ended", "c1");
      ann.awaitEvent("chat.assigned", "c3");
      assertThat(ann.events("chat.assigned")).hasSize(3);
      assertThat(agent(site, "ann").activeChats()).containsExactlyInAnyOrder("c2", "c3");

      vic.request("endChat", Map.of("chatId", "c2"));
      ann.awaitEvent("chat.ended", "c2");
      ann.awaitEvent("chat.assigned", "c4");
      assertThat(agent(site, "ann").activeChats()).containsExactlyInAnyOrder("c3", "c4");
    }
  }

  @Test
  void duplicateRequestChatAssignsOnceAndAnswersTheCurrentState() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      JsonNode again = vic.request("requestChat", Map.of("chatId", "c1"));
      assertThat(again.path("chatId").asText()).isEqualTo("c1");
      await().until(() -> vic.events("chat.assigned").size() == 2);
      settle(ann, vic);
      assertThat(ann.events("chat.assigned")).hasSize(1);
      assertThat(agent(site, "ann").activeChats()).containsExactly("c1");
    }
  }

  @Test
  void routingEventRedeliveredAfterTheDeduplicationWindowAssignsOnce() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      runtime.sendRoutingEvent(new RoutingEvent.ChatRequested(site, "c1"));
      settle(ann, vic);
      assertThat(ann.events("chat.assigned")).hasSize(1);
      assertThat(agent(site, "ann").activeChats()).containsExactly("c1");
    }
  }

  @Test
  void chatsOfAnAgentWhoWentOfflineAreReroutedToAnother() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic")) {
      WsClient ann = runtime.agent(site, "ann");
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob")) {
        ann.close();
        JsonNode reassigned = bob.awaitEvent("chat.assigned", "c1");
        assertThat(reassigned.path("agentId").asText()).isEqualTo("bob");
        await().until(() -> vic.events("chat.assigned").size() == 2);
        assertThat(vic.events("chat.assigned").get(1).path("agentId").asText()).isEqualTo("bob");
        assertThat(agent(site, "ann").activeChats()).isEmpty();
        assertThat(agent(site, "bob").activeChats()).containsExactly("c1");
      }
    }
  }

  @Test
  void routerFailingAfterTheFirstAssignmentLosesNothingAndAssignsNothingTwice() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient bob = runtime.agent(site, "bob");
        WsClient vic = runtime.visitor(site, "vic")) {
      runtime
          .runtime()
          .dynamoFaults()
          .failNext(
              1,
              request ->
                  request instanceof UpdateItemRequest update
                      && update.tableName().equals("chats")
                      && update.updateExpression().contains("assignedAgentVersion = :version"),
              () -> new IllegalStateException("injected: router died after assigning"));
      vic.request("requestChat", Map.of("chatId", "c1"));
      JsonNode assigned = vic.awaitEvent("chat.assigned", "c1");
      assertThat(runtime.runtime().dynamoFaults().injected()).isEqualTo(1);
      String owner = assigned.path("agentId").asText();
      settle(ann, bob, vic);
      assertThat(vic.events("chat.assigned")).hasSize(1);
      assertThat(agent(site, owner).activeChats()).containsExactly("c1");
      String other = owner.equals("ann") ? "bob" : "ann";
      assertThat(agent(site, other).activeChats()).isEmpty();
      assertThat(runtime.runtime().services().chats().get(site, "c1").orElseThrow().state())
          .isEqualTo(ChatState.ASSIGNED);
    }
  }

  @Test
  void endingSomeoneElsesChatIsForbiddenAndAnUnknownChatNotFound() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic");
        WsClient eve = runtime.visitor(site, "eve")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob")) {
        var before = runtime.settledState(site, Duration.ofMillis(300));
        assertThat(bob.request("endChat", Map.of("chatId", "c1")).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(eve.request("endChat", Map.of("chatId", "c1")).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(eve.request("endChat", Map.of("chatId", "nope")).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(runtime.storedState(site)).isEqualTo(before);
      }
    }
  }

  @Test
  void visitorOfOneSiteNeverReachesAgentsOfAnother() {
    String site = uniqueSite();
    String otherSite = uniqueSite();
    try (WsClient stranger = runtime.agent(otherSite, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.queued", "c1");
      settle(stranger, vic);
      assertThat(stranger.events("chat.assigned")).isEmpty();
      assertThat(stranger.request("endChat", Map.of("chatId", "c1")).path("code").asText()).isEqualTo("NOT_FOUND");
    }
  }

  private static AgentState agent(String site, String agentId) {
    return runtime.runtime().services().agents().get(site, agentId).orElseThrow();
  }

  /** Gives the router time to act on anything still in flight, so that absence can be asserted. */
  private static void settle(WsClient... connected) {
    WsClient.heartbeatFor(Duration.ofSeconds(3), connected);
  }
}
