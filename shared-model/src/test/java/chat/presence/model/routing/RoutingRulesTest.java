package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  /** Holdings of the given chats, each granted for the chats' first generation. */
  private static Map<String, Long> held(Set<String> chats) {
    return chats.stream().collect(Collectors.toMap(c -> c, c -> 1L));
  }

  private static AgentState agent(
      String id, ChosenStatus status, int connections, int activeChats, int maxChats, Instant lastAssigned) {
    Set<String> conns =
        IntStream.range(0, connections).mapToObj(i -> id + "-conn-" + i).collect(Collectors.toSet());
    Set<String> chats =
        IntStream.range(0, activeChats).mapToObj(i -> id + "-chat-" + i).collect(Collectors.toSet());
    return new AgentState("site", id, status, maxChats, conns, held(chats), Optional.empty(), lastAssigned, 1,
        Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);
  }

  private static AgentState available(String id, int activeChats, Instant lastAssigned) {
    return agent(id, ChosenStatus.AVAILABLE, 1, activeChats, 3, lastAssigned);
  }

  private static List<String> ids(List<AgentState> agents) {
    return agents.stream().map(AgentState::agentId).toList();
  }

  // --- eligibility ------------------------------------------------------------------------

  @Test
  void availableConnectedAgentBelowCapacityIsEligible() {
    assertThat(RoutingRules.isEligible(agent("a", ChosenStatus.AVAILABLE, 1, 2, 3, T0))).isTrue();
  }

  @Test
  void awayAgentIsNotEligible() {
    assertThat(RoutingRules.isEligible(agent("a", ChosenStatus.AWAY, 2, 0, 3, T0))).isFalse();
  }

  @Test
  void agentWithoutConnectionIsNotEligibleEvenWithinGrace() {
    AgentState withinGrace =
        new AgentState("site", "a", ChosenStatus.AVAILABLE, 3, Set.of(), Map.of(),
            Optional.of(T0), Instant.EPOCH, 1, Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);

    assertThat(RoutingRules.isEligible(withinGrace)).isFalse();
  }

  @Test
  void fullAgentIsNotEligible() {
    assertThat(RoutingRules.isEligible(agent("a", ChosenStatus.AVAILABLE, 1, 3, 3, T0))).isFalse();
  }

  @Test
  void agentAboveALoweredCapacityIsNotEligible() {
    assertThat(RoutingRules.isEligible(agent("a", ChosenStatus.AVAILABLE, 1, 4, 2, T0))).isFalse();
  }

  @Test
  void rankingLeavesOutAwayDisconnectedAndFullAgents() {
    List<AgentState> agents =
        List.of(
            agent("away", ChosenStatus.AWAY, 1, 0, 3, Instant.EPOCH),
            agent("unconnected", ChosenStatus.AVAILABLE, 0, 0, 3, Instant.EPOCH),
            agent("full", ChosenStatus.AVAILABLE, 1, 3, 3, Instant.EPOCH),
            agent("ok", ChosenStatus.AVAILABLE, 1, 2, 3, T0));

    assertThat(ids(RoutingRules.rankEligible(agents))).containsExactly("ok");
  }

  // --- preference -------------------------------------------------------------------------

  @Test
  void fewestActiveChatsComesFirstEvenIfAssignedMoreRecently() {
    List<AgentState> agents =
        List.of(available("busy", 2, Instant.EPOCH), available("idle", 0, T0), available("one", 1, T0));

    assertThat(ids(RoutingRules.rankEligible(agents))).containsExactly("idle", "one", "busy");
  }

  @Test
  void amongEquallyBusyAgentsTheOneWaitingLongestSinceAnAssignmentComesFirst() {
    List<AgentState> agents =
        List.of(
            available("recent", 1, T0),
            available("never", 1, Instant.EPOCH),
            available("earlier", 1, T0.minusSeconds(60)));

    assertThat(ids(RoutingRules.rankEligible(agents))).containsExactly("never", "earlier", "recent");
  }

  @Test
  void fullTieIsBrokenByAgentIdSoTheOrderIsDeterministic() {
    List<AgentState> agents =
        List.of(available("carol", 1, T0), available("alice", 1, T0), available("bob", 1, T0));

    assertThat(ids(RoutingRules.rankEligible(agents))).containsExactly("alice", "bob", "carol");
  }

  @Test
  void rankingDoesNotDependOnInputOrder() {
    List<AgentState> agents = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      agents.add(available("agent-" + (char) ('a' + i), i % 3, T0.minusSeconds(i % 4)));
    }
    List<String> reference = ids(RoutingRules.rankEligible(agents));

    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(agents, random);
      assertThat(ids(RoutingRules.rankEligible(agents))).isEqualTo(reference);
    }
  }
}
