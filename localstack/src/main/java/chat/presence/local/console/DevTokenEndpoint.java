package chat.presence.local.console;

import chat.presence.local.DevTokens;
import chat.presence.model.wire.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code POST /local/dev-token {"site","sub","role","maxChats"?,"groups"?}}: a token signed with the
 * local runtime's secret, so that the console can sign in without the command line.
 */
final class DevTokenEndpoint {
  /** As long as the CLI's tokens: a working day, handovers included. */
  static final Duration TTL = Duration.ofHours(12);

  private final String secret;

  DevTokenEndpoint(String secret) {
    this.secret = secret;
  }

  record Request(String site, String sub, String role, Integer maxChats, List<String> groups) {}

  void mint(Context ctx) {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which is refused.
    if (!String.valueOf(ctx.contentType()).startsWith("application/json")) {
      ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).json(Map.of("message", "send application/json"));
      return;
    }
    Request request;
    try {
      request = ctx.bodyAsClass(Request.class);
    } catch (RuntimeException e) {
      badRequest(ctx, "body must be {\"site\",\"sub\",\"role\",\"maxChats\"?,\"groups\"?}");
      return;
    }
    if (request == null || blank(request.site()) || blank(request.sub())) {
      badRequest(ctx, "site and sub are required");
    } else if (Role.fromWire(request.role()).isEmpty()) {
      badRequest(ctx, "role must be agent, visitor or supervisor");
    } else if (request.maxChats() != null && request.maxChats() < 1) {
      badRequest(ctx, "maxChats must be at least 1");
    } else {
      OptionalInt maxChats =
          request.maxChats() == null ? OptionalInt.empty() : OptionalInt.of(request.maxChats());
      ctx.json(
          Map.of(
              "token",
              DevTokens.sign(
                  secret,
                  request.site(),
                  request.sub(),
                  request.role(),
                  TTL,
                  maxChats,
                  request.groups() == null ? List.of() : request.groups())));
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static void badRequest(Context ctx, String message) {
    ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("message", message));
  }
}
