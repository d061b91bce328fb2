package chat.presence.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the local runtime that records every frame it receives and, like a
 * real console or widget, sends a heartbeat (or, once told, a ping) on schedule until told to fall
 * silent.
 */
final class WsClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);
  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "test-client-heartbeats");
            thread.setDaemon(true);
            return thread;
          });
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger REQUEST_IDS = new AtomicInteger();

  private final WebSocket socket;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  /** When each frame of {@link #received} arrived, at the same index (written first). */
  private final List<Instant> receivedAt = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final ScheduledFuture<?> heartbeat;
  private volatile String keepAlive = "{\"action\":\"heartbeat\"}";

  private WsClient(URI uri) {
    this.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(WAIT)
            .buildAsync(uri, new Listener())
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
    long period = HEARTBEAT_INTERVAL.toMillis();
    this.heartbeat =
        HEARTBEATS.scheduleAtFixedRate(this::sendHeartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  /** From now on the schedule sends {@code ping}, which nothing answers, instead of heartbeat. */
  void keepAliveWithPing() {
    keepAlive = "{\"action\":\"ping\"}";
  }

  /** Stops the scheduled heartbeats: the socket stays open but sends nothing more on its own. */
  void silence() {
    heartbeat.cancel(false);
  }

  private void sendHeartbeat() {
    if (!closed.isDone()) {
      try {
        sendRaw(keepAlive);
      } catch (RuntimeException closedMeanwhile) {
        heartbeat.cancel(false);
      }
    }
  }

  static WsClient connect(URI base, String token, String query) {
    return new WsClient(URI.create(base + "?token=" + token + query));
  }

  static CompletableFuture<WebSocket> tryConnect(URI base, String query) {
    return HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(base + query), new WebSocket.Listener() {});
  }

  /** Sends a frame with a fresh requestId and waits for the frame that answers it. */
  JsonNode request(String action, Map<String, Object> fields) {
    return request(action, fields, WAIT);
  }

  /** As {@link #request(String, Map)}, waiting up to {@code wait} for the answer. */
  JsonNode request(String action, Map<String, Object> fields, Duration wait) {
    String requestId = "r" + REQUEST_IDS.incrementAndGet();
    ObjectNode frame = JSON.createObjectNode().put("action", action).put("requestId", requestId);
    fields.forEach((k, v) -> frame.set(k, JSON.valueToTree(v)));
    sendRaw(frame.toString());
    return awaitFrame(f -> requestId.equals(f.path("requestId").asText(null)), wait);
  }

  JsonNode request(String action) {
    return request(action, Map.of());
  }

  /** One send at a time: the JDK client refuses a send while another is pending. */
  synchronized void sendRaw(String text) {
    socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  JsonNode awaitFrame(Predicate<JsonNode> match) {
    return awaitFrame(match, WAIT);
  }

  private JsonNode awaitFrame(Predicate<JsonNode> match, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode frame : received) {
        if (match.test(frame)) {
          return frame;
        }
      }
      pause();
    }
    throw new AssertionError("no matching frame within " + wait + "; received " + received);
  }

  JsonNode awaitEvent(String type, String chatId) {
    return awaitFrame(f -> type.equals(f.path("type").asText()) && chatId.equals(f.path("chatId").asText()));
  }

  List<JsonNode> events(String type) {
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode frame : received) {
      if (type.equals(frame.path("type").asText())) {
        matching.add(frame);
      }
    }
    return matching;
  }

  /** When the frame (one this client received) arrived. */
  Instant receivedAt(JsonNode frame) {
    for (int i = 0; i < received.size(); i++) {
      if (received.get(i) == frame) {
        return receivedAt.get(i);
      }
    }
    throw new AssertionError("not a frame this client received: " + frame);
  }

  List<JsonNode> received() {
    return List.copyOf(received);
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /** The status code the server closed with, waiting for the close; -1 when the socket failed. */
  int awaitCloseCode() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The agents of a {@code getPresence} answer, by id: status. */
  Map<String, String> presence() {
    JsonNode answer = request("getPresence");
    assertThat(answer.path("type").asText()).isEqualTo("presence");
    Map<String, String> statuses = new java.util.TreeMap<>();
    answer.path("agents").forEach(a -> statuses.put(a.path("agentId").asText(), a.path("status").asText()));
    return statuses;
  }

  @Override
  public void close() {
    heartbeat.cancel(false);
    if (!closed.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
      closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).exceptionally(e -> 0).join();
    }
  }

  /** Drops the TCP connection without a close handshake, like a laptop losing its network. */
  void abort() {
    heartbeat.cancel(false);
    socket.abort();
  }

  /** Waits while the given clients keep their connections alive, as real clients do. */
  static void heartbeatFor(Duration duration, WsClient... clients) {
    long until = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < until) {
      for (WsClient client : clients) {
        client.request("heartbeat");
      }
      sleep(200);
    }
  }

  private static void pause() {
    sleep(10);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          receivedAt.add(Instant.now());
          received.add(frame);
        } catch (Exception e) {
          throw new AssertionError("server sent a frame that is not JSON: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
