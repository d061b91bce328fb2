package chat.presence.bench.sim;

import chat.presence.local.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One supervisor console per site, subscribed to {@code presence.changed}: what a console that is
 * pushed presence receives, counted, to check the cost model's one push per view change per
 * subscriber against the run. Kept alive with {@code ping}; its frames are not counted as the load's.
 */
public final class PresenceWatch implements AutoCloseable {
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

  private final List<BenchSocket> sockets = new ArrayList<>();
  private final List<Long> pushes = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-presence-watch");
            thread.setDaemon(true);
            return thread;
          });

  private PresenceWatch(URI webSocketUrl, String jwtSecret, List<String> siteIds, Duration keepAliveInterval, Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    ClientTraffic uncounted = new ClientTraffic();
    BenchSocket.Listener counting =
        new BenchSocket.Listener() {
          @Override
          public void onFrame(BenchSocket socket, Frame frame) {
            if ("presence.changed".equals(frame.type())) {
              pushes.add(frame.receivedNanos());
            }
          }

          @Override
          public void onClosed(BenchSocket socket) {}
        };
    List<CompletableFuture<Frame>> subscribed = new ArrayList<>();
    for (String siteId : siteIds) {
      String token = DevTokens.sign(jwtSecret, siteId, "watch-supervisor", "supervisor", TOKEN_LIFETIME, OptionalInt.empty());
      BenchSocket socket = BenchSocket.open(http, URI.create(webSocketUrl + "?token=" + token), uncounted, timeout, counting);
      sockets.add(socket);
      subscribed.add(socket.request("subscribePresence", Map.of()));
    }
    for (CompletableFuture<Frame> answer : subscribed) {
      Frame frame = answer.join();
      if ("error".equals(frame.type())) {
        throw new IllegalStateException("subscribePresence was refused: " + frame.json());
      }
    }
    long millis = keepAliveInterval.toMillis();
    keepAlive.scheduleAtFixedRate(
        () -> sockets.stream().filter(BenchSocket::isOpen).forEach(s -> s.tell("ping")),
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Connects and subscribes a supervisor on each site. */
  public static PresenceWatch subscribe(
      URI webSocketUrl, String jwtSecret, List<String> siteIds, Duration keepAliveInterval, Duration timeout) {
    return new PresenceWatch(webSocketUrl, jwtSecret, siteIds, keepAliveInterval, timeout);
  }

  /** {@code presence.changed} frames received from {@code fromNanos} (inclusive) to {@code toNanos}. */
  public long pushesBetween(long fromNanos, long toNanos) {
    return pushes.stream().filter(t -> t >= fromNanos && t < toNanos).count();
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    CompletableFuture.allOf(sockets.stream().map(BenchSocket::close).toArray(CompletableFuture[]::new)).join();
  }
}
