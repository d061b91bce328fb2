package chat.presence.local.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections, and the one way out of that set: a {@code $disconnect}, delivered once. */
final class Connections {
  private final Map<String, GatewayConnection> open = new ConcurrentHashMap<>();
  private final Integration integration;
  private final WebSocketEvents events;

  Connections(Integration integration, WebSocketEvents events) {
    this.integration = integration;
    this.events = events;
  }

  void add(GatewayConnection connection) {
    open.put(connection.id(), connection);
  }

  Optional<GatewayConnection> find(String connectionId) {
    return Optional.ofNullable(open.get(connectionId));
  }

  List<GatewayConnection> snapshot() {
    return List.copyOf(open.values());
  }

  /**
   * Forgets a connection whose socket is closing and invokes {@code $disconnect} after the frames
   * still being handled for it. Later calls for the same connection do nothing.
   */
  void disconnected(GatewayConnection connection, DisconnectCause cause) {
    if (!connection.markDisconnected()) {
      return;
    }
    open.remove(connection.id(), connection);
    if (connection.disconnectDropped()) {
      return;
    }
    long at = System.currentTimeMillis();
    connection.invokeInOrder(
        () ->
            integration.invoke(
                Integration.DISCONNECT, events.disconnect(connection.handshake(), cause, at)));
  }

  /** Closes a connection from the gateway's side, as API Gateway does. */
  void close(GatewayConnection connection, DisconnectCause cause) {
    disconnected(connection, cause);
    connection.closeSocket(cause);
  }
}
