package chat.presence.local;

import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the local runtime is set up. Everything comes from the same {@code PRESENCE_*} variables
 * that the deployed functions read, plus the runtime's own (port, data folder, reaper interval).
 *
 * @param presence the variables handed to the handlers unchanged (grace, timeouts, capacity)
 * @param jwtSecret the HS256 secret; empty means the built-in development secret
 * @param backend DynamoDB and SQS endpoints to use; empty: the runtime starts dynalite and ElasticMQ
 */
public record LocalSettings(
    int port,
    Optional<Path> dataDir,
    Optional<String> jwtSecret,
    Map<String, String> presence,
    Duration reaperInterval,
    int routingVisibilityTimeoutSeconds,
    int routingMaxReceiveCount,
    Optional<ExternalBackend> backend) {
  public static final int DEFAULT_PORT = Setting.PORT.defaultCount();

  /** Public so that anyone can mint a token for a local runtime that uses it; never deployed. */
  public static final String DEVELOPMENT_SECRET = "local-development-secret-do-not-deploy-0123456789";

  public LocalSettings {
    presence = Map.copyOf(presence);
    PresenceSettings.fromEnvironment(presence);
  }

  public static LocalSettings fromEnvironment(Map<String, String> env) {
    Map<String, String> presence = new HashMap<>();
    for (Setting setting : Setting.passedToLocalHandlers()) {
      Optional.ofNullable(env.get(setting.envName())).ifPresent(value -> presence.put(setting.envName(), value));
    }
    return new LocalSettings(
        Optional.ofNullable(env.get(Setting.PORT.envName())).map(LocalSettings::port).orElse(DEFAULT_PORT),
        Optional.empty(),
        Optional.ofNullable(env.get(Setting.JWT_SECRET.envName())).filter(s -> !s.isBlank()),
        presence,
        Setting.REAPER_INTERVAL.secondsLocally(env),
        Schema.ROUTING_QUEUE.visibilityTimeoutSeconds(),
        Schema.ROUTING_QUEUE.maxReceiveCount(), Optional.empty());
  }

  public String effectiveJwtSecret() {
    return jwtSecret.orElse(DEVELOPMENT_SECRET);
  }

  public LocalSettings withPort(int port) {
    return new LocalSettings(
        port, dataDir, jwtSecret, presence, reaperInterval, routingVisibilityTimeoutSeconds, routingMaxReceiveCount, backend);
  }

  public LocalSettings withDataDir(Optional<Path> dir) {
    return new LocalSettings(
        port, dir, jwtSecret, presence, reaperInterval, routingVisibilityTimeoutSeconds, routingMaxReceiveCount, backend);
  }

  /** On DynamoDB and SQS endpoints of their own instead of dynalite and ElasticMQ. */
  public LocalSettings withBackend(ExternalBackend external) {
    return new LocalSettings(
        port,
        dataDir,
        jwtSecret,
        presence,
        reaperInterval,
        routingVisibilityTimeoutSeconds,
        routingMaxReceiveCount,
        Optional.of(external));
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(Setting.PORT.envName() + " must be a port number, got '" + value + "'");
    }
  }
}
