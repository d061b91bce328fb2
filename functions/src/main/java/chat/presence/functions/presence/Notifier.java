package chat.presence.functions.presence;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;

/**
 * Sends events to every connection of a user: an agent's as its item lists them, a visitor's as the
 * connections' index finds them. A connection the gateway reports gone is forgotten on the spot
 * when that answer proves it dead ({@link ConnectionLifecycle#goneAnswered}).
 */
public final class Notifier {
  private final ConnectionStore connections;
  private final AgentStore agents;
  private final ConnectionsGateway gateway;
  private final ConnectionLifecycle lifecycle;
  private final Clock clock;

  public Notifier(
      ConnectionStore connections,
      AgentStore agents,
      ConnectionsGateway gateway,
      ConnectionLifecycle lifecycle,
      Clock clock) {
    this.connections = connections;
    this.agents = agents;
    this.gateway = gateway;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** Sends to all connections the agent's item lists; returns how many received it. */
  public int toAgent(String siteId, String agentId, String frame) {
    Set<String> listed = agents.get(siteId, agentId).map(AgentState::connections).orElse(Set.of());
    return toConnections(siteId, agentId, listed, frame);
  }

  /** Sends to all connections of the visitor; returns how many received it. */
  public int toVisitor(String siteId, String visitorId, String frame) {
    return toConnections(
        siteId,
        visitorId,
        connections.ofUser(siteId, visitorId).stream().map(ConnectionRecord::connectionId).toList(),
        frame);
  }

  /** Sends to the given connections of the user; returns how many received it. */
  public int toConnections(
      String siteId, String userId, Collection<String> connectionIds, String frame) {
    int delivered = 0;
    for (String connectionId : connectionIds) {
      if (gateway.send(connectionId, frame)) {
        delivered++;
      } else {
        lifecycle.goneAnswered(siteId, userId, connectionId, clock.instant());
      }
    }
    return delivered;
  }
}
