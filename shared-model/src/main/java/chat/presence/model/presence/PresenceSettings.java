package chat.presence.model.presence;

import java.time.Duration;
import java.util.Map;

/**
 * The timing and capacity settings of presence, read from the same environment variables locally
 * and deployed.
 *
 * @param handshakeTimeout the longest a {@code $connect} can take (API Gateway's integration
 *     timeout deployed). The gateway answers "gone" for a connection whose handshake has not
 *     completed, so only a connection older than this is proven dead by that answer.
 */
public record PresenceSettings(
    Duration offlineGrace,
    Duration heartbeatTimeout,
    Duration heartbeatInterval,
    int defaultMaxChats,
    Duration handshakeTimeout) {

  public static final String OFFLINE_GRACE = "PRESENCE_OFFLINE_GRACE_SECONDS";
  public static final String HEARTBEAT_TIMEOUT = "PRESENCE_HEARTBEAT_TIMEOUT_SECONDS";
  public static final String HEARTBEAT_INTERVAL = "PRESENCE_HEARTBEAT_INTERVAL_SECONDS";
  public static final String DEFAULT_MAX_CHATS = "PRESENCE_DEFAULT_MAX_CHATS";
  public static final String HANDSHAKE_TIMEOUT = "PRESENCE_HANDSHAKE_TIMEOUT_SECONDS";

  private static final Duration DEFAULTS_HANDSHAKE = Duration.ofSeconds(29);

  /** A week: far beyond any sensible setting, and safe from overflow in time arithmetic. */
  private static final long MAX_SECONDS = 7 * 24 * 3600;

  public static final PresenceSettings DEFAULTS =
      new PresenceSettings(
          Duration.ofSeconds(15),
          Duration.ofSeconds(90),
          Duration.ofSeconds(30),
          3,
          DEFAULTS_HANDSHAKE);

  /** Settings with the deployed handshake bound: API Gateway's 29 s integration timeout. */
  public PresenceSettings(
      Duration offlineGrace, Duration heartbeatTimeout, Duration heartbeatInterval, int defaultMaxChats) {
    this(offlineGrace, heartbeatTimeout, heartbeatInterval, defaultMaxChats, DEFAULTS_HANDSHAKE);
  }

  public PresenceSettings {
    requireAtLeast(OFFLINE_GRACE, offlineGrace, Duration.ZERO);
    requireAtLeast(HEARTBEAT_TIMEOUT, heartbeatTimeout, Duration.ofMillis(1));
    requireAtLeast(HEARTBEAT_INTERVAL, heartbeatInterval, Duration.ofMillis(1));
    requireAtLeast(HANDSHAKE_TIMEOUT, handshakeTimeout, Duration.ofMillis(1));
    if (defaultMaxChats < 1) {
      throw new IllegalArgumentException(DEFAULT_MAX_CHATS + " must be at least 1");
    }
  }

  public static PresenceSettings fromEnvironment(Map<String, String> env) {
    return new PresenceSettings(
        seconds(env, OFFLINE_GRACE, DEFAULTS.offlineGrace),
        seconds(env, HEARTBEAT_TIMEOUT, DEFAULTS.heartbeatTimeout),
        seconds(env, HEARTBEAT_INTERVAL, DEFAULTS.heartbeatInterval),
        count(env, DEFAULT_MAX_CHATS, DEFAULTS.defaultMaxChats),
        seconds(env, HANDSHAKE_TIMEOUT, DEFAULTS.handshakeTimeout));
  }

  /**
   * A duration given in (possibly fractional) seconds by an environment variable, or {@code
   * fallback} when it is unset; a clear error naming the variable otherwise. Shared by every
   * setting of the project that is given in seconds.
   */
  public static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!Double.isFinite(seconds) || Math.abs(seconds) > MAX_SECONDS) {
      throw new IllegalArgumentException(
          name + " must be a number of seconds up to " + MAX_SECONDS + ", got '" + value + "'");
    }
    try {
      return Duration.ofMillis(Math.round(seconds * 1000));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is out of range: '" + value + "'", e);
    }
  }

  private static void requireAtLeast(String name, Duration value, Duration minimum) {
    if (value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          name + " must be at least " + minimum.toMillis() / 1000.0 + " s, got " + value.toMillis() / 1000.0 + " s");
    }
  }

  /** A whole number given by an environment variable, or {@code fallback} when it is unset. */
  public static int count(Map<String, String> env, String name, int fallback) {
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
