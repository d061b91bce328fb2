package chat.presence.local.audit;

import chat.presence.local.LocalRuntime;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code GET /local/audit}: audits the running local runtime and answers the findings as JSON. It
 * only reads. The local runtime serves it; nothing deployed does.
 */
public final class AuditEndpoint {
  public static final String PATH = "/local/audit";

  private final LocalRuntime runtime;

  private AuditEndpoint(LocalRuntime runtime) {
    this.runtime = runtime;
  }

  /** The runtime is asked for its parts on each request, once it is fully started. */
  public static void addRoute(Javalin app, LocalRuntime runtime) {
    app.get(PATH, new AuditEndpoint(runtime)::answer);
  }

  private void answer(Context ctx) {
    ctx.contentType("application/json").result(AuditJson.encode(LocalAudit.run(runtime)));
  }
}
