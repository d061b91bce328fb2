package chat.presence.local.audit;

import chat.presence.local.LocalSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code presence-local audit [--port P]}: asks a running local runtime for its audit. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a running local runtime's stored state against the presence invariants.",
      "Prints one line per breach and a summary. Exit status: 0 none, 1 breaches found,"
          + " 2 no audit (no runtime answers)."
    })
public final class AuditCommand implements Callable<Integer> {
  static final int BREACHES_FOUND = 1;
  static final int NO_AUDIT = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Option(names = "--port", description = "the runtime's port (default: $PRESENCE_PORT or 8080)")
  private Integer port;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    int target = port != null ? port : LocalSettings.fromEnvironment(System.getenv()).port();
    PrintWriter out = spec.commandLine().getOut();
    AuditJson.Answer answer;
    try {
      answer = fetch(target);
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "presence-local audit: no audit from a local runtime on port "
                  + target
                  + " (is it running?): "
                  + describe(e));
      return NO_AUDIT;
    }
    answer.findingLines().forEach(out::println);
    answer.notices().forEach(out::println);
    out.println(answer.summary());
    out.flush();
    return answer.clean() ? 0 : BREACHES_FOUND;
  }

  /** A refused connection has no message of its own, only its type. */
  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static AuditJson.Answer fetch(int port) throws IOException, InterruptedException {
    URI uri = URI.create("http://localhost:" + port + AuditEndpoint.PATH);
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .build()
            .send(
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + uri);
    }
    return AuditJson.decode(response.body());
  }
}
