package chat.presence.model.routing;

import chat.presence.model.presence.PresenceSettings;
import java.time.Duration;
import java.util.Map;

/**
 * How chats are routed.
 *
 * @param offerTimeout zero: chats are assigned directly (v1). Above zero: each chat is first
 *     offered to one agent, who has this long to accept it before it is withdrawn and offered to
 *     another. At most 900 s, the longest delay of an SQS message, which drives the expiry.
 */
public record RoutingSettings(Duration offerTimeout) {
  public static final String OFFER_TIMEOUT = "PRESENCE_OFFER_TIMEOUT_SECONDS";
  private static final Duration LONGEST_TIMER = Duration.ofSeconds(900);
  public static final RoutingSettings DEFAULTS = new RoutingSettings(Duration.ZERO);

  public RoutingSettings {
    if (offerTimeout.isNegative() || offerTimeout.compareTo(LONGEST_TIMER) > 0) {
      throw new IllegalArgumentException(
          OFFER_TIMEOUT + " must be from 0 to " + LONGEST_TIMER.toSeconds() + " s, got " + offerTimeout.toMillis() / 1000.0 + " s");
    }
  }

  public static RoutingSettings fromEnvironment(Map<String, String> env) {
    return new RoutingSettings(PresenceSettings.seconds(env, OFFER_TIMEOUT, DEFAULTS.offerTimeout));
  }

  public boolean offers() {
    return !offerTimeout.isZero();
  }
}
