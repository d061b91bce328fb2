package chat.presence.bench.sim;

import chat.presence.local.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One agent and one visitor of a site, connected and heartbeating, for measurements that need live
 * connections but no load. Their frames are not counted anywhere.
 */
public final class KeptAliveClients implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<BenchSocket> sockets;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-keep-alive");
            thread.setDaemon(true);
            return thread;
          });

  private KeptAliveClients(List<BenchSocket> sockets, Duration heartbeatInterval) {
    this.sockets = sockets;
    long millis = heartbeatInterval.toMillis();
    timer.scheduleAtFixedRate(
        () -> sockets.forEach(s -> s.request("heartbeat", Map.of()).exceptionally(e -> null)),
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Connects the agent with the given status, then the visitor. */
  public static KeptAliveClients connect(
      URI webSocketUrl,
      String jwtSecret,
      String siteId,
      String agentId,
      String agentStatus,
      String visitorId,
      Duration heartbeatInterval) {
    HttpClient http = HttpClient.newHttpClient();
    ClientTraffic uncounted = new ClientTraffic();
    String agentToken =
        DevTokens.sign(jwtSecret, siteId, agentId, "agent", Duration.ofHours(1), OptionalInt.empty());
    String visitorToken =
        DevTokens.sign(jwtSecret, siteId, visitorId, "visitor", Duration.ofHours(1), OptionalInt.empty());
    BenchSocket agent =
        BenchSocket.open(
            http,
            URI.create(webSocketUrl + "?token=" + agentToken + "&status=" + agentStatus),
            uncounted,
            TIMEOUT,
            IgnoredFrames.LISTENER);
    BenchSocket visitor =
        BenchSocket.open(
            http, URI.create(webSocketUrl + "?token=" + visitorToken), uncounted, TIMEOUT, IgnoredFrames.LISTENER);
    return new KeptAliveClients(List.of(agent, visitor), heartbeatInterval);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    CompletableFuture.allOf(sockets.stream().map(BenchSocket::close).toArray(CompletableFuture[]::new)).join();
  }
}
