package chat.presence.model.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * How long a site's visitors waited for an agent lately, from request (or return to the queue) to
 * assignment (or acceptance), for {@code getAvailability}'s estimate. Waits are summed in 5-minute
 * buckets kept in six slots, so the store adds to a counter instead of keeping a list, and the
 * estimate covers the last 25 to 30 minutes.
 */
public final class RecentWaits {
  public static final Duration BUCKET = Duration.ofMinutes(5);
  public static final int SLOTS = 6;

  private RecentWaits() {}

  /** The sum and count of the waits of one bucket, as stored in its slot. */
  public record Bucket(long index, long totalMillis, long count) {}

  public static long bucketOf(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), BUCKET.toMillis());
  }

  public static int slotOf(long bucket) {
    return (int) Math.floorMod(bucket, (long) SLOTS);
  }

  /**
   * The estimated wait of a new chat: none when an agent is free for it now; otherwise the mean of
   * the recent waits, rounded up to whole seconds; empty when there were none.
   */
  public static Optional<Long> estimateSeconds(
      int agentsAvailable, int waiting, Collection<Bucket> stored, Instant now) {
    if (agentsAvailable > waiting) {
      return Optional.of(0L);
    }
    long current = bucketOf(now);
    long total = 0;
    long count = 0;
    for (Bucket bucket : stored) {
      if (bucket.index() > current - SLOTS && bucket.index() <= current) {
        total += bucket.totalMillis();
        count += bucket.count();
      }
    }
    if (count == 0) {
      return Optional.empty();
    }
    long meanMillis = total / count;
    return Optional.of((meanMillis + 999) / 1000);
  }
}
