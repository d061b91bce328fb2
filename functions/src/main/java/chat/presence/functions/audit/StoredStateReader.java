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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads the tables, the gateway's view of the agents' connections and the dead-letter count. */
final class StoredStateReader {
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
    List<AgentFacts> facts = new ArrayList<>();
    for (AgentState state : allAgents) {
      Map<String, ConnectionRecord> records =
          recordsByUser.getOrDefault(Identity.userKey(state.siteId(), state.agentId()), Map.of());
      facts.add(new AgentFacts(state, connections(state, records)));
    }
    DeadLetterCount deadLetters = deadLetterQueue.count();
    return new AuditSnapshot(clock.instant(), facts, allChats, deadLetters);
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
