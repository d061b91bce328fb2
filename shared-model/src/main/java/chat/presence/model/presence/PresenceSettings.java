package chat.presence.model.presence;

import chat.presence.model.settings.Setting;
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

  private static final Duration DEFAULTS_HANDSHAKE = Setting.HANDSHAKE_TIMEOUT.defaultSeconds();

  public static final PresenceSettings DEFAULTS =
      new PresenceSettings(
          Setting.OFFLINE_GRACE.defaultSeconds(),
          Setting.HEARTBEAT_TIMEOUT.defaultSeconds(),
          Setting.HEARTBEAT_INTERVAL.defaultSeconds(),
          Setting.DEFAULT_MAX_CHATS.defaultCount(),
          DEFAULTS_HANDSHAKE);

  /** Settings with the deployed handshake bound: API Gateway's 29 s integration timeout. */
  public PresenceSettings(
      Duration offlineGrace, Duration heartbeatTimeout, Duration heartbeatInterval, int defaultMaxChats) {
    this(offlineGrace, heartbeatTimeout, heartbeatInterval, defaultMaxChats, DEFAULTS_HANDSHAKE);
  }

  public PresenceSettings {
    requireAtLeast(Setting.OFFLINE_GRACE, offlineGrace, Duration.ZERO);
    requireAtLeast(Setting.HEARTBEAT_TIMEOUT, heartbeatTimeout, Duration.ofMillis(1));
    requireAtLeast(Setting.HEARTBEAT_INTERVAL, heartbeatInterval, Duration.ofMillis(1));
    requireAtLeast(Setting.HANDSHAKE_TIMEOUT, handshakeTimeout, Duration.ofMillis(1));
    if (defaultMaxChats < 1) {
      throw new IllegalArgumentException(Setting.DEFAULT_MAX_CHATS.envName() + " must be at least 1");
    }
  }

  public static PresenceSettings fromEnvironment(Map<String, String> env) {
    return new PresenceSettings(
        Setting.OFFLINE_GRACE.seconds(env),
        Setting.HEARTBEAT_TIMEOUT.seconds(env),
        Setting.HEARTBEAT_INTERVAL.seconds(env),
        Setting.DEFAULT_MAX_CHATS.count(env),
        Setting.HANDSHAKE_TIMEOUT.seconds(env));
  }

  private static void requireAtLeast(Setting setting, Duration value, Duration minimum) {
    if (value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          setting.envName() + " must be at least " + minimum.toMillis() / 1000.0 + " s, got " + value.toMillis() / 1000.0 + " s");
    }
  }
}
