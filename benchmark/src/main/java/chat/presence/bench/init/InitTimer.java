package chat.presence.bench.init;

import chat.presence.local.LocalLambdaContext;
import chat.presence.functions.handlers.ConnectHandler;
import chat.presence.functions.handlers.DefaultRouteHandler;
import chat.presence.functions.handlers.DisconnectHandler;
import chat.presence.functions.handlers.EndChatHandler;
import chat.presence.functions.handlers.GetPresenceHandler;
import chat.presence.functions.handlers.HeartbeatHandler;
import chat.presence.functions.handlers.ReaperHandler;
import chat.presence.functions.handlers.RequestChatHandler;
import chat.presence.functions.handlers.RouterHandler;
import chat.presence.functions.handlers.SetStatusHandler;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import chat.presence.model.wire.Actions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Times each handler's cold start: a fresh JVM per handler and run, with only the deployable jar and
 * {@link InitProbe} on its class path, on the JVM and flags given and the function's environment pointing at the running
 * emulators, from process start to the first event handled. Each run goes round all handlers, so
 * that none always runs first on a quiet machine.
 *
 * <p>The events act on a probe agent and visitor who are connected for real, so that each handler
 * does its full work: the agent's frames are answered on a live connection and the router finds a
 * live agent.
 */
public final class InitTimer {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The classes the probe runs with beside the deployable jar, with their nested classes. */
  private static final List<String> PROBE_CLASSES =
      List.of(
          classFile(InitProbe.class, ""),
          classFile(LocalLambdaContext.class, ""),
          classFile(LocalLambdaContext.class, "$1"));

  /** Where the probe events go: a site, a connected agent and visitor, and a token to connect with. */
  public record Targets(String siteId, String agentConnection, String visitorConnection, String agentToken) {}

  private record Case(Class<?> handler, IntFunction<List<String>> event) {}

  private final Path lambdaJar;
  private final Path probeJar;
  private final InitJvm jvm;
  private final Map<String, String> environment;
  private final List<Case> cases;

  /**
   * @param probeJar where the probe's classes are written; a fixed place, because a class-data
   *     archive or AOT cache is only used with the class path (and jar times) it was made with
   */
  public InitTimer(Path lambdaJar, Path probeJar, InitJvm jvm, Map<String, String> environment, Targets targets) {
    this.lambdaJar = lambdaJar.toAbsolutePath();
    this.probeJar = probeJar.toAbsolutePath();
    this.jvm = jvm;
    this.environment = Map.copyOf(environment);
    this.cases = cases(targets);
  }

  public InitTimings measure(int runs) {
    long jarBytes = sizeOf(lambdaJar);
    if (jarBytes < 0) {
      return InitTimings.skipped(
          lambdaJar.toString(), 0, "no deployable jar at " + lambdaJar + " (build it with mvn -pl functions package)");
    }
    writeProbeJar();
    Map<Class<?>, List<String[]>> outputs = new LinkedHashMap<>();
    Map<Class<?>, String> failures = new LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      for (Case c : cases) {
        try {
          outputs.computeIfAbsent(c.handler(), h -> new ArrayList<>()).add(launch(c, run));
        } catch (ProbeFailed e) {
          failures.put(c.handler(), e.getMessage());
        }
      }
    }
    List<HandlerInit> handlers = new ArrayList<>();
    for (Case c : cases) {
      handlers.add(summarize(c.handler(), outputs.getOrDefault(c.handler(), List.of()), failures.get(c.handler())));
    }
    return new InitTimings(lambdaJar.toString(), jarBytes, jvm.java().toString(), jvm.flags(), runs, handlers, null);
  }

  /** {@code [total, construct, first invoke]} in milliseconds. */
  private String[] launch(Case c, int run) {
    List<String> command = new ArrayList<>();
    command.add(jvm.java().toString());
    command.addAll(jvm.flagsFor(c.handler().getSimpleName()));
    command.addAll(List.of("-cp", lambdaJar + File.pathSeparator + probeJar, InitProbe.class.getName()));
    command.add(c.handler().getName());
    command.addAll(c.event().apply(run));
    Path output = null;
    try {
      output = Files.createTempFile("bench-init", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      long spawned = System.currentTimeMillis();
      Process process = builder.start();
      if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ProbeFailed(c.handler().getSimpleName() + " did not finish within " + RUN_TIMEOUT);
      }
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      String[] handled =
          lines.stream()
              .filter(line -> line.startsWith("handled "))
              .map(line -> line.split(" "))
              .findFirst()
              .orElseThrow(() -> new ProbeFailed(lastLines(lines)));
      long total = Long.parseLong(handled[1]) - spawned;
      return new String[] {Long.toString(total), handled[2], handled[3]};
    } catch (IOException e) {
      throw new ProbeFailed("could not run java: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeFailed("interrupted");
    } finally {
      deleteQuietly(output);
    }
  }

  private static HandlerInit summarize(Class<?> handler, List<String[]> runs, String failure) {
    List<Double> totals = runs.stream().map(r -> Double.parseDouble(r[0])).toList();
    return new HandlerInit(
        handler.getSimpleName(),
        totals,
        median(totals),
        median(runs.stream().map(r -> Double.parseDouble(r[1])).toList()),
        median(runs.stream().map(r -> Double.parseDouble(r[2])).toList()),
        failure);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return Math.round(median * 10) / 10.0;
  }

  /**
   * One connect and disconnect of a throwaway connection id, then the agent's and visitor's frames,
   * the router's event and a reaper pass. The agent goes away first, so that the chat the visitor
   * requests stays queued and each run leaves nothing behind.
   */
  private static List<Case> cases(Targets t) {
    IntFunction<String> connectionId = run -> "init-probe-" + run;
    IntFunction<String> chatId = run -> "init-chat-" + run;
    return List.of(
        new Case(ConnectHandler.class, run -> List.of("connect", connectionId.apply(run), t.agentToken())),
        new Case(DisconnectHandler.class, run -> List.of("disconnect", connectionId.apply(run))),
        new Case(HeartbeatHandler.class, run -> frame(Actions.HEARTBEAT, t.agentConnection(), Map.of())),
        new Case(
            SetStatusHandler.class,
            run -> frame(Actions.SET_STATUS, t.agentConnection(), Map.of("status", "away"))),
        new Case(GetPresenceHandler.class, run -> frame(Actions.GET_PRESENCE, t.agentConnection(), Map.of())),
        new Case(
            DefaultRouteHandler.class,
            run -> List.of("message", "$default", t.agentConnection(), body("noSuchAction", Map.of()))),
        new Case(
            RequestChatHandler.class,
            run -> frame(Actions.REQUEST_CHAT, t.visitorConnection(), Map.of("chatId", chatId.apply(run)))),
        new Case(
            EndChatHandler.class,
            run -> frame(Actions.END_CHAT, t.visitorConnection(), Map.of("chatId", chatId.apply(run)))),
        new Case(
            RouterHandler.class,
            run ->
                List.of(
                    "sqs",
                    t.siteId(),
                    RoutingEventCodec.encode(new RoutingEvent.ChatRequested(t.siteId(), chatId.apply(run))))),
        new Case(ReaperHandler.class, run -> List.of("scheduled")));
  }

  private static List<String> frame(String action, String connectionId, Map<String, String> fields) {
    return List.of("message", action, connectionId, body(action, fields));
  }

  private static String body(String action, Map<String, String> fields) {
    var frame = JSON.createObjectNode().put("action", action).put("requestId", "init-probe");
    fields.forEach(frame::put);
    return frame.toString();
  }

  private static String classFile(Class<?> type, String nestedSuffix) {
    return type.getName().replace('.', '/') + nestedSuffix + ".class";
  }

  /**
   * The probe's class files in a jar of their own (a class-data archive refuses a folder on the class
   * path), rewritten only when its content changes, so that archives made from it stay valid.
   */
  private void writeProbeJar() {
    try {
      var bytes = new ByteArrayOutputStream();
      try (var jar = new JarOutputStream(bytes)) {
        for (String name : PROBE_CLASSES) {
          try (InputStream in = InitProbe.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
              throw new IllegalStateException("class file " + name + " is not on the class path");
            }
            var entry = new JarEntry(name);
            // A fixed time keeps the jar's bytes the same from one build to the next.
            entry.setTime(0);
            jar.putNextEntry(entry);
            in.transferTo(jar);
          }
        }
      }
      byte[] content = bytes.toByteArray();
      if (!Files.exists(probeJar) || !Arrays.equals(Files.readAllBytes(probeJar), content)) {
        Files.createDirectories(probeJar.getParent());
        Files.write(probeJar, content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the init probe's jar " + probeJar, e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException missing) {
      return -1;
    }
  }

  private static String lastLines(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temporary file left behind is harmless.
    }
  }

  /** A probe run that produced no measurement; its message is the probe's last output. */
  private static final class ProbeFailed extends RuntimeException {
    ProbeFailed(String message) {
      super(message);
    }
  }
}
