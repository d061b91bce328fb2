package chat.presence.local.gateway;

/** Fault injection for tests: the ways a real API Gateway lets its backend down. */
public final class GatewayFaults {
  private final Connections connections;

  GatewayFaults(Connections connections) {
    this.connections = connections;
  }

  /**
   * The gateway will never invoke {@code $disconnect} for this connection, as when API Gateway
   * fails to deliver it; the connection itself still closes normally.
   *
   * @return false when the connection is not open
   */
  public boolean dropDisconnect(String connectionId) {
    return connections
        .find(connectionId)
        .map(
            connection -> {
              connection.dropDisconnect();
              return true;
            })
        .orElse(false);
  }

  /**
   * Closes the connection now, as API Gateway does when a connection reaches its maximum age.
   *
   * @return false when the connection is not open
   */
  public boolean expireConnection(String connectionId) {
    return connections
        .find(connectionId)
        .map(
            connection -> {
              connections.close(connection, DisconnectCause.GOING_AWAY);
              return true;
            })
        .orElse(false);
  }
}
