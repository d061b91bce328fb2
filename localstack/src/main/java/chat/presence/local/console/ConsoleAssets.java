package chat.presence.local.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console's static files, from the classpath folder {@code console/}. */
final class ConsoleAssets {
  /** Plain file names only, so that a request can never reach outside the folder. */
  private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(html|css|js)");

  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8");

  private ConsoleAssets() {}

  static void addRoutes(Javalin app) {
    app.get("/console", ctx -> serve(ctx, "index.html"));
    app.get("/console/{asset}", ctx -> serve(ctx, ctx.pathParam("asset")));
  }

  private static void serve(Context ctx, String name) throws IOException {
    Matcher asset = ASSET.matcher(name);
    InputStream in = asset.matches() ? ConsoleAssets.class.getResourceAsStream("/console/" + name) : null;
    if (in == null) {
      ctx.status(HttpStatus.NOT_FOUND).result("no console file " + name);
      return;
    }
    try (in) {
      // no-cache: a rebuilt runtime must not run yesterday's script.
      ctx.contentType(CONTENT_TYPES.get(asset.group(1)))
          .header("Cache-Control", "no-cache")
          .result(in.readAllBytes());
    }
  }
}
