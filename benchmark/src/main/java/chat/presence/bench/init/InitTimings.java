package chat.presence.bench.init;

import java.util.List;

/**
 * Cold starts of every handler, and the deployable jar they come from.
 *
 * @param java the probes' JVM; a flag may name {@value InitJvm#HANDLER}
 * @param skipped why nothing was measured, or null
 */
public record InitTimings(
    String lambdaJar,
    long lambdaJarBytes,
    String java,
    List<String> jvmOptions,
    int runs,
    List<HandlerInit> handlers,
    String skipped) {

  public static InitTimings skipped(String lambdaJar, long bytes, String why) {
    return new InitTimings(lambdaJar, bytes, "", List.of(), 0, List.of(), why);
  }

  public double slowestMedian() {
    return handlers.stream().mapToDouble(HandlerInit::medianTotal).max().orElse(0);
  }
}
