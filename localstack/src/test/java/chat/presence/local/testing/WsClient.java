package chat.presence.local.testing;

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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The tests' one real WebSocket client, of the local runtime or of the gateway emulator alone. It
 * records every text frame it receives, as text and (when it is JSON) parsed. A client from {@link
 * #connect} sends a heartbeat (or, once told, a ping) on schedule until told to fall silent, like a
 * real console or widget; one from {@link #connectSilent} or {@link #openSilent} sends only what the
 * test sends, for a test that counts frames, lets a connection go idle, or is over long before the
 * server's heartbeat timeout.
 */
public final class WsClient implements AutoCloseable {
  /**
   * How long a wait for a frame, a handshake or a close lasts: the longest any test needs, that of
   * the other side of a browser test, whose frames follow a browser's clicks.
   */
  public static final Duration WAIT = Duration.ofSeconds(15);

  public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);
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
  private final List<Frame> received = new CopyOnWriteArrayList<>();
  /** Notified on each frame received, for the threads waiting for one. */
  private final Object arrivals = new Object();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile Future<?> heartbeat = CompletableFuture.completedFuture(null);
  private volatile String keepAlive = "{\"action\":\"heartbeat\"}";
  private volatile boolean closing;
  /** Held by {@link #nextMessage}, so that two callers never take the same frame. */
  private final Object taking = new Object();
  /** How many frames {@link #nextMessage} has handed out. */
  private int taken;

  /** Fails with a {@link java.util.concurrent.CompletionException} when the handshake is refused. */
  private WsClient(URI uri) {
    this.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(WAIT)
            .buildAsync(uri, new Listener())
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  /** A client with the token and query (e.g. {@code "&status=away"}) that heartbeats on schedule. */
  public static WsClient connect(URI base, String token, String query) {
    WsClient client = new WsClient(URI.create(base + "?token=" + token + query));
    long period = HEARTBEAT_INTERVAL.toMillis();
    client.heartbeat =
        HEARTBEATS.scheduleAtFixedRate(client::sendHeartbeat, period, period, TimeUnit.MILLISECONDS);
    return client;
  }

  /** A client with the token that sends nothing on its own. */
  public static WsClient connectSilent(URI base, String token) {
    return openSilent(URI.create(base + "?token=" + token));
  }

  /** A client of any URL that sends nothing on its own. */
  public static WsClient openSilent(URI uri) {
    return new WsClient(uri);
  }

  /** The handshake alone, for a test that expects it refused. */
  public static CompletableFuture<WebSocket> tryConnect(URI base, String query) {
    return HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(base + query), new WebSocket.Listener() {});
  }

  /** From now on the schedule sends {@code ping}, which nothing answers, instead of heartbeat. */
  public void keepAliveWithPing() {
    keepAlive = "{\"action\":\"ping\"}";
  }

  /** Stops the scheduled heartbeats: the socket stays open but sends nothing more on its own. */
  public void silence() {
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

  /** Sends a frame with a fresh requestId and waits for the frame that answers it. */
  public JsonNode request(String action, Map<String, Object> fields) {
    return request(action, fields, WAIT);
  }

  /** As {@link #request(String, Map)}, waiting up to {@code wait} for the answer. */
  public JsonNode request(String action, Map<String, Object> fields, Duration wait) {
    String requestId = "r" + REQUEST_IDS.incrementAndGet();
    ObjectNode frame = JSON.createObjectNode().put("action", action).put("requestId", requestId);
    fields.forEach((k, v) -> frame.set(k, JSON.valueToTree(v)));
    // The answer comes after the request: the frames before it need no second look.
    int sentAt = received.size();
    sendRaw(frame.toString());
    return awaitFrame(sentAt, f -> requestId.equals(f.path("requestId").asText(null)), wait);
  }

  public JsonNode request(String action) {
    return request(action, Map.of());
  }

  /** As {@link #request(String, Map)}, failing when the answer is an error frame. */
  public JsonNode requestOk(String action, Map<String, Object> fields) {
    JsonNode answer = request(action, fields);
    if ("error".equals(answer.path("type").asText())) {
      throw new AssertionError(action + " failed: " + answer);
    }
    return answer;
  }

  /** One send at a time: the JDK client refuses a send while another is pending. */
  public synchronized void sendRaw(String text) {
    socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public JsonNode awaitFrame(Predicate<JsonNode> match) {
    return awaitFrame(0, match, WAIT);
  }

  private JsonNode awaitFrame(int from, Predicate<JsonNode> match, Duration wait) {
    return awaitReceived(
            from,
            frame -> match.test(frame.json()),
            wait,
            () -> "no matching frame within " + wait + "; received " + receivedTexts())
        .json();
  }

  public JsonNode awaitEvent(String type, String chatId) {
    return awaitFrame(f -> type.equals(f.path("type").asText()) && chatId.equals(f.path("chatId").asText()));
  }

  /**
   * The next text frame, verbatim, that this method has not returned before, waiting for it: what
   * the gateway delivered, in order, whether JSON or not.
   */
  public String nextMessage() {
    synchronized (taking) {
      Frame next = awaitReceived(taken, frame -> true, WAIT, () -> "no message from the server within " + WAIT);
      taken++;
      return next.text();
    }
  }

  public List<JsonNode> events(String type) {
    List<JsonNode> matching = new ArrayList<>();
    for (Frame frame : received) {
      if (type.equals(frame.json().path("type").asText())) {
        matching.add(frame.json());
      }
    }
    return matching;
  }

  /** When the frame (one this client received) arrived. */
  public Instant receivedAt(JsonNode json) {
    for (Frame frame : received) {
      if (frame.parsed() == json) {
        return frame.at();
      }
    }
    throw new AssertionError("not a frame this client received: " + json);
  }

  public List<JsonNode> received() {
    return received.stream().map(Frame::json).toList();
  }

  /** Every frame received, verbatim, whether JSON or not. */
  public List<String> receivedTexts() {
    return received.stream().map(Frame::text).toList();
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Whether the server closed the connection (or it failed) without this client closing it. */
  public boolean isClosedByPeer() {
    return closed.isDone() && !closing;
  }

  /** The status code the server closed with, waiting for the close; -1 when the socket failed. */
  public int awaitCloseCode() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The agents of a {@code getPresence} answer, by id: status. */
  public Map<String, String> presence() {
    JsonNode answer = request("getPresence");
    assertThat(answer.path("type").asText()).isEqualTo("presence");
    Map<String, String> statuses = new TreeMap<>();
    answer.path("agents").forEach(a -> statuses.put(a.path("agentId").asText(), a.path("status").asText()));
    return statuses;
  }

  @Override
  public void close() {
    close(WebSocket.NORMAL_CLOSURE, "bye");
  }

  /** Closes with the status and reason, and waits for the server's close. */
  public void close(int statusCode, String reason) {
    heartbeat.cancel(false);
    closing = true;
    if (!closed.isDone()) {
      socket.sendClose(statusCode, reason).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
      closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).exceptionally(e -> 0).join();
    }
  }

  /** Drops the TCP connection without a close handshake, like a laptop losing its network. */
  public void abort() {
    heartbeat.cancel(false);
    socket.abort();
  }

  /** Waits while the given clients keep their connections alive, as real clients do. */
  public static void heartbeatFor(Duration duration, WsClient... clients) {
    long until = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < until) {
      for (WsClient client : clients) {
        client.request("heartbeat");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The first frame from index {@code from} on that matches, waiting for it to arrive. */
  private Frame awaitReceived(int from, Predicate<Frame> match, Duration wait, Supplier<String> failure) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (arrivals) {
      while (true) {
        for (int i = from; i < received.size(); i++) {
          Frame frame = received.get(i);
          if (match.test(frame)) {
            return frame;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(failure.get());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(arrivals, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /**
   * A text frame as received; {@code parsed} is null when it is not JSON, which the gateway's own
   * tests send and which from the runtime is a failure, reported when a test reads the frame.
   */
  private record Frame(String text, JsonNode parsed, Instant at) {
    JsonNode json() {
      if (parsed == null) {
        throw new AssertionError("server sent a frame that is not JSON: " + text);
      }
      return parsed;
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception notJson) {
      return null;
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Instant at = Instant.now();
        String text = partial.toString();
        partial.setLength(0);
        received.add(new Frame(text, parse(text), at));
        synchronized (arrivals) {
          arrivals.notifyAll();
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
