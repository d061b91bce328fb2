package chat.presence.local.console;

import chat.presence.local.LocalRuntime;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * The console of the local runtime: a web page at {@code /console} and the {@code /local/...}
 * endpoints it needs besides the public WebSocket API. The local runtime alone registers them; the
 * deployed stack has none of this. Every plain HTTP request must name a loopback host, so that a web
 * page whose name was pointed at this machine (DNS rebinding) cannot reach them.
 */
public final class LocalConsole {
  private LocalConsole() {}

  public static void addRoutes(Javalin app, LocalRuntime runtime) {
    app.before(LoopbackHost::require);
    ConsoleAssets.addRoutes(app);
    ConsoleConfig config = ConsoleConfig.of(runtime.settings());
    app.get("/local/console-config", ctx -> ctx.json(config));
    if (runtime.settings().jwtSecret().isPresent()) {
      // A configured secret may be a real one: nothing here signs with it for whoever asks.
      app.post(
          "/local/dev-token",
          ctx ->
              ctx.status(HttpStatus.FORBIDDEN)
                  .json(Map.of("message", "no development tokens: this runtime has a configured secret")));
    } else {
      app.post("/local/dev-token", new DevTokenEndpoint(runtime.settings().effectiveJwtSecret())::mint);
    }
    OnCallSnapshots snapshots = new OnCallSnapshots(runtime);
    app.get("/local/oncall", ctx -> ctx.json(snapshots.take()));
  }
}
