package chat.presence.local.gateway;

import java.time.Duration;

/**
 * Fault injection for tests: the ways a real API Gateway lets its backend down. Every instance of
 * one gateway acts on the same state.
 */
public final class GatewayFaults {
  private final Connections connections;
  private final HandshakeHold handshakeHold;

  GatewayFaults(Connections connections, HandshakeHold handshakeHold) {
    this.connections = connections;
    this.handshakeHold = handshakeHold;
  }

  /**
   * From now on, each handshake whose {@code $connect} handler returned 2xx waits {@code hold}
   * before its socket is accepted and registered. Meanwhile the backend knows the connection id
   * ({@code $connect} saw it) but {@code @connections} answers 410 Gone for it, as API Gateway does
   * while {@code $connect} is still running; the client's handshake is still pending. {@link
   * Duration#ZERO} stops holding. A change also applies to the handshakes already held: each waits
   * until the new hold has passed since its {@code $connect} returned, so zero releases them all.
   * Stopping the gateway releases and refuses held handshakes.
   */
  public void holdHandshakes(Duration hold) {
    handshakeHold.set(hold);
  }

  /** The hold set by {@link #holdHandshakes(Duration)}; zero when handshakes are not held. */
  public Duration handshakeHold() {
    return handshakeHold.current();
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
