package chat.presence.local.console;

import chat.presence.local.LocalRuntime;
import io.javalin.Javalin;

/**
 * The console of the local runtime: a web page at {@code /console} and the {@code /local/...}
 * endpoints it needs besides the public WebSocket API. The local runtime alone registers them; the
 * deployed stack has none of this.
 */
public final class LocalConsole {
  private LocalConsole() {}

  public static void addRoutes(Javalin app, LocalRuntime runtime) {
    ConsoleAssets.addRoutes(app);
    ConsoleConfig config = ConsoleConfig.of(runtime.settings());
    app.get("/local/console-config", ctx -> ctx.json(config));
    app.post("/local/dev-token", new DevTokenEndpoint(runtime.settings().effectiveJwtSecret())::mint);
    OnCallSnapshots snapshots = new OnCallSnapshots(runtime);
    app.get("/local/oncall", ctx -> ctx.json(snapshots.take()));
  }
}
