package chat.presence.bench.init;

import java.util.Locale;

/** {@code bench --init-only}'s answer: each handler's median cold start against the target. */
public final class InitTable {
  public static final double TARGET_MILLIS = 400;

  private InitTable() {}

  /**
   * @param loadAverage the machine's 1-minute load average at the start and at the end
   */
  public static String markdown(InitTimings init, String startedAt, double[] loadAverage) {
    var out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Handler init, %s, load average %.2f at the start and %.2f at the end, %d cores%n",
            startedAt,
            loadAverage[0],
            loadAverage[1],
            Runtime.getRuntime().availableProcessors()));
    out.append(String.format(Locale.ROOT, "jar %s (%.1f MB)%n", init.lambdaJar(), init.lambdaJarBytes() / 1e6));
    if (init.skipped() != null) {
      return out.append("not measured: ").append(init.skipped()).append('\n').toString();
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%s %s; process start to first event handled, median of %d runs (ms)%n%n",
            init.java(),
            String.join(" ", init.jvmOptions()),
            init.runs()));
    out.append(
        String.format(
            Locale.ROOT, "| handler | median | construct | first event | / %.0f ms target | runs |%n", TARGET_MILLIS));
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (HandlerInit h : init.handlers()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.0f | %.2fx | %d%s |%n",
              h.handler(),
              h.medianTotal(),
              h.medianConstruct(),
              h.medianFirstInvoke(),
              h.medianTotal() / TARGET_MILLIS,
              h.totals().size(),
              h.failure() == null ? "" : ", failed: " + h.failure().replace('\n', ' ')));
    }
    return out.toString();
  }
}
