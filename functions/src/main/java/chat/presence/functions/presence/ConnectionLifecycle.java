package chat.presence.functions.presence;

import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.presence.TransitionReason;
import java.time.Instant;
import java.util.Optional;

/**
 * Forgets a connection that is gone for good: on {@code $disconnect}, and when the gateway proves it
 * dead. The agent's item is written before the connection's record is deleted: a crash in between
 * leaves a record of a dead connection, which the reaper finds and drops again, never an agent that
 * lists a connection nobody will ever look at. Each step is conditional, so running it twice, or
 * late for a superseded connection, changes nothing.
 */
public final class ConnectionLifecycle {
  private final ConnectionStore connections;
  private final AgentStore agents;
  private final PresenceRules rules;

  public ConnectionLifecycle(ConnectionStore connections, AgentStore agents, PresenceRules rules) {
    this.connections = connections;
    this.agents = agents;
    this.rules = rules;
  }

  /**
   * @param goneAt when the connection stopped being live; the grace period runs from the last such
   *     time of an agent
   * @param reason how we know it is gone, kept for the agent's timeline
   * @return the agent after the change, if the connection was an agent's and still registered
   */
  public Optional<AgentState> drop(String connectionId, Instant goneAt, TransitionReason reason) {
    return connections.get(connectionId).flatMap(record -> drop(record, goneAt, reason));
  }

  public Optional<AgentState> drop(ConnectionRecord record, Instant goneAt, TransitionReason reason) {
    var identity = record.identity();
    Optional<AgentState> agent =
        identity.isAgent()
            ? agents.removeConnection(
                identity.siteId(), identity.userId(), record.connectionId(), goneAt, reason)
            : Optional.empty();
    connections.delete(record.connectionId());
    return agent;
  }

  /**
   * The gateway answered "gone" for a connection of the user: drops it if that proves it dead, that
   * is unless it is young enough to be still in its handshake (API Gateway answers "gone" until
   * {@code $connect} has returned). A connection an agent lists without a record is old (records are
   * written before the agent, and outlive the gateway's two-hour limit), so it is dropped.
   *
   * @return whether the connection was proven dead
   */
  public boolean goneAnswered(String siteId, String userId, String connectionId, Instant now) {
    Optional<ConnectionRecord> record = connections.get(connectionId);
    if (record.isEmpty()) {
      agents.removeConnection(siteId, userId, connectionId, now, TransitionReason.VERIFIED_GONE);
      return true;
    }
    if (rules.judge(Optional.empty(), record.get().connectedAt(), now) == ConnectionVerdict.CONNECTING) {
      return false;
    }
    drop(record.get(), now, TransitionReason.VERIFIED_GONE);
    return true;
  }
}
