package chat.presence.bench.scale;

import chat.presence.local.DevTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds many agents' WebSocket connections to a local runtime, in a process of its own: the
 * runtime's end of each connection is already one file descriptor there, and one process may hold
 * no more than the machine's limit (20,000 here). Opens them, then keeps each alive with a ping
 * every interval, until its standard input says {@code close} or ends; then closes them at a pace
 * the runtime's {@code $disconnect}s can follow, and exits.
 *
 * <p>Arguments: WebSocket URL, HS256 secret, agents, connections per agent, ping interval in seconds.
 * Prints one line when all are open ({@code opened N failed M seconds S}) and one when all are
 * closed ({@code closed N}).
 */
public final class SocketHolder {
  /** How many handshakes may be in flight at once: each is a $connect the runtime handles. */
  private static final int OPENING_AT_ONCE = 32;
  /** 200 closes a second: each is a $disconnect the runtime writes for. */
  private static final Duration CLOSE_SPACING = Duration.ofMillis(5);
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
  private static final String SITES_PREFIX = "scale-site-";
  private static final int AGENTS_PER_SITE = 100;

  private SocketHolder() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    String secret = args[1];
    int agents = Integer.parseInt(args[2]);
    int connectionsPerAgent = Integer.parseInt(args[3]);
    Duration pingInterval = Duration.ofSeconds(Long.parseLong(args[4]));

    HttpClient http = HttpClient.newHttpClient();
    List<WebSocket> open = new CopyOnWriteArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    Semaphore inFlight = new Semaphore(OPENING_AT_ONCE);
    long started = System.nanoTime();
    for (int agent = 0; agent < agents; agent++) {
      String token =
          DevTokens.sign(
              secret,
              SITES_PREFIX + agent / AGENTS_PER_SITE,
              "agent-" + agent,
              "agent",
              Duration.ofHours(2),
              OptionalInt.empty());
      URI withToken = URI.create(url + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      for (int connection = 0; connection < connectionsPerAgent; connection++) {
        inFlight.acquire();
        http.newWebSocketBuilder()
            .connectTimeout(HANDSHAKE_TIMEOUT)
            .buildAsync(withToken, new WebSocket.Listener() {})
            .whenComplete(
                (socket, error) -> {
                  if (error == null) {
                    open.add(socket);
                  } else {
                    failed.incrementAndGet();
                  }
                  inFlight.release();
                });
      }
    }
    inFlight.acquire(OPENING_AT_ONCE);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("opened %d failed %d seconds %.1f%n", open.size(), failed.get(), seconds);
    System.out.flush();

    ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor();
    long spacingMicros = Math.max(1, pingInterval.toNanos() / 1000 / Math.max(1, open.size()));
    AtomicInteger next = new AtomicInteger();
    // One connection at a time, spread over the interval: the runtime sees a steady trickle.
    pings.scheduleAtFixedRate(
        () -> {
          WebSocket socket = open.get(Math.floorMod(next.getAndIncrement(), open.size()));
          socket.sendText("{\"action\":\"ping\"}", true);
        },
        spacingMicros,
        spacingMicros,
        TimeUnit.MICROSECONDS);

    awaitCloseOrEnd();
    pings.shutdownNow();
    List<CompletableFuture<WebSocket>> closing = new CopyOnWriteArrayList<>();
    for (WebSocket socket : open) {
      closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "scale run over"));
      Thread.sleep(CLOSE_SPACING.toMillis());
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .exceptionally(error -> null)
        .get(1, TimeUnit.MINUTES);
    System.out.printf("closed %d%n", open.size());
    System.out.flush();
    System.exit(0);
  }

  private static void awaitCloseOrEnd() throws IOException {
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.strip().equals("close")) {
        return;
      }
    }
  }
}
