package chat.presence.functions.routing;

import java.time.Duration;

/** Waits between retries; the explorer replaces it so that simulated time stays its own. */
@FunctionalInterface
public interface Pause {
  Pause SLEEP =
      duration -> {
        try {
          Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting to retry", e);
        }
      };

  void pause(Duration duration);
}
