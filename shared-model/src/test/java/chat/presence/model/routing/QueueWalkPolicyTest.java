package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.routing.RoutingStep.Done;
import chat.presence.model.routing.RoutingStep.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The walk's routing policy: groups and their overflow, and a preferred agent's sticky wait. */
class QueueWalkPolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final PresenceRules RULES = new PresenceRules(PresenceSettings.DEFAULTS);
  private static final Duration OVERFLOW = Duration.ofSeconds(30);
  private static final Duration STICKY = Duration.ofSeconds(20);
  private static final RoutingSettings SETTINGS =
      new RoutingSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(120), OVERFLOW, STICKY);

  private static AgentState agent(String id, ChosenStatus status, int holding, Set<String> groups) {
    Map<String, Long> holdings = new HashMap<>();
    for (int i = 0; i < holding; i++) {
      holdings.put(id + "-chat-" + i, 1L);
    }
    return new AgentState(
        "s", id, status, 3, Set.of(id + "-conn"), holdings, Optional.empty(), Instant.EPOCH, 7,
        Optional.empty(), List.of(), Optional.empty(), groups, 0);
  }

  private static AgentState available(String id, String... groups) {
    return agent(id, ChosenStatus.AVAILABLE, 0, Set.of(groups));
  }

  private static AgentState offline(String id) {
    return new AgentState(
        "s", id, ChosenStatus.AVAILABLE, 3, Set.of(), Map.of(), Optional.of(NOW.minusSeconds(60)),
        Instant.EPOCH, 7, Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);
  }

  private static Chat waiting(String id, Duration waited, ChatRouting routing) {
    Instant at = NOW.minus(waited);
    return new Chat(
        "s", id, "vic", ChatState.QUEUED, Optional.empty(), 1, at,
        Optional.of(PendingKey.forRequest(routing.priority(), at, id)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), at, Optional.empty(),
        VisitorAbsence.NONE, routing, ChatTransfer.NONE);
  }

  private static ChatRouting forGroup(String group) {
    return new ChatRouting(Optional.of(group), 0, Optional.empty());
  }

  private static ChatRouting preferring(String agentId) {
    return new ChatRouting(Optional.empty(), 0, Optional.of(agentId));
  }

  private static QueueWalk walk(AgentState... agents) {
    QueueWalk walk = new QueueWalk(List.of(agents), RULES, SETTINGS, NOW);
    for (AgentState agent : agents) {
      walk.live(agent.agentId(), true);
    }
    return walk;
  }

  @Test
  void aChatForAGroupGoesOnlyToAnAgentOfThatGroupAndTheGrantChecksTheGroup() {
    // bob is the better pick by load (ann already holds a chat), but not of the group.
    QueueWalk walk = walk(agent("ann", ChosenStatus.AVAILABLE, 1, Set.of("billing")), available("bob", "sales"));

    assertThat(walk.next("c1", Optional.of(waiting("c1", Duration.ofSeconds(5), forGroup("billing")))))
        .isEqualTo(new Grant("ann", "c1", 1, Optional.of("billing")));
  }

  @Test
  void aChatForAGroupWithNoAgentOfItWaitsUntilItOverflowsThenAnyoneTakesItWithoutTheGroupCheck() {
    QueueWalk walk = walk(available("bob", "sales"));
    Chat young = waiting("c1", OVERFLOW.minusMillis(1), forGroup("billing"));
    Chat due = waiting("c1", OVERFLOW, forGroup("billing"));

    assertThat(walk.next("c1", Optional.of(young))).isEqualTo(new Done(true));
    assertThat(walk.nextWidening(young)).contains(NOW.plusMillis(1));
    assertThat(walk.next("c1", Optional.of(due))).isEqualTo(new Grant("bob", "c1", 1, Optional.empty()));
    assertThat(walk.nextWidening(due)).isEmpty();
  }

  @Test
  void withoutOverflowAChatForAGroupNeverGoesOutsideIt() {
    QueueWalk walk =
        new QueueWalk(
            List.of(available("bob")),
            RULES,
            new RoutingSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(120), Duration.ZERO, Duration.ZERO),
            NOW);
    walk.live("bob", true);
    Chat dayOld = waiting("c1", Duration.ofHours(23), forGroup("billing"));

    assertThat(walk.next("c1", Optional.of(dayOld))).isEqualTo(new Done(true));
    assertThat(walk.nextWidening(dayOld)).isEmpty();
  }

  @Test
  void aChatNobodyOfItsGroupCanTakeDoesNotHoldBackTheNextChat() {
    QueueWalk walk = walk(available("bob", "sales"));

    assertThat(walk.next("c1", Optional.of(waiting("c1", Duration.ofSeconds(9), forGroup("billing")))))
        .isEqualTo(new Done(true));
    assertThat(walk.next("c2", Optional.of(waiting("c2", Duration.ofSeconds(1), forGroup("sales")))))
        .isEqualTo(new Grant("bob", "c2", 1, Optional.of("sales")));
    assertThat(walk.next("c3", Optional.of(waiting("c3", Duration.ofSeconds(1), ChatRouting.ANYONE))))
        .isEqualTo(new Grant("bob", "c3", 1, Optional.empty()));
  }

  @Test
  void theEligiblePreferredAgentGetsTheChatOverABetterRankedOne() {
    QueueWalk walk = walk(available("ann"), agent("bob", ChosenStatus.AVAILABLE, 2, Set.of()));

    assertThat(walk.next("c1", Optional.of(waiting("c1", Duration.ofSeconds(1), preferring("bob")))))
        .isEqualTo(new Grant("bob", "c1", 1, Optional.empty()));
  }

  @Test
  void aChatWaitsForItsOnlinePreferredAgentWhoIsAwayOrFullUntilTheStickyWaitIsOver() {
    for (AgentState busy :
        List.of(agent("bob", ChosenStatus.AWAY, 0, Set.of()), agent("bob", ChosenStatus.AVAILABLE, 3, Set.of()))) {
      QueueWalk walk = walk(available("ann"), busy);
      Chat within = waiting("c1", STICKY.minusSeconds(1), preferring("bob"));
      Chat after = waiting("c1", STICKY, preferring("bob"));

      assertThat(walk.next("c1", Optional.of(within))).isEqualTo(new Done(true));
      assertThat(walk.nextWidening(within)).contains(NOW.plusSeconds(1));
      assertThat(walk.next("c1", Optional.of(after))).isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
    }
  }

  @Test
  void anOfflinePreferredAgentIsIgnored() {
    QueueWalk walk = walk(available("ann"), offline("bob"));

    assertThat(walk.next("c1", Optional.of(waiting("c1", Duration.ofSeconds(1), preferring("bob")))))
        .isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
  }

  @Test
  void aPreferredAgentWhoDeclinedTheChatIsNotWaitedFor() {
    QueueWalk walk = walk(available("ann"), agent("bob", ChosenStatus.AWAY, 0, Set.of()));
    Chat chat = waiting("c1", Duration.ofSeconds(1), preferring("bob"));
    Chat declinedByBob =
        new Chat(
            chat.siteId(), chat.chatId(), chat.visitorId(), chat.state(), chat.agentId(), chat.generation(),
            chat.requestedAt(), chat.pendingKey(), chat.assignedAt(), chat.assignedAgentVersion(),
            chat.endedBy(), chat.endedAt(), chat.offerExpiresAt(), Set.of("bob"), chat.waitingSince(),
            chat.announcedPosition(), chat.visitor(), chat.routing(), ChatTransfer.NONE);

    assertThat(walk.next("c1", Optional.of(declinedByBob))).isEqualTo(new Grant("ann", "c1", 1, Optional.empty()));
  }

  @Test
  void aPreferredAgentOutsideTheChatsGroupIsNotWaitedForBeforeOverflow() {
    QueueWalk walk = walk(available("ann", "billing"), agent("bob", ChosenStatus.AWAY, 0, Set.of("sales")));
    ChatRouting routing = new ChatRouting(Optional.of("billing"), 0, Optional.of("bob"));

    assertThat(walk.next("c1", Optional.of(waiting("c1", Duration.ofSeconds(1), routing))))
        .isEqualTo(new Grant("ann", "c1", 1, Optional.of("billing")));
  }

  // --- why this agent ------------------------------------------------------------------------

  private static AgentState agentAt(String id, int holding, Instant lastAssignedAt) {
    AgentState agent = agent(id, ChosenStatus.AVAILABLE, holding, Set.of());
    return new AgentState(
        agent.siteId(), agent.agentId(), agent.chosenStatus(), agent.maxChats(), agent.connections(),
        agent.holdings(), agent.lastDisconnectAt(), lastAssignedAt, agent.version(),
        agent.lastDisconnectReason(), agent.history(), agent.unresponsiveSince(), agent.groups(),
        agent.presenceVersion());
  }

  /** Walks the chat to its grant, grants it as the store would, and returns the recorded decision. */
  private static AssignmentDecision decided(QueueWalk walk, Chat chat, AgentState... agents) {
    Grant grant = (Grant) walk.next(chat.chatId(), Optional.of(chat));
    AgentState chosen = List.of(agents).stream().filter(a -> a.agentId().equals(grant.agentId())).findFirst().orElseThrow();
    Map<String, Long> holdings = new HashMap<>(chosen.holdings());
    holdings.put(chat.chatId(), chat.generation());
    walk.granted(
        chat.chatId(),
        new AgentState(
            chosen.siteId(), chosen.agentId(), chosen.chosenStatus(), chosen.maxChats(), chosen.connections(),
            holdings, chosen.lastDisconnectAt(), NOW, chosen.version() + 1, chosen.lastDisconnectReason(),
            chosen.history(), chosen.unresponsiveSince(), chosen.groups(), chosen.presenceVersion() + 1));
    RoutingStep.Record record = (RoutingStep.Record) walk.next(chat.chatId(), Optional.of(chat));
    return record.decision().orElseThrow();
  }

  @Test
  void theRecordedDecisionNamesTheRuleThatSettledItAndTheCandidatesBestFirst() {
    Instant early = NOW.minusSeconds(600);
    Instant late = NOW.minusSeconds(60);
    AgentState ann = agentAt("ann", 1, early);
    AgentState bob = agentAt("bob", 0, late);
    AgentState cat = agentAt("cat", 0, early);
    Chat chat = waiting("c1", Duration.ofSeconds(1), ChatRouting.ANYONE);

    AssignmentDecision decision = decided(walk(ann, bob, cat), chat, ann, bob, cat);

    assertThat(decision.agentId()).isEqualTo("cat");
    assertThat(decision.rule()).isEqualTo(AssignmentDecision.Rule.LONGEST_SINCE_LAST_ASSIGNMENT);
    assertThat(decision.candidates())
        .containsExactly(
            new AssignmentDecision.Candidate("cat", 0, early),
            new AssignmentDecision.Candidate("bob", 0, late),
            new AssignmentDecision.Candidate("ann", 1, early));
    assertThat(decided(walk(ann, bob), chat, ann, bob).rule()).isEqualTo(AssignmentDecision.Rule.FEWEST_CHATS);
    assertThat(decided(walk(agentAt("ann", 0, early), cat), chat, agentAt("ann", 0, early), cat).rule())
        .isEqualTo(AssignmentDecision.Rule.AGENT_ID);
    assertThat(decided(walk(bob), chat, bob).rule()).isEqualTo(AssignmentDecision.Rule.ONLY_CANDIDATE);
  }

  @Test
  void aChatToItsPreferredAgentIsRecordedSoAndAnOverflowedOneWithItsGroup() {
    AgentState ann = agentAt("ann", 2, NOW.minusSeconds(60));
    AgentState bob = agentAt("bob", 0, NOW.minusSeconds(60));

    AssignmentDecision preferred = decided(walk(ann, bob), waiting("c1", Duration.ofSeconds(1), preferring("ann")), ann, bob);
    AssignmentDecision overflowed = decided(walk(bob), waiting("c2", OVERFLOW, forGroup("billing")), bob);

    assertThat(preferred.agentId()).isEqualTo("ann");
    assertThat(preferred.rule()).isEqualTo(AssignmentDecision.Rule.PREFERRED_AGENT);
    assertThat(overflowed.group()).contains("billing");
    assertThat(overflowed.overflowed()).isTrue();
  }
}
