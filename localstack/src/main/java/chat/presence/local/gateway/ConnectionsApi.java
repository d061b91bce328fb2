package chat.presence.local.gateway;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's management API: {@code POST}, {@code GET} and {@code DELETE /@connections/{id}}.
 */
final class ConnectionsApi {
  private static final String CONNECTION_ID = "connectionId";
  private static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

  private final Connections connections;
  private final int maxFrameBytes;

  ConnectionsApi(Connections connections, int maxFrameBytes) {
    this.connections = connections;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Also under the stage, which a deployed endpoint's path includes. */
  void addRoutes(Javalin app, String stage) {
    for (String prefix : new String[] {"", "/" + stage}) {
      String path = prefix + "/@connections/{" + CONNECTION_ID + "}";
      app.post(path, this::postToConnection);
      app.get(path, this::getConnection);
      app.delete(path, this::deleteConnection);
    }
  }

  private void postToConnection(Context ctx) {
    Optional<GatewayConnection> connection = connectionOf(ctx);
    if (connection.isEmpty()) {
      gone(ctx);
      return;
    }
    byte[] data = ctx.bodyAsBytes();
    if (data.length > maxFrameBytes) {
      error(ctx, HttpStatus.CONTENT_TOO_LARGE, "PayloadTooLargeException", "Message too long");
      return;
    }
    try {
      connection.get().send(new String(data, StandardCharsets.UTF_8));
      ctx.status(HttpStatus.OK);
    } catch (IOException closedMeanwhile) {
      gone(ctx);
    }
  }

  private void getConnection(Context ctx) {
    connectionOf(ctx)
        .ifPresentOrElse(connection -> ctx.json(ConnectionInfo.of(connection)), () -> gone(ctx));
  }

  private void deleteConnection(Context ctx) {
    connectionOf(ctx)
        .ifPresentOrElse(
            connection -> {
              connections.close(connection, DisconnectCause.DELETED);
              ctx.status(HttpStatus.NO_CONTENT);
            },
            () -> gone(ctx));
  }

  private Optional<GatewayConnection> connectionOf(Context ctx) {
    return connections.find(ctx.pathParam(CONNECTION_ID));
  }

  private static void gone(Context ctx) {
    error(
        ctx,
        HttpStatus.GONE,
        "GoneException",
        "Connection " + ctx.pathParam(CONNECTION_ID) + " is gone");
  }

  /** The SDK picks the exception class from the error type header, as API Gateway sends it. */
  private static void error(Context ctx, HttpStatus status, String errorType, String message) {
    ctx.status(status).header(ERROR_TYPE_HEADER, errorType).json(Map.of("message", message));
  }

  /** GetConnection's answer; the SDK expects ISO-8601 timestamps here. */
  record ConnectionInfo(String connectedAt, Identity identity, String lastActiveAt) {
    record Identity(String sourceIp, String userAgent) {}

    static ConnectionInfo of(GatewayConnection connection) {
      Handshake handshake = connection.handshake();
      return new ConnectionInfo(
          Instant.ofEpochMilli(handshake.connectedAt()).toString(),
          new Identity(handshake.sourceIp(), handshake.userAgent()),
          Instant.ofEpochMilli(connection.lastActiveAt()).toString());
    }
  }
}
