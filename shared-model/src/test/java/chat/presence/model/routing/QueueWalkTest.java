package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.routing.RoutingStep.Abandon;
import chat.presence.model.routing.RoutingStep.Announce;
import chat.presence.model.routing.RoutingStep.CheckLive;
import chat.presence.model.routing.RoutingStep.CheckVisitor;
import chat.presence.model.routing.RoutingStep.Done;
import chat.presence.model.routing.RoutingStep.Grant;
import chat.presence.model.routing.RoutingStep.NoticeVisitorLeft;
import chat.presence.model.routing.RoutingStep.Record;
import chat.presence.model.routing.RoutingStep.Release;
import chat.presence.model.routing.RoutingStep.Reread;
import chat.presence.model.routing.RoutingStep.Requeue;
import chat.presence.model.routing.RoutingStep.Revoke;
import chat.presence.model.routing.RoutingStep.Settle;
import chat.presence.model.routing.RoutingStep.TimeOut;
import chat.presence.model.routing.RoutingStep.VisitorBack;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueWalkTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration LIFETIME = Duration.ofSeconds(20);
  private static final PresenceRules RULES = new PresenceRules(PresenceSettings.DEFAULTS);

  private static AgentState agent(String id, ChosenStatus status, Map<String, Long> holdings, int max) {
    return new AgentState(
        "s", id, status, max, Set.of(id + "-conn"), holdings, Optional.empty(), Instant.EPOCH, 7,
        Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);
  }

  private static AgentState available(String id, Map<String, Long> holdings) {
    return agent(id, ChosenStatus.AVAILABLE, holdings, 3);
  }

  private static AgentState offline(String id, Map<String, Long> holdings) {
    return new AgentState(
        "s", id, ChosenStatus.AVAILABLE, 3, Set.of(), holdings, Optional.of(NOW.minusSeconds(60)),
        Instant.EPOCH, 7, Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);
  }

  private static Chat queued(String id, long generation) {
    return new Chat(
        "s", id, "vic", ChatState.QUEUED, Optional.empty(), generation, NOW.minusSeconds(5),
        Optional.of(PendingKey.forRequest(0, NOW.minusSeconds(5), id)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), NOW.minusSeconds(5), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  private static Chat assigned(String id, String agent, long generation, String pendingKey) {
    return new Chat(
        "s", id, "vic", ChatState.ASSIGNED, Optional.of(agent), generation, NOW.minusSeconds(5),
        Optional.ofNullable(pendingKey), Optional.of(NOW), Optional.of(7L), Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), NOW.minusSeconds(5), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  private static Chat ended(String id, String agent, long generation, Instant settleAt) {
    return new Chat(
        "s", id, "vic", ChatState.ENDED, Optional.of(agent), generation, NOW.minusSeconds(5),
        Optional.of(PendingKey.forSettling(settleAt, id)), Optional.of(NOW), Optional.of(7L),
        Optional.of("vic"), Optional.of(NOW.minusSeconds(1)), Optional.empty(), Set.of(), NOW.minusSeconds(5), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  private static AssignmentDecision onlyAnn() {
    return new AssignmentDecision(
        "ann",
        AssignmentDecision.Rule.ONLY_CANDIDATE,
        List.of(new AssignmentDecision.Candidate("ann", 0, Instant.EPOCH)),
        Optional.empty(),
        false);
  }

  private static QueueWalk walk(AgentState... agents) {
    return new QueueWalk(List.of(agents), RULES, RoutingSettings.DEFAULTS, NOW);
  }

  private static AgentState holding(AgentState agent, String chatId, long generation) {
    Map<String, Long> holdings = new HashMap<>(agent.holdings());
    holdings.put(chatId, generation);
    return new AgentState(
        agent.siteId(), agent.agentId(), agent.chosenStatus(), agent.maxChats(), agent.connections(),
        holdings, agent.lastDisconnectAt(), NOW, agent.version() + 1, agent.lastDisconnectReason(),
        agent.history(), Optional.empty(), agent.groups(), 0);
  }

  @Test
  void aQueuedChatIsCheckedLiveGrantedRecordedAndAnnouncedInThatOrder() {
    QueueWalk walk = walk(available("ann", Map.of()));
    Chat chat = queued("c1", 1);

    assertThat(walk.next("c1", Optional.of(chat))).isEqualTo(new CheckLive("ann"));
    walk.live("ann", true);
    assertThat(walk.next("c1", Optional.of(chat))).isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
    walk.granted("c1", holding(available("ann", Map.of()), "c1", 1));
    assertThat(walk.next("c1", Optional.of(chat))).isEqualTo(new Record("ann", "c1", 1, 8, NOW, false, Optional.of(onlyAnn())));
    Chat recorded = assigned("c1", "ann", 1, PendingKey.forAnnouncement(NOW, "c1"));
    assertThat(walk.next("c1", Optional.of(recorded))).isEqualTo(new Announce("ann", "c1"));
    Chat announced = assigned("c1", "ann", 1, PendingKey.forSettling(NOW.plus(LIFETIME), "c1"));
    assertThat(walk.next("c1", Optional.of(announced))).isEqualTo(new Done(false));
  }

  @Test
  void aHoldingOfTheCurrentGenerationThatThisWalkDidNotMakeIsRevokedNeverRecorded() {
    QueueWalk walk = walk(available("ann", Map.of("c1", 1L)));

    assertThat(walk.next("c1", Optional.of(queued("c1", 1)))).isEqualTo(new Revoke("c1", 1));
    assertThat(walk.next("c1", Optional.of(queued("c1", 2)))).isEqualTo(new Release("ann", "c1", 1));
  }

  @Test
  void aHoldingOfAnEarlierGenerationIsReleasedWhateverTheChatIsNow() {
    assertThat(walk(available("ann", Map.of("c1", 1L))).next("c1", Optional.of(queued("c1", 2))))
        .isEqualTo(new Release("ann", "c1", 1));
    assertThat(
            walk(available("ann", Map.of("c1", 1L)))
                .next("c1", Optional.of(assigned("c1", "bob", 2, null))))
        .isEqualTo(new Release("ann", "c1", 1));
    assertThat(walk(available("ann", Map.of("c1", 1L))).next("c1", Optional.empty()))
        .isEqualTo(new Release("ann", "c1", 1));
  }

  /**
   * Found by the local runtime's throttling test (an assigned chat whose agent no longer held it)
   * and then by the explorer once it resent calls whose answer was lost: a pass whose grant was
   * refused re-reads the agent and finds the chat held for a generation that a concurrent pass
   * revoked, granted and recorded after this pass read the chat. Before the fix the walk released
   * that holding, which is the recorded assignment's.
   */
  @Test
  void aHoldingNewerThanTheChatAsReadIsNeverReleasedButTheChatReadAgain() {
    QueueWalk walk = walk(available("ann", Map.of("c1", 2L)));

    assertThat(walk.next("c1", Optional.of(queued("c1", 1)))).isEqualTo(new Reread("c1"));
    assertThat(walk.next("c1", Optional.of(assigned("c1", "ann", 2, null)))).isEqualTo(new Done(false));
  }

  @Test
  void theRecordedAssignmentsHoldingIsKept() {
    QueueWalk walk = walk(available("ann", Map.of("c1", 3L)));

    assertThat(walk.next("c1", Optional.of(assigned("c1", "ann", 3, null)))).isEqualTo(new Done(false));
  }

  @Test
  void anEndedChatsSeatIsFreedAtOnceButTheChatSettlesOnlyWhenNoAttemptCanStillBeRunning() {
    QueueWalk walk = walk(available("ann", Map.of("c1", 1L)));
    Chat endedRecently = ended("c1", "ann", 1, NOW.plusSeconds(10));

    assertThat(walk.next("c1", Optional.of(endedRecently))).isEqualTo(new Release("ann", "c1", 1));
    walk.agent(available("ann", Map.of()));
    assertThat(walk.next("c1", Optional.of(endedRecently))).isEqualTo(new Done(false));
    assertThat(walk.next("c1", Optional.of(ended("c1", "ann", 1, NOW)))).isEqualTo(new Settle("c1"));
  }

  @Test
  void aChatAssignedToAnAgentPastItsGraceGoesBackToTheQueue() {
    QueueWalk walk = walk(offline("ann", Map.of("c1", 1L)), available("bob", Map.of()));

    assertThat(walk.chatsOfOfflineAgents()).containsExactly("c1");
    assertThat(walk.next("c1", Optional.of(assigned("c1", "ann", 1, null))))
        .isEqualTo(new Requeue("ann", "c1", 1));
  }

  @Test
  void anAwayOrFullAgentIsNeverTriedAndWithNobodyLeftTheQueueWaits() {
    QueueWalk walk =
        walk(
            agent("away", ChosenStatus.AWAY, Map.of(), 3),
            agent("full", ChosenStatus.AVAILABLE, Map.of("other", 1L), 1));

    assertThat(walk.next("c1", Optional.of(queued("c1", 1)))).isEqualTo(new Done(true));
    assertThat(walk.worthReading(queued("c2", 1))).isFalse();
  }

  @Test
  void aRefusedGrantMovesOnToTheNextAgentInPreferenceOrder() {
    QueueWalk walk =
        walk(available("ann", Map.of()), available("bob", Map.of("other", 1L)));
    walk.live("ann", true);
    walk.live("bob", true);
    Chat chat = queued("c1", 1);

    assertThat(walk.next("c1", Optional.of(chat))).isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
    walk.refused("c1", "ann");
    assertThat(walk.next("c1", Optional.of(chat))).isEqualTo(new Grant("bob", "c1", 1, Optional.empty()));
  }

  @Test
  void anAgentTheGatewayDoesNotConfirmLiveIsSkipped() {
    QueueWalk walk = walk(available("ann", Map.of()), available("bob", Map.of("other", 1L)));
    walk.live("ann", false);

    assertThat(walk.next("c1", Optional.of(queued("c1", 1)))).isEqualTo(new CheckLive("bob"));
  }

  private static Chat offered(String id, String agent, long generation, String pendingKey, Instant expiresAt) {
    return new Chat(
        "s", id, "vic", ChatState.OFFERED, Optional.of(agent), generation, NOW.minusSeconds(5),
        Optional.of(pendingKey), Optional.of(NOW), Optional.of(7L), Optional.empty(),
        Optional.empty(), Optional.of(expiresAt), Set.of(), NOW.minusSeconds(5), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  @Test
  void inOfferModeTheGrantIsRecordedAsAnOfferAnnouncedAndWithdrawnOnlyOnceItExpired() {
    QueueWalk walk =
        new QueueWalk(
            List.of(available("ann", Map.of())), RULES, new RoutingSettings(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(120), Duration.ZERO, Duration.ZERO), NOW);
    walk.live("ann", true);
    walk.granted("c1", holding(available("ann", Map.of()), "c1", 1));

    assertThat(walk.next("c1", Optional.of(queued("c1", 1)))).isEqualTo(new Record("ann", "c1", 1, 8, NOW, true, Optional.empty()));
    Instant expiry = NOW.plusSeconds(30);
    assertThat(walk.next("c1", Optional.of(offered("c1", "ann", 1, PendingKey.forAnnouncement(NOW, "c1"), expiry))))
        .isEqualTo(new Announce("ann", "c1"));
    assertThat(walk.next("c1", Optional.of(offered("c1", "ann", 1, PendingKey.forOffer(expiry, "c1"), expiry))))
        .isEqualTo(new Done(false));
    assertThat(walk.next("c1", Optional.of(offered("c1", "ann", 1, PendingKey.forOffer(NOW, "c1"), NOW))))
        .isEqualTo(new RoutingStep.Withdraw("ann", "c1", 1));
  }

  @Test
  void aChatIsNeverOfferedAgainToAnAgentWhoDeclinedItNorToAnUnresponsiveAgent() {
    AgentState unresponsive =
        new AgentState(
            "s", "bob", ChosenStatus.AVAILABLE, 3, Set.of("bob-conn"), Map.of(), Optional.empty(),
            Instant.EPOCH, 7, Optional.empty(), List.of(), Optional.of(NOW.minusSeconds(10)), Set.of(), 0);
    QueueWalk walk = walk(available("ann", Map.of()), unresponsive);
    Chat declinedByAnn =
        new Chat(
            "s", "c1", "vic", ChatState.QUEUED, Optional.empty(), 2, NOW.minusSeconds(5),
            Optional.of(PendingKey.forRequeue(0, NOW.minusSeconds(5), "c1")), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of("ann"), NOW.minusSeconds(5), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);

    assertThat(walk.next("c1", Optional.of(declinedByAnn))).isEqualTo(new Done(true));
  }

  /**
   * Found by the explorer (seed 220 in offer mode): a chat its only agent had declined made the walk
   * conclude that no agent was left, so a later chat the same agent could take waited for ever.
   */
  @Test
  void aChatNoAgentMayTakeDoesNotHoldBackTheNextOne() {
    QueueWalk walk = walk(available("ann", Map.of()));
    walk.live("ann", true);
    Chat declinedByAnn =
        new Chat(
            "s", "c1", "vic", ChatState.QUEUED, Optional.empty(), 2, NOW.minusSeconds(9),
            Optional.of(PendingKey.forRequeue(0, NOW.minusSeconds(9), "c1")), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of("ann"), NOW.minusSeconds(5), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);

    assertThat(walk.next("c1", Optional.of(declinedByAnn))).isEqualTo(new Done(true));
    assertThat(walk.worthReading(queued("c2", 1))).isTrue();
    assertThat(walk.next("c2", Optional.of(queued("c2", 1)))).isEqualTo(new Grant("ann", "c2", 1, Optional.empty()));
  }

  @Test
  void anAgentsHoldingOfItsOfferIsKept() {
    Instant expiry = NOW.plusSeconds(30);
    assertThat(
            walk(available("ann", Map.of("c1", 1L)))
                .next("c1", Optional.of(offered("c1", "ann", 1, PendingKey.forOffer(expiry, "c1"), expiry))))
        .isEqualTo(new Done(false));
  }

  @Test
  void aGrantWhoseChatMovedOnBeforeItWasRecordedIsReleased() {
    QueueWalk walk = walk(available("ann", Map.of()));
    walk.live("ann", true);
    walk.granted("c1", holding(available("ann", Map.of()), "c1", 1));

    assertThat(walk.next("c1", Optional.of(ended("c1", "none", 1, NOW.plusSeconds(5)))))
        .isEqualTo(new Release("ann", "c1", 1));
    assertThat(walk.next("c1", Optional.of(queued("c1", 2)))).isEqualTo(new Release("ann", "c1", 1));
  }

  // --- waiting too long, and visitors who leave ---------------------------------------------

  private static final RoutingSettings ONE_MINUTE_WAIT =
      new RoutingSettings(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ZERO, Duration.ZERO);

  private static Chat withVisitor(Chat chat, VisitorAbsence visitor) {
    return new Chat(
        chat.siteId(), chat.chatId(), chat.visitorId(), chat.state(), chat.agentId(), chat.generation(),
        chat.requestedAt(), chat.pendingKey(), chat.assignedAt(), chat.assignedAgentVersion(),
        chat.endedBy(), chat.endedAt(), chat.offerExpiresAt(), chat.declinedBy(), chat.waitingSince(),
        chat.announcedPosition(), visitor, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  private static VisitorAbsence leftAgo(long seconds) {
    return new VisitorAbsence(Optional.of(NOW.minusSeconds(seconds)), Optional.empty(), Optional.empty());
  }

  @Test
  void aChatThatWaitedTheLongestAllowedTimesOutEvenWithNoAgentLeft() {
    Chat waitedTooLong =
        new Chat(
            "s", "c1", "vic", ChatState.QUEUED, Optional.empty(), 1, NOW.minusSeconds(60),
            Optional.of(PendingKey.forRequest(0, NOW.minusSeconds(60), "c1")), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of(),
            NOW.minusSeconds(60), Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
    QueueWalk walk = new QueueWalk(List.of(), RULES, ONE_MINUTE_WAIT, NOW);

    assertThat(walk.next("c0", Optional.of(queued("c0", 1)))).isEqualTo(new Done(true));
    assertThat(walk.worthReading(waitedTooLong)).isTrue();
    assertThat(walk.worthReading(queued("c2", 1))).isFalse();
    assertThat(walk.next("c1", Optional.of(waitedTooLong))).isEqualTo(new TimeOut("c1", 1));
  }

  @Test
  void aWaitingChatIsAbandonedOnlyAfterTheGraceAndOnlyIfTheGatewayFindsTheVisitorGone() {
    QueueWalk walk = walk(available("ann", Map.of()));
    walk.live("ann", true);
    Chat leftJustNow = withVisitor(queued("c1", 1), leftAgo(14));
    Chat leftLongAgo = withVisitor(queued("c2", 1), leftAgo(15));

    assertThat(walk.next("c1", Optional.of(leftJustNow))).isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
    assertThat(walk.next("c2", Optional.of(leftLongAgo))).isEqualTo(new CheckVisitor("vic"));
    walk.visitorLive("vic", false);
    assertThat(walk.next("c2", Optional.of(leftLongAgo))).isEqualTo(new Abandon("c2"));
  }

  @Test
  void aVisitorTheGatewayFindsLiveIsRecordedBack() {
    QueueWalk walk = walk(available("ann", Map.of()));
    walk.visitorLive("vic", true);

    assertThat(walk.next("c1", Optional.of(withVisitor(queued("c1", 1), leftAgo(30)))))
        .isEqualTo(new VisitorBack("c1", NOW));
  }

  @Test
  void aVisitorBackAfterLeavingIsNotAway() {
    VisitorAbsence back =
        new VisitorAbsence(
            Optional.of(NOW.minusSeconds(30)), Optional.of(NOW.minusSeconds(29)), Optional.empty());
    QueueWalk walk = walk(available("ann", Map.of()));
    walk.live("ann", true);

    assertThat(walk.next("c1", Optional.of(withVisitor(queued("c1", 1), back))))
        .isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
  }

  @Test
  void theAgentOfAnAssignedChatIsToldFirstAndTheChatEndsOnlyAfterTheReturnWindow() {
    QueueWalk walk = walk(available("ann", Map.of("c1", 1L)));
    walk.visitorLive("vic", false);
    Chat assigned = assigned("c1", "ann", 1, null);
    VisitorAbsence noticed =
        new VisitorAbsence(Optional.of(NOW.minusSeconds(60)), Optional.empty(), Optional.of(NOW.minusSeconds(45)));
    VisitorAbsence noticedLongAgo =
        new VisitorAbsence(Optional.of(NOW.minusSeconds(120)), Optional.empty(), Optional.of(NOW.minusSeconds(105)));

    assertThat(walk.next("c1", Optional.of(withVisitor(assigned, leftAgo(60)))))
        .isEqualTo(new NoticeVisitorLeft("ann", "c1"));
    assertThat(walk.next("c1", Optional.of(withVisitor(assigned, noticed)))).isEqualTo(new Done(false));
    assertThat(walk.next("c1", Optional.of(withVisitor(assigned, noticedLongAgo))))
        .isEqualTo(new Abandon("c1"));
  }

  @Test
  void aNoticeOfAnEarlierAbsenceDoesNotCountForANewOne() {
    QueueWalk walk = walk(available("ann", Map.of("c1", 1L)));
    walk.visitorLive("vic", false);
    VisitorAbsence leftAgainLater =
        new VisitorAbsence(
            Optional.of(NOW.minusSeconds(130)), Optional.of(NOW.minusSeconds(500)), Optional.of(NOW.minusSeconds(600)));

    assertThat(walk.next("c1", Optional.of(withVisitor(assigned("c1", "ann", 1, null), leftAgainLater))))
        .isEqualTo(new NoticeVisitorLeft("ann", "c1"));
  }
}
