package chat.presence.local.conformance;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;

/**
 * Assertions on effects that a real emulator applies asynchronously ($disconnect invocations,
 * dead-letter moves). Checked at once first, so that on a fake, where everything is synchronous,
 * they cost nothing.
 */
final class Eventually {
  private static final Duration AT_MOST = Duration.ofSeconds(5);

  private Eventually() {}

  static void eventually(ThrowingRunnable assertion) {
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .atMost(AT_MOST)
        .untilAsserted(assertion);
  }
}
