package chat.presence.functions.audit;

import static chat.presence.functions.audit.AgentBuilder.agent;
import static chat.presence.functions.audit.AgentBuilder.disconnectedAgent;
import static chat.presence.functions.audit.AuditFixtures.NOW;
import static chat.presence.functions.audit.AuditFixtures.assigned;
import static chat.presence.functions.audit.AuditFixtures.audit;
import static chat.presence.functions.audit.AuditFixtures.change;
import static chat.presence.functions.audit.AuditFixtures.ended;
import static chat.presence.functions.audit.AuditFixtures.inTransfer;
import static chat.presence.functions.audit.AuditFixtures.offered;
import static chat.presence.functions.audit.AuditFixtures.queued;
import static chat.presence.functions.audit.AuditFixtures.queuedFor;
import static chat.presence.functions.audit.AuditFixtures.visitorLeft;
import static chat.presence.model.presence.EffectiveStatus.AVAILABLE;
import static chat.presence.model.presence.EffectiveStatus.AWAY;
import static chat.presence.model.presence.EffectiveStatus.OFFLINE;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.StatusChange;
import chat.presence.model.routing.Chat;
import chat.presence.model.presence.TransitionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditorTest {
  @Test
  void aHealthySiteHasNoFindings() {
    var report =
        audit(
            List.of(
                agent("ann").maxChats(2).holding("c1", "c2").history(change(AVAILABLE, 3)).build(),
                agent("bob").away().history(change(AWAY, 2)).build(),
                disconnectedAgent("carl", NOW.minus(Duration.ofHours(1))).build()),
            List.of(
                assigned("c1", "ann", 3),
                assigned("c2", "ann", 4),
                queued("c3", NOW.minus(Duration.ofMinutes(2))),
                ended("c4", "carl")));

    assertThat(report.findings()).isEmpty();
    assertThat(report.summary()).isEqualTo("audit: no findings; 3 agents, 4 chats");
  }

  @Test
  void aChatAssignedWhileItsAgentChoseAwayIsReportedWithTheVersion() {
    var report =
        audit(
            List.of(
                agent("ann").holding("c9").history(change(AVAILABLE, 3), change(AWAY, 5)).build()),
            List.of(assigned("c9", "ann", 6)));

    assertThat(lines(report))
        .containsExactly("AWAY_AT_ASSIGNMENT site=s1 chat=c9 agent=ann version=6");
  }

  @Test
  void theChosenStatusAtTheAssignmentIsTheLatestAtOrBeforeItsVersionIgnoringOffline() {
    var report =
        audit(
            List.of(
                agent("ann")
                    .holding("c9")
                    .history(
                        change(AWAY, 3), change(AVAILABLE, 5), change(OFFLINE, 6), change(AWAY, 8))
                    .build()),
            List.of(assigned("c9", "ann", 7)));

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void anAssignmentOlderThanTheKeptHistoryIsUnknownNotABreach() {
    var report =
        audit(
            List.of(agent("ann").holding("c9").history(change(AWAY, 8)).build()),
            List.of(assigned("c9", "ann", 6)));

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void anAgentHoldingMoreChatsThanItsCapacityIsOverCapacity() {
    var report =
        audit(
            List.of(agent("ann").maxChats(2).holding("c1", "c2", "c3").build()),
            List.of(assigned("c1", "ann", 1), assigned("c2", "ann", 1), assigned("c3", "ann", 1)));

    assertThat(lines(report)).containsExactly("OVER_CAPACITY site=s1 agent=ann active=3 max=2");
  }

  @Test
  void anEndedChatStillTakingItsAgentsSeatPastTheSettleTimeIsHeldAfterEnd() {
    var report =
        audit(List.of(agent("carl").holding("c4").build()), List.of(ended("c4", "carl")));

    assertThat(lines(report))
        .containsExactly(
            "HELD_AFTER_END site=s1 chat=c4 agent=carl endedAt="
                + ended("c4", "carl").endedAt().orElseThrow());
  }

  @Test
  void aChatInTwoAgentsActiveChatsIsHeldByTwoAndByOneItDoesNotName() {
    var report =
        audit(
            List.of(agent("ann").holding("c1").build(), agent("bob").holding("c1").build()),
            List.of(assigned("c1", "ann", 1)));

    assertThat(lines(report))
        .containsExactly(
            "HELD_BY_TWO_AGENTS site=s1 chat=c1 agents=ann,bob",
            "HELD_BY_OTHER_AGENT site=s1 chat=c1 agent=ann holder=bob");
  }

  @Test
  void theTargetOfATransferUnderWayHoldsTheChatUnreportedUntilTheAttemptExpires() {
    Chat marked = inTransfer(assigned("c1", "ann", 1), "bob", NOW.plusSeconds(30));
    List<AgentFacts> agents = List.of(agent("ann").holding("c1").build(), agent("bob").holdingGeneration("c1", 2).build());

    assertThat(lines(audit(agents, List.of(marked)))).isEmpty();

    Chat expired = inTransfer(assigned("c1", "ann", 1), "bob", NOW.minusSeconds(1));
    assertThat(lines(audit(agents, List.of(expired))))
        .containsExactly(
            "HELD_BY_TWO_AGENTS site=s1 chat=c1 agents=ann,bob",
            "HELD_BY_OTHER_AGENT site=s1 chat=c1 agent=ann holder=bob");
  }

  @Test
  void anAssignedChatHeldOnlyByAnotherAgentIsNotHeldByItsOwn() {
    var report =
        audit(
            List.of(agent("ann").build(), agent("bob").holding("c1").build()),
            List.of(assigned("c1", "ann", 1)));

    assertThat(lines(report))
        .containsExactly(
            "HELD_BY_OTHER_AGENT site=s1 chat=c1 agent=ann holder=bob",
            "ASSIGNED_NOT_HELD site=s1 chat=c1 agent=ann");
  }

  @Test
  void anAssignedChatItsAgentDoesNotHoldIsReported() {
    var report = audit(List.of(agent("ann").build()), List.of(assigned("c1", "ann", 1)));

    assertThat(lines(report)).containsExactly("ASSIGNED_NOT_HELD site=s1 chat=c1 agent=ann");
  }

  @Test
  void aQueuedChatHeldPastTheSettleTimeIsReported() {
    var heldSince = NOW.minusSeconds(61);
    var report =
        audit(
            List.of(agent("ann").maxChats(1).holding("c1").lastAssignedAt(heldSince).build()),
            List.of(queued("c1", NOW.minusSeconds(62))));

    assertThat(lines(report))
        .containsExactly("HELD_WHILE_QUEUED site=s1 chat=c1 agent=ann lastAssignedAt=" + heldSince);
  }

  @Test
  void aQueuedChatHeldForAMomentIsAnAssignmentBeingCompleted() {
    var report =
        audit(
            List.of(agent("ann").holding("c1").lastAssignedAt(NOW.minusSeconds(2)).build()),
            List.of(queued("c1", NOW.minusSeconds(3))));

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void anAgentShownOnlineWhoseOnlyConnectionIsGonePastTimeoutReaperAndGraceIsReported() {
    // 90 s heartbeat timeout + 60 s reaper interval + 15 s grace = 165 s.
    var registeredAt = NOW.minusSeconds(166);
    var report =
        audit(
            List.of(agent("ann").onlyGoneConnection("k1", Optional.of(registeredAt)).build()),
            List.of());

    assertThat(lines(report))
        .containsExactly(
            "ONLINE_WITHOUT_LIVE_CONNECTION site=s1 agent=ann status=available connections=k1"
                + " lastSeen="
                + registeredAt);
  }

  @Test
  void anAgentWhoseConnectionWentSilentRecentlyMayStillShowOnline() {
    var report =
        audit(
            List.of(agent("ann").onlyConnectionLastActiveAt("k1", NOW.minusSeconds(160)).build()),
            List.of());

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void anAgentTheStalenessBreakerKeepsOnlineIsNotReported() {
    var silentSince = NOW.minus(Duration.ofMinutes(10));
    var held =
        new StatusChange(AVAILABLE, TransitionReason.BREAKER, silentSince.plusSeconds(90), 1);
    var report =
        audit(
            List.of(
                agent("ann")
                    .onlyConnectionLastActiveAt("k1", silentSince)
                    .history(change(AVAILABLE, 1), held)
                    .build()),
            List.of());

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void aConnectionOnTheItemThatNothingElseKnowsKeepsNoAgentOnline() {
    var report =
        audit(
            List.of(agent("ann").away().onlyGoneConnection("ghost", Optional.empty()).build()),
            List.of());

    assertThat(lines(report))
        .containsExactly(
            "ONLINE_WITHOUT_LIVE_CONNECTION site=s1 agent=ann status=away connections=ghost"
                + " lastSeen=never");
  }

  @Test
  void anAgentShownOfflineWithAConnectionTheGatewayHasLiveIsReported() {
    var report =
        audit(
            List.of(
                disconnectedAgent("ann", NOW.minus(Duration.ofHours(1)))
                    .liveConnectionNotOnItem("k1", NOW.minus(Duration.ofMinutes(5)))
                    .build()),
            List.of());

    assertThat(lines(report))
        .containsExactly(
            "OFFLINE_WITH_LIVE_CONNECTION site=s1 agent=ann connection=k1 lastActiveAt="
                + NOW.minusSeconds(5));
  }

  @Test
  void aConnectionRegisteredWithinTheSettleTimeMayNotBeOnTheAgentYet() {
    var report =
        audit(
            List.of(
                disconnectedAgent("ann", NOW.minus(Duration.ofHours(1)))
                    .liveConnectionNotOnItem("k1", NOW.minusSeconds(1))
                    .build()),
            List.of());

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void aChatQueuedPastTheMaximumWaitWhileAnAgentIsEligibleIsReported() {
    var report =
        audit(
            List.of(agent("ann").build(), agent("bob").away().build()),
            List.of(queued("c1", NOW.minusSeconds(75))));

    assertThat(lines(report))
        .containsExactly(
            "QUEUED_WHILE_AGENT_ELIGIBLE site=s1 chat=c1 waitedSeconds=75 eligible=ann");
  }

  @Test
  void aChosenStatusChangedByTheSystemIsReportedButNotOneByTheAgentOrASupervisor() {
    Instant at = NOW.minus(Duration.ofMinutes(5));
    var report =
        audit(
            List.of(
                agent("ann")
                    .history(
                        change(AVAILABLE, 1),
                        new StatusChange(OFFLINE, TransitionReason.HEARTBEAT_TIMEOUT, at, 2),
                        new StatusChange(AWAY, TransitionReason.CONNECT, at.plusSeconds(1), 3),
                        new StatusChange(AVAILABLE, TransitionReason.ADMIN, at.plusSeconds(2), 4, Optional.of("sam")),
                        change(AWAY, 5))
                    .build(),
                agent("bob")
                    .history(change(AVAILABLE, 1), new StatusChange(AWAY, TransitionReason.BREAKER, at, 2))
                    .build()),
            List.of());

    assertThat(lines(report))
        .containsExactly(
            "CHOSEN_STATUS_CHANGED_BY_SYSTEM site=s1 agent=bob from=available to=away reason=breaker version=2");
  }

  @Test
  void aChatForAGroupWaitsWithoutBreachWhileOnlyAgentsOutsideItAreEligible() {
    var report =
        audit(
            List.of(agent("ann").build()),
            List.of(queuedFor("billing", "c1", NOW.minus(Duration.ofMinutes(10)))));

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void aQueuedChatWaitsWithoutBreachWhileNoAgentIsEligibleOrLive() {
    var report =
        audit(
            List.of(
                agent("ann").away().build(),
                agent("bob").maxChats(1).holding("c1").build(),
                agent("carl").onlyConnectionLastActiveAt("k1", NOW.minusSeconds(100)).build()),
            List.of(assigned("c1", "bob", 1), queued("c2", NOW.minus(Duration.ofMinutes(10)))));

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void aChatQueuedWithinTheMaximumWaitIsNotYetLate() {
    var report = audit(List.of(agent("ann").build()), List.of(queued("c1", NOW.minusSeconds(30))));

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void routingEventsInTheDeadLetterQueueAreReportedWithTheirCount() {
    var report = audit(List.of(), List.of(), new DeadLetterCount("presence-routing-dlq.fifo", 2));

    assertThat(lines(report))
        .containsExactly("DEAD_LETTERS queue=presence-routing-dlq.fifo messages=2");
  }

  @Test
  void anOfferStillStandingMoreThanTenSecondsAfterItsExpiryIsReported() {
    var report =
        audit(
            List.of(agent("ann").holding("c1", "c2").build()),
            List.of(
                offered("c1", "ann", NOW.minusSeconds(40), NOW.minusSeconds(11)),
                offered("c2", "ann", NOW.minusSeconds(30), NOW.minusSeconds(9))));

    assertThat(lines(report)).containsExactly("OFFER_PAST_EXPIRY site=s1 chat=c1 agent=ann expiredSecondsAgo=11");
  }

  @Test
  void aChatOpenPastItsVisitorsGraceOrReturnWindowIsReported() {
    var report =
        audit(
            List.of(agent("ann").holding("c1", "c2").build()),
            List.of(
                visitorLeft(queued("c3", NOW.minusSeconds(60)), NOW.minusSeconds(26)),
                visitorLeft(queued("c4", NOW.minusSeconds(60)), NOW.minusSeconds(24)),
                visitorLeft(assigned("c1", "ann", 1), NOW.minusSeconds(131)),
                visitorLeft(assigned("c2", "ann", 1), NOW.minusSeconds(60))));

    assertThat(lines(report))
        .containsExactly(
            "OPEN_AFTER_VISITOR_LEFT site=s1 chat=c1 state=assigned visitor=vic leftAt=" + NOW.minusSeconds(131),
            "OPEN_AFTER_VISITOR_LEFT site=s1 chat=c3 state=queued visitor=vic leftAt=" + NOW.minusSeconds(26));
  }

  @Test
  void anOfferMadeAfterItsAgentBecameUnresponsiveIsReportedButNotOneMadeBefore() {
    var report =
        audit(
            List.of(agent("ann").unresponsiveSince(NOW.minusSeconds(10)).holding("c1", "c2").build()),
            List.of(
                offered("c1", "ann", NOW.minusSeconds(12), NOW.plusSeconds(8)),
                offered("c2", "ann", NOW.minusSeconds(5), NOW.plusSeconds(15))));

    assertThat(lines(report))
        .containsExactly(
            "OFFERED_WHILE_UNRESPONSIVE site=s1 agent=ann chat=c2 unresponsiveSince=" + NOW.minusSeconds(10));
  }

  private static List<String> lines(AuditReport report) {
    return report.findings().stream().map(Finding::line).toList();
  }
}
