package chat.presence.local.console;

import chat.presence.local.LocalSettings;
import chat.presence.local.gateway.GatewayConfig;
import chat.presence.model.presence.PresenceSettings;
import java.time.Duration;

/**
 * The timings the console's client follows, served at {@code /local/console-config}.
 *
 * @param heartbeatIntervalSeconds how often to send {@code heartbeat}
 *     ({@code PRESENCE_HEARTBEAT_INTERVAL_SECONDS})
 * @param handoverAfterSeconds when a connection is this old, the client replaces it by a new one
 *     before closing it: a little before the gateway's age limit
 * @param maxConnectionAgeSeconds the gateway closes every connection at this age (2 h)
 */
record ConsoleConfig(
    double heartbeatIntervalSeconds, double handoverAfterSeconds, double maxConnectionAgeSeconds) {

  /** Room for a slow handover, and for clocks that disagree, before the gateway's limit. */
  static final Duration HANDOVER_MARGIN = Duration.ofMinutes(5);

  static ConsoleConfig of(LocalSettings settings) {
    Duration maxAge = GatewayConfig.API_GATEWAY_MAX_CONNECTION_AGE;
    return new ConsoleConfig(
        seconds(PresenceSettings.fromEnvironment(settings.presence()).heartbeatInterval()),
        seconds(maxAge.minus(HANDOVER_MARGIN)),
        seconds(maxAge));
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
