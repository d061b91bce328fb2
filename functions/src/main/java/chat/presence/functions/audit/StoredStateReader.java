package chat.presence.functions.audit;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.model.presence.AgentState;
import chat.presence.model.routing.Chat;
import chat.presence.model.wire.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the tables, the gateway's view of the agents' connections and the dead-letter count. */
final class StoredStateReader {
  private static final String ACTIVE_COUNT = "activeCount";

  private final Services services;
  private final DeadLetterQueue deadLetterQueue;

  StoredStateReader(Services services, DeadLetterQueue deadLetterQueue) {
    this.services = services;
    this.deadLetterQueue = deadLetterQueue;
  }

  AuditSnapshot read() {
    // Chats before agents: an assignment writes the agent first, so a chat read as assigned is
    // already on its agent's item when the agents are read.
    List<Chat> chats = services.chats().all();
    var agentItems = services.agents().allWithItems();
    Map<String, Map<String, ConnectionRecord>> recordsByUser =
        services.connections().all().stream()
            .filter(record -> record.identity().isAgent())
            .collect(
                Collectors.groupingBy(
                    record -> record.identity().userKey(),
                    Collectors.toMap(ConnectionRecord::connectionId, record -> record)));
    List<AgentFacts> agents = new ArrayList<>();
    for (var entry : agentItems) {
      AgentState state = entry.getKey();
      Map<String, ConnectionRecord> records =
          recordsByUser.getOrDefault(Identity.userKey(state.siteId(), state.agentId()), Map.of());
      agents.add(
          new AgentFacts(state, storedActiveCount(entry.getValue()), connections(state, records)));
    }
    DeadLetterCount deadLetters = deadLetterQueue.count();
    return new AuditSnapshot(services.clock().instant(), agents, chats, deadLetters);
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
                    services.gateway().lastActiveAt(id)))
        .toList();
  }

  private static long storedActiveCount(Map<String, AttributeValue> item) {
    AttributeValue count = item.get(ACTIVE_COUNT);
    return count == null || count.n() == null ? 0 : Long.parseLong(count.n());
  }
}
