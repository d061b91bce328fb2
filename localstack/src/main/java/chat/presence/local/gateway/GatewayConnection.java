package chat.presence.local.gateway;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Session;

/** One open client socket as the gateway tracks it. */
final class GatewayConnection {
  private final Handshake handshake;
  private final Session socket;
  private final SerialQueue invocations;
  private final AtomicBoolean disconnected = new AtomicBoolean();
  private volatile long lastActiveAt;
  private volatile boolean disconnectDropped;

  GatewayConnection(Handshake handshake, Session socket, SerialQueue invocations) {
    this.handshake = handshake;
    this.socket = socket;
    this.invocations = invocations;
    this.lastActiveAt = handshake.connectedAt();
  }

  String id() {
    return handshake.connectionId();
  }

  Handshake handshake() {
    return handshake;
  }

  long lastActiveAt() {
    return lastActiveAt;
  }

  void markActive(long at) {
    lastActiveAt = at;
  }

  /** Blocks until the frame is written, so that a 200 from {@code @connections} means it left. */
  void send(String text) throws IOException {
    socket.getRemote().sendString(text);
  }

  void closeSocket(DisconnectCause cause) {
    socket.close(cause.statusCode(), cause.reason());
  }

  /** Runs after every invocation submitted before it for this connection has finished. */
  void invokeInOrder(Runnable invocation) {
    invocations.submit(invocation);
  }

  /** True only the first time: a connection disconnects once, however many ways it is closed. */
  boolean markDisconnected() {
    return disconnected.compareAndSet(false, true);
  }

  void dropDisconnect() {
    disconnectDropped = true;
  }

  boolean disconnectDropped() {
    return disconnectDropped;
  }
}
