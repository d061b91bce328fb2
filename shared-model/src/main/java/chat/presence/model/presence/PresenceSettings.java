package chat.presence.model.presence;

import java.time.Duration;
import java.util.Map;

/**
 * The timing and capacity settings of presence, read from the same environment variables locally
 * and deployed.
 */
public record PresenceSettings(
    Duration offlineGrace, Duration heartbeatTimeout, Duration heartbeatInterval, int defaultMaxChats) {

  public static final String OFFLINE_GRACE = "PRESENCE_OFFLINE_GRACE_SECONDS";
  public static final String HEARTBEAT_TIMEOUT = "PRESENCE_HEARTBEAT_TIMEOUT_SECONDS";
  public static final String HEARTBEAT_INTERVAL = "PRESENCE_HEARTBEAT_INTERVAL_SECONDS";
  public static final String DEFAULT_MAX_CHATS = "PRESENCE_DEFAULT_MAX_CHATS";

  public static final PresenceSettings DEFAULTS =
      new PresenceSettings(Duration.ofSeconds(15), Duration.ofSeconds(90), Duration.ofSeconds(30), 3);

  public PresenceSettings {
    if (offlineGrace.isNegative()
        || heartbeatTimeout.isNegative()
        || heartbeatTimeout.isZero()
        || heartbeatInterval.isNegative()
        || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("presence durations must be positive");
    }
    if (defaultMaxChats < 1) {
      throw new IllegalArgumentException(DEFAULT_MAX_CHATS + " must be at least 1");
    }
  }

  public static PresenceSettings fromEnvironment(Map<String, String> env) {
    return new PresenceSettings(
        seconds(env, OFFLINE_GRACE, DEFAULTS.offlineGrace),
        seconds(env, HEARTBEAT_TIMEOUT, DEFAULTS.heartbeatTimeout),
        seconds(env, HEARTBEAT_INTERVAL, DEFAULTS.heartbeatInterval),
        integer(env, DEFAULT_MAX_CHATS, DEFAULTS.defaultMaxChats));
  }

  private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number of seconds, got '" + value + "'");
    }
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }
}
