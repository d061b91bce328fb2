package chat.presence.local.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How long a handshake whose {@code $connect} returned 2xx waits before its socket is accepted: the
 * window in which API Gateway already gave the backend a connection id but still answers 410 to
 * {@code @connections} calls for it. Zero (no wait) unless a test sets it.
 *
 * <p>A change applies to the handshakes already waiting as well: each waits until the current hold
 * has passed since its {@code $connect} returned, so setting zero releases them all at once.
 */
final class HandshakeHold {
  private Duration hold = Duration.ZERO; // guarded by this

  synchronized void set(Duration hold) {
    Objects.requireNonNull(hold, "hold");
    if (hold.isNegative()) {
      throw new IllegalArgumentException("hold must not be negative: " + hold);
    }
    this.hold = hold;
    notifyAll();
  }

  synchronized Duration current() {
    return hold;
  }

  /**
   * Blocks until the hold has passed since {@code sinceNanos} (a {@link System#nanoTime()} value),
   * re-reading the hold whenever it changes.
   */
  synchronized void await(long sinceNanos) throws InterruptedException {
    while (true) {
      long holdNanos = saturatedNanos(hold);
      long remaining = holdNanos - (System.nanoTime() - sinceNanos);
      if (remaining <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(this, remaining);
    }
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }
}
