package chat.presence.functions.presence;

import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.TransitionReason;
import java.time.Instant;
import java.util.Optional;

/**
 * Forgets a connection that is gone for good: on {@code $disconnect}, and when the gateway proves it
 * dead. Each step is conditional, so running it twice, or late for a superseded connection, changes
 * nothing.
 */
public final class ConnectionLifecycle {
  private final ConnectionStore connections;
  private final AgentStore agents;

  public ConnectionLifecycle(ConnectionStore connections, AgentStore agents) {
    this.connections = connections;
    this.agents = agents;
  }

  /**
   * @param goneAt when the connection stopped being live; the grace period runs from the last such
   *     time of an agent
   * @param reason how we know it is gone, kept for the agent's timeline
   * @return the agent after the change, if the connection was an agent's and still registered
   */
  public Optional<AgentState> drop(String connectionId, Instant goneAt, TransitionReason reason) {
    Optional<ConnectionRecord> record = connections.get(connectionId);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    connections.delete(connectionId);
    var identity = record.get().identity();
    if (!identity.isAgent()) {
      return Optional.empty();
    }
    return agents.removeConnection(identity.siteId(), identity.userId(), connectionId, goneAt, reason);
  }
}
