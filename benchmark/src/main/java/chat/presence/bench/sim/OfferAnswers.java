package chat.presence.bench.sim;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the simulated agents answer offers, when the runtime offers chats instead of assigning them.
 * A share of the agents never answers (a console left open with nobody at it); the others wait a
 * human-like think time, then accept, or decline a share of the offers.
 *
 * @param timeout the runtime's offer timeout; zero when offers are off (chats assigned directly)
 */
public record OfferAnswers(Duration timeout, double neverAcceptShare, double declineShare) {
  public static final OfferAnswers OFF = new OfferAnswers(Duration.ZERO, 0, 0);
  /** Nobody reads and clicks faster than this. */
  public static final Duration THINK_MIN = Duration.ofMillis(300);
  /** The mean of the exponential part of the think time, on top of the minimum. */
  public static final Duration THINK_MEAN_EXTRA = Duration.ofSeconds(1);

  public OfferAnswers {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("the offer timeout cannot be negative");
    }
    if (neverAcceptShare < 0 || neverAcceptShare >= 1 || declineShare < 0 || declineShare >= 1) {
      throw new IllegalArgumentException("the never-accepting and declining shares must be from 0 to below 1");
    }
    if (timeout.isZero() && neverAcceptShare > 0) {
      throw new IllegalArgumentException("agents that never accept need offers: set an offer timeout");
    }
  }

  public boolean on() {
    return !timeout.isZero();
  }

  /** How many of {@code agents} never answer: the share, rounded, so a small run still has some. */
  public int neverAccepting(int agents) {
    return (int) Math.round(agents * neverAcceptShare);
  }

  /**
   * A think time: the minimum plus an exponential part, cut at half the timeout so that an answering
   * agent answers in time even when the run is slow.
   */
  Duration thinkTime() {
    double exponential = -Math.log(1 - ThreadLocalRandom.current().nextDouble());
    long nanos = THINK_MIN.toNanos() + (long) (exponential * THINK_MEAN_EXTRA.toNanos());
    return Duration.ofNanos(Math.min(nanos, timeout.toNanos() / 2));
  }
}
