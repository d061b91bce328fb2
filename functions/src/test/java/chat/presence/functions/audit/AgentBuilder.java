package chat.presence.functions.audit;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.StatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the auditor's view of one agent; by default available, connected live, holding nothing.
 */
final class AgentBuilder {
  private final String agentId;
  private ChosenStatus status = ChosenStatus.AVAILABLE;
  private int maxChats = 3;
  private final Set<String> listedConnections = new LinkedHashSet<>();
  private final List<ConnectionFacts> connections = new ArrayList<>();
  private final Map<String, Long> holdings = new LinkedHashMap<>();
  private Optional<Instant> lastDisconnectAt = Optional.empty();
  private Instant lastAssignedAt = AuditFixtures.NOW.minusSeconds(10);
  private final List<StatusChange> history = new ArrayList<>();
  private Optional<Instant> unresponsiveSince = Optional.empty();

  private AgentBuilder(String agentId) {
    this.agentId = agentId;
  }

  static AgentBuilder agent(String agentId) {
    return new AgentBuilder(agentId).liveConnection(agentId + "-conn");
  }

  static AgentBuilder disconnectedAgent(String agentId, Instant lastDisconnectAt) {
    AgentBuilder agent = new AgentBuilder(agentId);
    agent.lastDisconnectAt = Optional.of(lastDisconnectAt);
    return agent;
  }

  AgentBuilder away() {
    status = ChosenStatus.AWAY;
    return this;
  }

  AgentBuilder maxChats(int max) {
    maxChats = max;
    return this;
  }

  /** Holds the chats, each granted for its first generation. */
  AgentBuilder holding(String... chatIds) {
    for (String chatId : chatIds) {
      holdings.put(chatId, 1L);
    }
    return this;
  }

  /** Holding the chat for {@code generation}, as a transfer's target holds the chat's next one. */
  AgentBuilder holdingGeneration(String chatId, long generation) {
    holdings.put(chatId, generation);
    return this;
  }

  AgentBuilder lastAssignedAt(Instant at) {
    lastAssignedAt = at;
    return this;
  }

  AgentBuilder unresponsiveSince(Instant at) {
    unresponsiveSince = Optional.of(at);
    return this;
  }

  AgentBuilder history(StatusChange... changes) {
    history.addAll(List.of(changes));
    return this;
  }

  /**
   * Replaces the connections: one on the item, registered long ago, that the gateway says is gone.
   */
  AgentBuilder onlyGoneConnection(String connectionId, Optional<Instant> registeredAt) {
    listedConnections.clear();
    connections.clear();
    listedConnections.add(connectionId);
    connections.add(new ConnectionFacts(connectionId, registeredAt, Optional.empty()));
    return this;
  }

  /** Replaces the connections: one on the item whose last frame the gateway saw at {@code at}. */
  AgentBuilder onlyConnectionLastActiveAt(String connectionId, Instant at) {
    listedConnections.clear();
    connections.clear();
    listedConnections.add(connectionId);
    connections.add(
        new ConnectionFacts(
            connectionId, Optional.of(at.minus(Duration.ofMinutes(5))), Optional.of(at)));
    return this;
  }

  /** A live connection that is registered but not on the agent's item. */
  AgentBuilder liveConnectionNotOnItem(String connectionId, Instant registeredAt) {
    connections.add(
        new ConnectionFacts(
            connectionId,
            Optional.of(registeredAt),
            Optional.of(AuditFixtures.NOW.minusSeconds(5))));
    return this;
  }

  private AgentBuilder liveConnection(String connectionId) {
    listedConnections.add(connectionId);
    connections.add(
        new ConnectionFacts(
            connectionId,
            Optional.of(AuditFixtures.NOW.minus(Duration.ofMinutes(30))),
            Optional.of(AuditFixtures.NOW.minusSeconds(5))));
    return this;
  }

  AgentFacts build() {
    AgentState state =
        new AgentState(
            AuditFixtures.SITE,
            agentId,
            status,
            maxChats,
            listedConnections,
            holdings,
            lastDisconnectAt,
            lastAssignedAt,
            history.stream().mapToLong(StatusChange::version).max().orElse(1),
            Optional.empty(),
            history,
            unresponsiveSince, Set.of(), 0);
    return new AgentFacts(state, connections);
  }
}
