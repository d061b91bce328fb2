package chat.presence.local.gateway;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client side of the gateway: handshakes, frames and closes, turned into route invocations. */
final class WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

  /**
   * Carries the handshake, and so the connection id $connect saw, from the upgrade request to its
   * socket.
   */
  private static final String HANDSHAKE = "gateway.handshake";

  private final Integration integration;
  private final WebSocketEvents events;
  private final Connections connections;
  private final Executor invocations;
  private final BooleanSupplier accepting;
  private final HandshakeHold hold;

  WebSocketEndpoint(
      Integration integration,
      WebSocketEvents events,
      Connections connections,
      Executor invocations,
      BooleanSupplier accepting,
      HandshakeHold hold) {
    this.integration = integration;
    this.events = events;
    this.connections = connections;
    this.invocations = invocations;
    this.accepting = accepting;
    this.hold = hold;
  }

  /**
   * Runs $connect before the upgrade, as API Gateway does: a non-2xx answer refuses the socket.
   * When a test holds handshakes, an accepted one then waits before its socket is accepted and
   * registered, so that {@code @connections} answers 410 for it meanwhile, as API Gateway does
   * while {@code $connect} is still running.
   */
  void beforeUpgrade(Context ctx) {
    if (!accepting.getAsBoolean()) {
      throw stopping();
    }
    Handshake handshake = Handshake.of(ctx, Ids.next(), System.currentTimeMillis());
    int status = integration.invoke(Integration.CONNECT, events.connect(handshake));
    if (status / 100 != 2) {
      throw new HttpResponseException(status, "Connection refused");
    }
    awaitHold(System.nanoTime());
    ctx.attribute(HANDSHAKE, handshake);
  }

  private void awaitHold(long connectReturnedAt) {
    try {
      hold.await(connectReturnedAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stopping();
    }
    if (!accepting.getAsBoolean()) {
      throw stopping();
    }
  }

  private static HttpResponseException stopping() {
    return new HttpResponseException(
        HttpStatus.SERVICE_UNAVAILABLE.getCode(), "Gateway is stopping");
  }

  void configure(WsConfig ws) {
    ws.onConnect(this::onConnect);
    ws.onMessage(this::onMessage);
    ws.onBinaryMessage(this::onBinaryMessage);
    ws.onClose(this::onClose);
    ws.onError(this::onError);
  }

  private void onConnect(WsConnectContext ctx) {
    Handshake handshake = ctx.attribute(HANDSHAKE);
    connections.add(new GatewayConnection(handshake, ctx.session, new SerialQueue(invocations)));
  }

  private void onMessage(WsMessageContext ctx) {
    long receivedAt = System.currentTimeMillis();
    String body = ctx.message();
    connectionOf(ctx)
        .ifPresent(
            connection -> {
              connection.markActive(receivedAt);
              connection.invokeInOrder(() -> invokeRoute(connection, body, receivedAt));
            });
  }

  private void invokeRoute(GatewayConnection connection, String body, long receivedAt) {
    String routeKey = integration.routeFor(body);
    if (integration.isMock(routeKey)) {
      // The frame's arrival, already recorded, is all a mock route does.
      return;
    }
    integration.invoke(
        routeKey, events.message(connection.handshake(), routeKey, body, receivedAt));
  }

  private void onBinaryMessage(WsBinaryMessageContext ctx) {
    log.debug("Ignoring a binary frame of {} bytes", ctx.length());
  }

  private void onClose(WsCloseContext ctx) {
    var cause = new DisconnectCause(ctx.status(), Objects.toString(ctx.reason(), ""));
    connectionOf(ctx).ifPresent(connection -> connections.disconnected(connection, cause));
  }

  private void onError(WsErrorContext ctx) {
    log.debug("WebSocket error", ctx.error());
  }

  private Optional<GatewayConnection> connectionOf(WsContext ctx) {
    Handshake handshake = ctx.attribute(HANDSHAKE);
    return handshake == null ? Optional.empty() : connections.find(handshake.connectionId());
  }
}
