package chat.presence.functions.presence;

import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.wire.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * Forgets a connection that is gone for good: on {@code $disconnect}, and when the gateway proves it
 * dead. The agent's item (or a visitor's open chats) is written before the connection's record is
 * deleted: a crash in between
 * leaves a record of a dead connection, which the reaper finds and drops again, never an agent that
 * lists a connection nobody will ever look at. Each step is conditional, so running it twice, or
 * late for a superseded connection, changes nothing.
 */
public final class ConnectionLifecycle {
  private static final int VISITOR_DROP_ATTEMPTS = 3;

  private final ConnectionStore connections;
  private final AgentStore agents;
  private final VisitorPresence visitors;
  private final PresenceRules rules;

  public ConnectionLifecycle(
      ConnectionStore connections, AgentStore agents, VisitorPresence visitors, PresenceRules rules) {
    this.connections = connections;
    this.agents = agents;
    this.visitors = visitors;
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
    if (identity.role() == Role.VISITOR) {
      forgetVisitorConnection(record, goneAt);
      return Optional.empty();
    }
    Optional<AgentState> agent = Optional.empty();
    if (identity.isAgent()) {
      agent =
          agents.removeConnection(
              identity.siteId(), identity.userId(), record.connectionId(), goneAt, reason);
    }
    connections.delete(record);
    return agent;
  }

  /**
   * A chat requested on the connection while its departure was being recorded is listed on the
   * record after it was read: the record is deleted only as read, else the departure is recorded
   * again with the chats listed now. If requests keep coming the record stays, for the reaper.
   */
  private void forgetVisitorConnection(ConnectionRecord record, Instant goneAt) {
    Optional<ConnectionRecord> current = Optional.of(record);
    for (int attempt = 0; attempt < VISITOR_DROP_ATTEMPTS && current.isPresent(); attempt++) {
      ConnectionRecord seen = current.get();
      visitors.left(seen.identity().siteId(), seen.identity().userId(), seen.chats(), goneAt);
      if (connections.delete(seen)) {
        return;
      }
      current = connections.get(seen.connectionId());
    }
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
