package chat.presence.local.console;

import chat.presence.local.DevTokens;
import chat.presence.local.LocalRuntime;
import chat.presence.local.LocalSettings;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.routing.VisitorLimits;
import chat.presence.model.settings.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** A local runtime on a free port for the console's tests, with the offline grace a test needs. */
final class ConsoleTestRuntime implements AutoCloseable {
  private final LocalRuntime runtime;

  private ConsoleTestRuntime(LocalRuntime runtime) {
    this.runtime = runtime;
  }

  static ConsoleTestRuntime start(Duration offlineGrace) {
    return start(offlineGrace, PresenceSettings.DEFAULTS.heartbeatInterval());
  }

  static ConsoleTestRuntime start(Duration offlineGrace, Duration heartbeatInterval) {
    return start(offlineGrace, heartbeatInterval, Map.of());
  }

  /**
   * With more presence variables, as a user would set them in the environment (e.g.
   * {@code PRESENCE_OFFER_TIMEOUT_SECONDS}).
   */
  static ConsoleTestRuntime start(Duration offlineGrace, Duration heartbeatInterval, Map<String, String> more) {
    Map<String, String> presence = new HashMap<>(more);
    presence.put(Setting.OFFLINE_GRACE.envName(), seconds(offlineGrace));
    presence.put(Setting.HEARTBEAT_INTERVAL.envName(), seconds(heartbeatInterval));
    // A console test's visitor may hold more chats than a real one would.
    presence.putIfAbsent(Setting.MAX_OPEN_CHATS_PER_VISITOR.envName(), "100");
    var settings =
        new LocalSettings(
            0,
            Optional.empty(),
            // The development secret: the console signs in through /local/dev-token, which a
            // configured secret turns off.
            Optional.empty(),
            presence,
            Duration.ofSeconds(1),
            2,
            3, Optional.empty());
    return new ConsoleTestRuntime(LocalRuntime.start(settings));
  }

  LocalRuntime runtime() {
    return runtime;
  }

  static String uniqueSite() {
    return "site-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The console page with a query and a view, e.g. {@code console("handoverAfterSeconds=2", "agent")}. */
  URI console(String query, String view) {
    return URI.create(runtime.httpUrl() + "/console" + (query.isEmpty() ? "" : "?" + query) + "#" + view);
  }

  URI http(String path) {
    return URI.create(runtime.httpUrl() + path);
  }

  String token(String site, String subject, String role) {
    return token(site, subject, role, OptionalInt.empty());
  }

  /** An agent's token with its own capacity, for a test that needs chats to wait behind a full agent. */
  String agentToken(String site, String agentId, int maxChats) {
    return token(site, agentId, "agent", OptionalInt.of(maxChats));
  }

  private String token(String site, String subject, String role, OptionalInt maxChats) {
    return DevTokens.sign(
        runtime.settings().effectiveJwtSecret(), site, subject, role, Duration.ofMinutes(10), maxChats);
  }

  @Override
  public void close() {
    runtime.close();
  }

  private static String seconds(Duration duration) {
    return Double.toString(duration.toMillis() / 1000.0);
  }
}
