package chat.presence.functions.presence;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import java.time.Clock;
import java.util.Collection;

/**
 * Sends events to every connection of a user. A connection the gateway reports gone is forgotten on
 * the spot when that answer proves it dead ({@link ConnectionLifecycle#goneAnswered}).
 */
public final class Notifier {
  private final ConnectionStore connections;
  private final ConnectionsGateway gateway;
  private final ConnectionLifecycle lifecycle;
  private final Clock clock;

  public Notifier(
      ConnectionStore connections, ConnectionsGateway gateway, ConnectionLifecycle lifecycle, Clock clock) {
    this.connections = connections;
    this.gateway = gateway;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** Sends to all connections of the user; returns how many received it. */
  public int toUser(String siteId, String userId, String frame) {
    return toConnections(
        siteId,
        userId,
        connections.ofUser(siteId, userId).stream().map(ConnectionRecord::connectionId).toList(),
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
