package chat.presence.functions.audit;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.routing.Chat;
import chat.presence.model.wire.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tables, the gateway's view of the agents' connections and the dead-letter count. The
 * gateway is asked for {@link #GATEWAY_BUDGET} at most, agent by agent in an order that changes
 * with each read; an agent not reached in time, or whose question failed, is read unasked.
 */
final class StoredStateReader {
  private static final Logger LOG = LoggerFactory.getLogger(StoredStateReader.class);
  /**
   * The audit function's 10 s timeout holds two reads (a finding is confirmed by a second) and
   * their table scans.
   */
  static final Duration GATEWAY_BUDGET = Duration.ofSeconds(3);
  private final AgentStore agents;
  private final ChatStore chats;
  private final ConnectionStore connections;
  private final ConnectionsGateway gateway;
  private final DeadLetterQueue deadLetterQueue;
  private final Clock clock;

  StoredStateReader(
      AgentStore agents,
      ChatStore chats,
      ConnectionStore connections,
      ConnectionsGateway gateway,
      DeadLetterQueue deadLetterQueue,
      Clock clock) {
    this.agents = agents;
    this.chats = chats;
    this.connections = connections;
    this.gateway = gateway;
    this.deadLetterQueue = deadLetterQueue;
    this.clock = clock;
  }

  AuditSnapshot read() {
    // Chats before agents: an assignment writes the agent first, so a chat read as assigned is
    // already on its agent's item when the agents are read.
    List<Chat> allChats = chats.all();
    List<AgentState> allAgents = agents.all();
    Map<String, Map<String, ConnectionRecord>> recordsByUser =
        connections.all().stream()
            .filter(record -> record.identity().isAgent())
            .collect(
                Collectors.groupingBy(
                    record -> record.identity().userKey(),
                    Collectors.toMap(ConnectionRecord::connectionId, record -> record)));
    Instant started = clock.instant();
    Instant budgetEnds = started.plus(GATEWAY_BUDGET);
    List<AgentState> inOrder = new ArrayList<>(allAgents);
    // Derived from the read's time: agents left unasked this time are as likely as any to come
    // first the next.
    inOrder.sort(Comparator.comparingInt(agent -> (userKey(agent) + started.toEpochMilli()).hashCode()));
    List<AgentFacts> facts = new ArrayList<>();
    for (AgentState state : inOrder) {
      facts.add(clock.instant().isAfter(budgetEnds) ? AgentFacts.unasked(state) : asked(state, recordsByUser));
    }
    DeadLetterCount deadLetters = deadLetterQueue.count();
    return new AuditSnapshot(clock.instant(), facts, allChats, deadLetters);
  }

  private AgentFacts asked(AgentState state, Map<String, Map<String, ConnectionRecord>> recordsByUser) {
    try {
      return new AgentFacts(state, connections(state, recordsByUser.getOrDefault(userKey(state), Map.of())));
    } catch (RuntimeException e) {
      LOG.warn("audit could not ask the gateway about agent {}", userKey(state), e);
      return AgentFacts.unasked(state);
    }
  }

  private static String userKey(AgentState agent) {
    return Identity.userKey(agent.siteId(), agent.agentId());
  }

  /** The connections on the agent's item and those registered for it, each asked of the gateway. */
  private List<ConnectionFacts> connections(
      AgentState agent, Map<String, ConnectionRecord> records) {
    var ids = new TreeSet<>(agent.connections());
    ids.addAll(records.keySet());
    return ids.stream()
        .map(
            id ->
                new ConnectionFacts(
                    id,
                    Optional.ofNullable(records.get(id)).map(ConnectionRecord::connectedAt),
                    gateway.lastActiveAt(id)))
        .toList();
  }
}
