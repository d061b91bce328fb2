package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.model.presence.AgentState;
import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the console's client keeps an agent connected: keep-alives on the configured schedule, and
 * across the gateway's connection limits, as another agent of the site sees the agent's presence.
 */
class ConsoleConnectionIT {
  /** The console's first reconnect after a failure waits at least this long (backoff). */
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** Per test, so that each one is reported skipped with the reason. */
  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  @Test
  void keepAlivesFollowTheConfiguredInterval() throws Exception {
    try (var runtime =
        LocalRuntimeExtension.forConsole(Duration.ofSeconds(2))
            .presence(Setting.HEARTBEAT_INTERVAL, Duration.ofSeconds(1))
            .start()) {
      String site = uniqueSite();
      try (var agent = ConsoleBrowser.open(runtime.console("", "agent"))) {
        agent.signIn("agent", site, "ann");
        String connectionId = connections(runtime, site).get(0).connectionId();

        // The view's other frames come every 5 s: only keep-alives keep the last frame this recent,
        // and since the view's reads are answered they are pings, which the gateway alone handles.
        Duration oldestLastFrame = Duration.ZERO;
        for (long until = System.nanoTime() + Duration.ofSeconds(4).toNanos(); System.nanoTime() < until; ) {
          Instant lastActiveAt = runtime.runtime().services().gateway().lastActiveAt(connectionId).orElseThrow();
          Duration age = Duration.between(lastActiveAt, Instant.now());
          oldestLastFrame = age.compareTo(oldestLastFrame) > 0 ? age : oldestLastFrame;
          Thread.sleep(100);
        }
        assertThat(oldestLastFrame).isLessThan(Duration.ofMillis(1800));
      }
    }
  }

  @Test
  void scheduledHandoverOpensTheNextConnectionBeforeClosingTheOldOne() throws Exception {
    // No grace period: one instant without a connection would show the agent offline at once.
    try (var runtime = LocalRuntimeExtension.forConsole(Duration.ZERO).start()) {
      String site = uniqueSite();
      try (var agent = ConsoleBrowser.open(runtime.console("handoverAfterSeconds=2", "agent"))) {
        agent.signIn("agent", site, "ann");
        try (var observer =
            PresenceObserver.watch(runtime.runtime().webSocketUrl(), runtime.token(site, "olga", "agent"), "ann")) {
          Set<String> connectionIds = new LinkedHashSet<>();
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(20))
              .until(
                  () -> {
                    connections(runtime, site).forEach(c -> connectionIds.add(c.connectionId()));
                    return connectionIds.size() >= 3;
                  });

          assertThat(observer.statusesSeen()).isNotEmpty().containsOnly("available");
        }
        // The connection in use was registered before the one it replaced was gone.
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .untilAsserted(
                () -> {
                  AgentState ann = runtime.runtime().services().agents().get(site, "ann").orElseThrow();
                  List<ConnectionRecord> open = connections(runtime, site);
                  assertThat(open).hasSize(1);
                  Instant replacedAt = ann.lastDisconnectAt().orElseThrow();
                  assertThat(open.get(0).connectedAt()).isBefore(replacedAt);
                });
        assertThat(agent.connectionState("agent")).isIn("connected", "handing-over");
        assertThat(agent.text("#agent-log")).contains("handover complete");
      }
    }
  }

  @Test
  void serverGoingAwayIsFollowedByAnImmediateReconnect() throws Exception {
    try (var runtime = LocalRuntimeExtension.forConsole(Duration.ofSeconds(2)).start()) {
      String site = uniqueSite();
      try (var agent = ConsoleBrowser.open(runtime.console("", "agent"));
          var observer =
              PresenceObserver.watch(runtime.runtime().webSocketUrl(), runtime.token(site, "olga", "agent"), "ann")) {
        agent.signIn("agent", site, "ann");
        String first = connections(runtime, site).get(0).connectionId();

        long expiredAt = System.nanoTime();
        assertThat(runtime.runtime().gateway().faults().expireConnection(first)).isTrue();
        String second =
            await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> otherConnection(runtime, site, first), Optional::isPresent)
                .orElseThrow();
        Duration reconnectedAfter = Duration.ofNanos(System.nanoTime() - expiredAt);

        assertThat(second).isNotEqualTo(first);
        assertThat(reconnectedAfter).isLessThan(FIRST_BACKOFF);
        agent.awaitConnectionState("agent", "connected");
        assertThat(agent.text("#agent-log")).contains("1001");
        assertThat(observer.statusesSeen()).isNotEmpty().doesNotContain("offline");
      }
    }
  }

  /** The agent ann's connections as the connections table holds them. */
  private static List<ConnectionRecord> connections(LocalRuntimeExtension runtime, String site) {
    return runtime.records(site, "ann");
  }

  private static Optional<String> otherConnection(LocalRuntimeExtension runtime, String site, String than) {
    return connections(runtime, site).stream().map(ConnectionRecord::connectionId).filter(id -> !id.equals(than)).findFirst();
  }
}
