package chat.presence.local.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's static files, from the classpath folder {@code console/}, and the JavaScript client
 * package's modules under {@code /console/client/}: the build copies {@code client/src} into the
 * jar's {@code console/client/}, so the console runs on the package itself, never on a copy of it.
 */
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
    app.get("/console", ctx -> serve(ctx, "/console/", "index.html"));
    app.get("/console/{asset}", ctx -> serve(ctx, "/console/", ctx.pathParam("asset")));
    app.get("/console/client/{asset}", ctx -> serve(ctx, "/console/client/", ctx.pathParam("asset")));
  }

  private static void serve(Context ctx, String folder, String name) throws IOException {
    Matcher asset = ASSET.matcher(name);
    InputStream in = asset.matches() ? ConsoleAssets.class.getResourceAsStream(folder + name) : null;
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
