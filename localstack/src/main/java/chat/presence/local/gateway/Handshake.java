package chat.presence.local.gateway;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway learns from a client's upgrade request; it describes the connection for its
 * whole life.
 */
record Handshake(
    String connectionId,
    long connectedAt,
    String sourceIp,
    String userAgent,
    Map<String, List<String>> headers,
    Map<String, List<String>> queryParameters) {

  static Handshake of(Context ctx, String connectionId, long connectedAt) {
    return new Handshake(
        connectionId,
        connectedAt,
        ctx.ip(),
        ctx.userAgent(),
        headersOf(ctx.req()),
        Map.copyOf(ctx.queryParamMap()));
  }

  private static Map<String, List<String>> headersOf(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return Collections.unmodifiableMap(headers);
  }
}
