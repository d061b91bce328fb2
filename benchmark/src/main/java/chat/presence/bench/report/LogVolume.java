package chat.presence.bench.report;

import java.util.Map;

/**
 * What the functions send to CloudWatch Logs per invocation: the lines the handlers logged in the
 * main phase (slf4j-simple at INFO, its default, as deployed), counted, plus Lambda's own platform
 * records for each invocation, estimated.
 *
 * @param invocations handler invocations of the main phase (frames that reach a handler, connects,
 *     disconnects, router invocations, reaper passes)
 * @param applicationBytes bytes the handlers logged meanwhile, by handler in {@code bytesByHandler}
 * @param reaperPasses the reaper's passes meanwhile; its summary line is logged on every pass
 * @param platformBytesPerInvocation Lambda's {@code platform.start} and {@code platform.report}
 *     records in the JSON log format the stack sets, estimated
 */
public record LogVolume(
    long invocations,
    long applicationBytes,
    Map<String, Long> bytesByHandler,
    Map<String, Long> linesByHandler,
    long reaperPasses,
    double platformBytesPerInvocation) {

  private static final String REAPER = "ReaperHandler";

  /** Bytes per invocation of any handler but the reaper, platform records included. */
  public double bytesPerInvocation() {
    long reaperBytes = bytesByHandler.getOrDefault(REAPER, 0L);
    long others = Math.max(1, invocations - reaperPasses);
    return round((applicationBytes - reaperBytes) / (double) others + platformBytesPerInvocation);
  }

  /** Bytes per reaper pass, platform records included. */
  public double bytesPerReaperPass() {
    long reaperBytes = bytesByHandler.getOrDefault(REAPER, 0L);
    return round(reaperBytes / (double) Math.max(1, reaperPasses) + platformBytesPerInvocation);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
