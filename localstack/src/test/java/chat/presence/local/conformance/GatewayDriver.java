package chat.presence.local.conformance;

import chat.presence.functions.aws.ConnectionsGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link GatewayContract} needs from an API Gateway WebSocket API: the clients' side and the
 * passing of time, driven on a fake (its clock moves) or on the emulator (real sockets, real
 * sleeps). The backend's side is {@link #gateway()}, the interface the handlers use.
 */
interface GatewayDriver extends AutoCloseable {
  /** {@code @connections} as the handlers call it. */
  ConnectionsGateway gateway();

  /** The gateway's idle timeout, for this driver's gateway. */
  Duration idleTimeout();

  /** The gateway's maximum connection age, for this driver's gateway. */
  Duration maxConnectionAge();

  /** A client connects and {@code $connect} accepts it; returns once the socket is open. */
  String open() throws Exception;

  /**
   * A client connects, {@code $connect} answers 2xx, but the gateway has not yet accepted the
   * socket (as while {@code $connect} is still running on API Gateway). One at a time.
   *
   * @return the connection id {@code $connect} saw
   */
  String beginHeldHandshake() throws Exception;

  /** The held handshake completes: the socket is open. */
  void completeHandshake(String connectionId) throws Exception;

  /**
   * A client connects and {@code $connect} refuses it (403).
   *
   * @return the connection id {@code $connect} saw
   */
  String refusedHandshake() throws Exception;

  /** The connection's connect time, as {@code $connect}'s request context gives it. */
  Instant connectedAt(String connectionId);

  /**
   * The client sends a frame (a heartbeat); returns once the gateway has taken it in.
   *
   * @return the time the gateway received it, as its route's request context gives it
   */
  Instant clientFrame(String connectionId) throws Exception;

  /** The client closes its socket normally. */
  void clientClose(String connectionId) throws Exception;

  /** The gateway will never invoke {@code $disconnect} for the connection. */
  void dropDisconnect(String connectionId);

  /** The frames the client has received so far, in order. */
  List<String> received(String connectionId);

  /** Whether the gateway has closed the client's socket (DeleteConnection, timeouts). */
  boolean closedByGateway(String connectionId);

  /** The connection ids {@code $disconnect} has been invoked for so far, in order. */
  List<String> disconnects();

  /** Lets {@code duration} pass. */
  void advance(Duration duration) throws Exception;

  /**
   * Gives asynchronous effects that should not happen (a second {@code $disconnect}) time to show
   * up; nothing to wait for on a fake.
   */
  void settle() throws Exception;

  @Override
  void close();
}
