package chat.presence.local.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a plain HTTP request whose {@code Host} is not this machine's loopback name: a browser
 * sends the page's own host name, so a page that rebound its name to 127.0.0.1 is turned away.
 */
final class LoopbackHost {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private LoopbackHost() {}

  static void require(Context ctx) {
    if (!isLoopback(ctx.header("Host"))) {
      ctx.status(HttpStatus.FORBIDDEN).json(Map.of("message", "this endpoint answers only to localhost"));
      ctx.skipRemainingHandlers();
    }
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    int port = host.lastIndexOf(':');
    String name = port > host.lastIndexOf(']') ? host.substring(0, port) : host;
    return LOOPBACK.contains(name.toLowerCase(java.util.Locale.ROOT));
  }
}
