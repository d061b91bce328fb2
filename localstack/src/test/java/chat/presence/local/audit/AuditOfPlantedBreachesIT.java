package chat.presence.local.audit;

import static chat.presence.local.audit.AuditDriver.n;
import static chat.presence.local.audit.AuditDriver.s;
import static chat.presence.local.audit.AuditDriver.ss;
import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.audit.Finding;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.routing.ChatState;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each kind of breach, planted in a running local runtime's tables or DLQ, is reported by its ids.
 */
class AuditOfPlantedBreachesIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.forAudits().build();
  private static final AuditDriver audit = new AuditDriver(runtime);

  @Test
  void aChatRecordedAtAVersionWhenItsAgentHadChosenAwayIsReportedWithThatVersion() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann")) {
      long awayVersion =
          ann.request("setStatus", Map.of("status", "away")).path("version").asLong();
      ann.request("setStatus", Map.of("status", "available"));
      audit.putChat(
          site,
          "c9",
          ChatState.ASSIGNED,
          Optional.of("ann"),
          Instant.now(),
          Optional.of(awayVersion));
      audit.updateAgent(
          site,
          "ann",
          "SET holds.c9 = :generation",
          Map.of(":generation", n(1)));

      assertThat(audit.findingsOf(site))
          .extracting(Finding::line)
          .containsExactly(
              "AWAY_AT_ASSIGNMENT site=" + site + " chat=c9 agent=ann version=" + awayVersion);
    }
  }

  @Test
  void anAgentHoldingMoreChatsThanItsCapacityIsOverCapacity() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann", 1)) {
      assigned(site, "c1", "ann");
      assigned(site, "c2", "ann");
      audit.updateAgent(
          site,
          "ann",
          "SET holds.c1 = :generation, holds.c2 = :generation",
          Map.of(":generation", n(1)));

      assertThat(audit.findingKeys(site))
          .containsExactly("OVER_CAPACITY site=" + site + " agent=ann");
    }
  }

  @Test
  void anEndedChatThatStillTakesItsAgentsSeatIsReported() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann")) {
      audit.putChat(
          site, "c1", ChatState.ENDED, Optional.of("ann"), minutesAgo(5), Optional.of(1L));
      audit.updateAgent(site, "ann", "SET holds.c1 = :generation", Map.of(":generation", n(1)));

      assertThat(audit.findingKeys(site))
          .containsExactly("HELD_AFTER_END site=" + site + " chat=c1 agent=ann");
    }
  }

  @Test
  void aChatInTwoAgentsActiveChatsIsReportedWithBothAndTheOneItDoesNotName() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann");
        WsClient bob = audit.agent(site, "bob")) {
      assigned(site, "c1", "ann");
      for (String agent : new String[] {"ann", "bob"}) {
        audit.updateAgent(site, agent, "SET holds.c1 = :generation", Map.of(":generation", n(1)));
      }

      assertThat(audit.findingKeys(site))
          .containsExactly(
              "HELD_BY_TWO_AGENTS site=" + site + " chat=c1",
              "HELD_BY_OTHER_AGENT site=" + site + " chat=c1 agent=ann holder=bob");
    }
  }

  @Test
  void anAssignedChatThatItsAgentDoesNotHoldIsReported() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann")) {
      assigned(site, "c1", "ann");

      assertThat(audit.findingKeys(site))
          .containsExactly("ASSIGNED_NOT_HELD site=" + site + " chat=c1 agent=ann");
    }
  }

  @Test
  void aQueuedChatHeldByAnAgentSinceLongBeforeTheSettleTimeIsReported() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann")) {
      audit.putChat(
          site, "c1", ChatState.QUEUED, Optional.empty(), Instant.now(), Optional.empty());
      audit.updateAgent(
          site,
          "ann",
          "SET holds.c1 = :generation, lastAssignedAt = :then",
          Map.of(":generation", n(1), ":then", n(minutesAgo(5).toEpochMilli())));

      assertThat(audit.findingKeys(site))
          .containsExactly("HELD_WHILE_QUEUED site=" + site + " chat=c1 agent=ann");
    }
  }

  /**
   * An agent listing a connection that has no record and that the gateway does not know (what a
   * half-done disconnect used to leave) was reported here and stayed so for ever. The reaper now
   * checks such connections with the gateway and drops them, so the agent goes offline instead;
   * AuditorTest keeps the report of it while it lasts.
   */
  @Test
  void anAgentListingAConnectionNobodyKnowsIsRepairedByTheReaper() {
    String site = uniqueSite();
    audit.updateAgent(
        site,
        "ann",
        "SET chosenStatus = :available, maxChats = :three, holds = :none, lastAssignedAt ="
            + " :zero, rev = :one ADD conns :ghost",
        Map.of(
            ":available", s("available"),
            ":three", n(3),
            ":none", AttributeValue.fromM(Map.of()),
            ":zero", n(0),
            ":one", n(1),
            ":ghost", ss("ghost-connection")));

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> audit.connectionsOf(site, "ann").isEmpty());
    assertThat(audit.findingsOf(site)).isEmpty();
  }

  @Test
  void anAgentShownOfflineWhileTheGatewayHasItsConnectionLiveIsReported() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann")) {
      String connection = audit.connectionsOf(site, "ann").get(0);
      audit.updateConnection(
          connection, "SET connectedAt = :then", Map.of(":then", n(minutesAgo(5).toEpochMilli())));
      audit.updateAgent(
          site,
          "ann",
          "REMOVE conns SET lastDisconnectAt = :then",
          Map.of(":then", n(minutesAgo(60).toEpochMilli())));

      assertThat(audit.findingKeys(site))
          .containsExactly(
              "OFFLINE_WITH_LIVE_CONNECTION site=" + site + " agent=ann connection=" + connection);
    }
  }

  @Test
  void aChatQueuedForMinutesWhileAnAgentIsEligibleIsReported() {
    String site = uniqueSite();
    try (WsClient ann = audit.agent(site, "ann")) {
      audit.putChat(
          site, "c1", ChatState.QUEUED, Optional.empty(), minutesAgo(5), Optional.empty());

      assertThat(audit.findingsOf(site))
          .singleElement()
          .satisfies(
              finding -> {
                assertThat(finding.key())
                    .isEqualTo("QUEUED_WHILE_AGENT_ELIGIBLE site=" + site + " chat=c1");
                assertThat(finding.details()).containsEntry("eligible", "ann");
              });
    }
  }

  @Test
  void routingEventsInTheDeadLetterQueueAreReportedWithTheQueueName() {
    runtime
        .runtime()
        .sqs()
        .client()
        .sendMessage(
            r ->
                r.queueUrl(runtime.runtime().queues().deadLetterUrl())
                    .messageGroupId("poisoned-site")
                    .messageDeduplicationId(UUID.randomUUID().toString())
                    .messageBody("not a routing event"));

    assertThat(LocalAudit.run(runtime.runtime()).findings())
        .extracting(Finding::line)
        .contains("DEAD_LETTERS queue=presence-routing-dlq.fifo messages=1");
  }

  private static void assigned(String site, String chatId, String agentId) {
    audit.putChat(
        site, chatId, ChatState.ASSIGNED, Optional.of(agentId), Instant.now(), Optional.empty());
  }

  private static Instant minutesAgo(int minutes) {
    return Instant.now().minus(Duration.ofMinutes(minutes));
  }
}
