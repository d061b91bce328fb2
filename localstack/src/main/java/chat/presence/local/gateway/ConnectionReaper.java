package chat.presence.local.gateway;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that have been idle or open too long, as API Gateway does. Idleness counts
 * only frames from the client, the same activity GetConnection reports as {@code lastActiveAt}.
 */
final class ConnectionReaper {
  private static final Logger log = LoggerFactory.getLogger(ConnectionReaper.class);
  private static final Duration LONGEST_PERIOD = Duration.ofSeconds(1);
  private static final Duration SHORTEST_PERIOD = Duration.ofMillis(50);

  private final Connections connections;
  private final long idleTimeoutMillis;
  private final long maxAgeMillis;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "gateway-reaper");
            thread.setDaemon(true);
            return thread;
          });

  ConnectionReaper(Connections connections, Duration idleTimeout, Duration maxAge) {
    this.connections = connections;
    this.idleTimeoutMillis = idleTimeout.toMillis();
    this.maxAgeMillis = maxAge.toMillis();
  }

  /**
   * Checks often enough that a connection outlives its limit by at most a tenth of it, or a second.
   */
  void start() {
    long tenth = Math.min(idleTimeoutMillis, maxAgeMillis) / 10;
    long period = Math.max(SHORTEST_PERIOD.toMillis(), Math.min(LONGEST_PERIOD.toMillis(), tenth));
    timer.scheduleAtFixedRate(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
  }

  void stop() {
    timer.shutdownNow();
  }

  private void closeExpired() {
    long now = System.currentTimeMillis();
    for (GatewayConnection connection : connections.snapshot()) {
      // One failure must not end the schedule: a throwing task is never run again.
      try {
        closeIfExpired(connection, now);
      } catch (RuntimeException e) {
        log.error("Could not close connection {}", connection.id(), e);
      }
    }
  }

  private void closeIfExpired(GatewayConnection connection, long now) {
    if (now - connection.handshake().connectedAt() >= maxAgeMillis) {
      log.info("Closing connection {}: maximum age reached", connection.id());
      connections.close(connection, DisconnectCause.GOING_AWAY);
    } else if (now - connection.lastActiveAt() >= idleTimeoutMillis) {
      log.info("Closing connection {}: idle timeout", connection.id());
      connections.close(connection, DisconnectCause.GOING_AWAY);
    }
  }
}
