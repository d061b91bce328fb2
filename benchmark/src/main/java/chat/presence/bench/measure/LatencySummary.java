package chat.presence.bench.measure;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of durations, in milliseconds, by the nearest-rank method on the sorted
 * samples (no histogram library: the sample counts here are small enough to sort).
 */
public record LatencySummary(int count, double p50, double p95, double p99, double max, double mean) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  public static LatencySummary ofNanos(Collection<Long> nanos) {
    return ofNanos(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  public static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        sorted.length,
        millis(rank(sorted, 50)),
        millis(rank(sorted, 95)),
        millis(rank(sorted, 99)),
        millis(sorted[sorted.length - 1]),
        millis((long) Arrays.stream(sorted).average().orElse(0)));
  }

  /** The smallest sample that at least {@code percent}% of the samples do not exceed. */
  static long rank(long[] sorted, double percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
