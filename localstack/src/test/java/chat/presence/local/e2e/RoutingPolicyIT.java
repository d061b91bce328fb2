package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.GRACE;
import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing policy (contract v2, "Groups, priority, returning visitors, transfers") on the local
 * runtime: groups and their overflow, priority order, no chat waiting behind one its agent cannot
 * serve, and a preferred agent's sticky wait. Overflow and sticky wait are 3 s here.
 */
class RoutingPolicyIT {
  private static final Duration OVERFLOW = Duration.ofSeconds(3);
  private static final Duration STICKY = Duration.ofSeconds(3);
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.builder()
          .presence(Setting.GROUP_OVERFLOW, OVERFLOW)
          .presence(Setting.STICKY_WAIT, STICKY)
          .build();

  @Test
  void aChatForAGroupGoesToAnAgentOfThatGroupAndNotToABetterPlacedOneOutsideIt() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentOfGroups(site, "ann", "billing");
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      // ann now holds a chat, so bob would be first by load if groups did not count.
      try (WsClient bob = runtime.agentOfGroups(site, "bob", "sales")) {
        val.request("requestChat", Map.of("chatId", "c2", "group", "billing"));

        assertThat(val.awaitEvent("chat.assigned", "c2").path("agentId").asText()).isEqualTo("ann");
        assertThat(ann.awaitEvent("chat.assigned", "c2").path("visitorId").asText()).isEqualTo("val");
        assertThat(bob.events("chat.assigned")).isEmpty();
      }
    }
  }

  @Test
  void aChatForAGroupWithNoAgentOfItOverflowsToAnyoneOnlyAfterTheOverflowTime() {
    String site = uniqueSite();
    try (WsClient bob = runtime.agentOfGroups(site, "bob", "sales");
        WsClient vic = runtime.visitor(site, "vic")) {
      JsonNode ack = vic.request("requestChat", Map.of("chatId", "c1", "group", "billing"));

      JsonNode assigned = vic.awaitEvent("chat.assigned", "c1");

      assertThat(assigned.path("agentId").asText()).isEqualTo("bob");
      Duration waited = Duration.between(vic.receivedAt(ack), vic.receivedAt(assigned));
      assertThat(waited).isBetween(OVERFLOW.minusMillis(300), OVERFLOW.plusSeconds(5));
      assertThat(vic.events("chat.queued")).isNotEmpty();
    }
  }

  @Test
  void whenAnAgentFreesUpItGetsTheHighestPriorityFirstThenTheOldestRequest() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val");
        WsClient viv = runtime.visitor(site, "viv")) {
      vic.request("requestChat", Map.of("chatId", "low"));
      val.request("requestChat", Map.of("chatId", "urgent", "priority", 9));
      viv.request("requestChat", Map.of("chatId", "middle", "priority", 5));
      viv.awaitEvent("chat.queued", "middle");

      try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1)) {
        ann.awaitEvent("chat.assigned", "urgent");
        ann.request("endChat", Map.of("chatId", "urgent"));
        ann.awaitEvent("chat.assigned", "middle");
        ann.request("endChat", Map.of("chatId", "middle"));
        ann.awaitEvent("chat.assigned", "low");

        assertThat(ann.events("chat.assigned").stream().map(e -> e.path("chatId").asText()))
            .containsExactly("urgent", "middle", "low");
      }
    }
  }

  @Test
  void aChatNoAgentOfItsGroupCanTakeDoesNotHoldBackALaterChatForAnotherGroup() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1", "group", "billing", "priority", 9));
      val.request("requestChat", Map.of("chatId", "c2", "group", "sales"));
      val.awaitEvent("chat.queued", "c2");

      try (WsClient bob = runtime.agentOfGroups(site, "bob", "sales")) {
        JsonNode assigned = val.awaitEvent("chat.assigned", "c2");

        assertThat(assigned.path("agentId").asText()).isEqualTo("bob");
        assertThat(vic.events("chat.assigned")).isEmpty();
        assertThat(vic.request("getChats").path("chats").get(0).path("state").asText()).isEqualTo("queued");
      }
    }
  }

  @Test
  void theEligiblePreferredAgentGetsTheChatThoughAnotherHasFewerChats() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob", "available")) {
        val.request("requestChat", Map.of("chatId", "c2", "preferredAgentId", "ann"));

        assertThat(val.awaitEvent("chat.assigned", "c2").path("agentId").asText()).isEqualTo("ann");
        assertThat(bob.events("chat.assigned")).isEmpty();
      }
    }
  }

  @Test
  void aChatWaitsForItsPreferredAgentWhoIsAwayAndGoesToItWhenItIsBackWithinTheStickyWait() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient bob = runtime.agent(site, "bob", "away");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1", "preferredAgentId", "bob"));
      vic.awaitEvent("chat.queued", "c1");

      bob.request("setStatus", Map.of("status", "available"));

      assertThat(vic.awaitEvent("chat.assigned", "c1").path("agentId").asText()).isEqualTo("bob");
      assertThat(ann.events("chat.assigned")).isEmpty();
    }
  }

  @Test
  void aChatStopsWaitingForItsPreferredAgentWhenTheStickyWaitIsOver() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient bob = runtime.agent(site, "bob", "away");
        WsClient vic = runtime.visitor(site, "vic")) {
      JsonNode ack = vic.request("requestChat", Map.of("chatId", "c1", "preferredAgentId", "bob"));

      JsonNode assigned = vic.awaitEvent("chat.assigned", "c1");

      assertThat(assigned.path("agentId").asText()).isEqualTo("ann");
      Duration waited = Duration.between(vic.receivedAt(ack), vic.receivedAt(assigned));
      assertThat(waited).isBetween(STICKY.minusMillis(300), STICKY.plusSeconds(5));
    }
  }

  @Test
  void anOfflinePreferredAgentIsNotWaitedFor() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient vic = runtime.visitor(site, "vic")) {
      runtime.agent(site, "bob", "available").close();
      WsClient.heartbeatFor(GRACE.plusSeconds(1), ann, vic);
      JsonNode ack = vic.request("requestChat", Map.of("chatId", "c1", "preferredAgentId", "bob"));

      JsonNode assigned = vic.awaitEvent("chat.assigned", "c1");

      assertThat(assigned.path("agentId").asText()).isEqualTo("ann");
      assertThat(Duration.between(vic.receivedAt(ack), vic.receivedAt(assigned))).isLessThan(STICKY);
    }
  }

  @Test
  void availabilityForAGroupCountsOnlyThatGroupsAgentsAndWaitingChats() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentOfGroups(site, "ann", "billing");
        WsClient vic = runtime.visitor(site, "vic")) {
      JsonNode billing = vic.request("getAvailability", Map.of("group", "billing"));
      JsonNode sales = vic.request("getAvailability", Map.of("group", "sales"));

      assertThat(billing.path("agentsAvailable").asInt()).isEqualTo(1);
      assertThat(sales.path("agentsAvailable").asInt()).isZero();
    }
  }

  @Test
  void anIllFormedRoutingFieldIsABadRequestAndStoresNoChat() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic")) {
      for (Map<String, Object> bad :
          List.<Map<String, Object>>of(
              Map.of("chatId", "c1", "priority", 10),
              Map.of("chatId", "c1", "group", ""),
              Map.of("chatId", "c1", "preferredAgentId", "not an id"))) {
        assertThat(vic.request("requestChat", bad).path("code").asText()).isEqualTo("BAD_REQUEST");
      }

      assertThat(vic.request("getChats").path("chats")).isEmpty();
    }
  }

  @Test
  void explainForAChatNamesWhoGotItTheRuleThatDecidedAndTheCandidatesAsTheyWere() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob", "available")) {
        val.request("requestChat", Map.of("chatId", "c2"));
        bob.awaitEvent("chat.assigned", "c2");

        JsonNode first = sam.request("explain", Map.of("chatId", "c1"));
        JsonNode second = ann.request("explain", Map.of("chatId", "c2"));

        assertThat(first.path("decision").path("rule").asText()).isEqualTo("only_candidate");
        assertThat(second.path("agentId").asText()).isEqualTo("bob");
        JsonNode decision = second.path("decision");
        assertThat(decision.path("rule").asText()).isEqualTo("fewest_chats");
        assertThat(decision.path("candidates").findValuesAsText("agentId")).containsExactly("bob", "ann");
        assertThat(decision.path("candidates").get(1).path("activeChats").asInt()).isEqualTo(1);
        assertThat(decision.path("candidates").get(1).path("lastAssignedAt").asText()).isNotEmpty();
        assertThat(decision.path("candidates").get(0).path("lastAssignedAt").isNull()).isTrue();
        assertThat(sam.request("explain", Map.of("chatId", "nope")).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(vic.request("explain", Map.of("chatId", "c1")).path("code").asText()).isEqualTo("FORBIDDEN");
      }
    }
  }
}
