package chat.presence.functions.routing;

import java.time.Duration;
import java.util.List;

/**
 * How the router retries a site whose pass failed: a few times within the invocation, since a pass
 * is idempotent and most failures are a throttle or a timeout of one call; then the site's messages
 * come back after a backoff that grows with their receive count, not after the queue's whole
 * visibility timeout.
 *
 * @param pauses the pauses between attempts within one invocation (one attempt more than pauses)
 * @param firstRedelivery the backoff after the first failed receive; it doubles with each receive
 * @param maxRedelivery the longest backoff
 */
public record RetryPolicy(List<Duration> pauses, Duration firstRedelivery, Duration maxRedelivery) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          List.of(Duration.ofMillis(100), Duration.ofMillis(400)), Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RetryPolicy {
    pauses = List.copyOf(pauses);
  }

  public int attempts() {
    return pauses.size() + 1;
  }

  /** When a message received {@code receiveCount} times should be visible again. */
  public Duration redeliveryAfter(int receiveCount) {
    int doublings = Math.max(0, Math.min(receiveCount - 1, 16));
    Duration backoff = firstRedelivery.multipliedBy(1L << doublings);
    return backoff.compareTo(maxRedelivery) > 0 ? maxRedelivery : backoff;
  }
}
