package chat.presence.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection of a simulated client. Every frame received is passed to the owner with
 * its arrival time; a request's answer (the frame repeating its requestId) also completes the
 * request's future.
 */
final class BenchSocket {
  /** Receives every frame of a socket, on the HTTP client's threads. */
  interface Listener {
    void onFrame(BenchSocket socket, Frame frame);

    void onClosed(BenchSocket socket);
  }

  static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final ClientTraffic traffic;
  private final Duration answerTimeout;
  private final Map<String, CompletableFuture<Frame>> awaiting = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Object sendLock = new Object();
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
  private volatile boolean closing;

  private BenchSocket(
      HttpClient http, URI uri, ClientTraffic traffic, Duration answerTimeout, Listener listener) {
    this.traffic = traffic;
    this.answerTimeout = answerTimeout;
    this.socket =
        http.newWebSocketBuilder()
            .connectTimeout(answerTimeout)
            .buildAsync(uri, new Receiver(listener))
            .orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .join();
  }

  static BenchSocket open(
      HttpClient http, URI uri, ClientTraffic traffic, Duration answerTimeout, Listener listener) {
    return new BenchSocket(http, uri, traffic, answerTimeout, listener);
  }

  /** Sends a frame with a fresh requestId; completes with the answer, or fails after the timeout. */
  CompletableFuture<Frame> request(String action, Map<String, String> fields) {
    String requestId = "r" + requestIds.incrementAndGet();
    ObjectNode frame = JSON.createObjectNode().put("action", action).put("requestId", requestId);
    fields.forEach(frame::put);
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    awaiting.put(requestId, answer);
    traffic.sent(action);
    send(frame.toString());
    return answer
        .orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((frameOrNull, error) -> awaiting.remove(requestId));
  }

  /** Sends a frame that gets no answer, such as {@code ping}. */
  void tell(String action) {
    traffic.sent(action);
    send(JSON.createObjectNode().put("action", action).toString());
  }

  /** The JDK's WebSocket allows one outstanding send at a time, so sends are chained. */
  private void send(String text) {
    synchronized (sendLock) {
      lastSend =
          lastSend.handle((ignored, error) -> null).thenCompose(x -> socket.sendText(text, true));
    }
  }

  boolean isOpen() {
    return !closed.isDone();
  }

  /** Closes with a close handshake, or drops the connection if the server does not answer. */
  CompletableFuture<Void> close() {
    closing = true;
    if (!closed.isDone()) {
      synchronized (sendLock) {
        lastSend
            .handle((ignored, error) -> null)
            .thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"))
            .exceptionally(e -> null);
      }
    }
    return closed
        .orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            timeout -> {
              socket.abort();
              return null;
            });
  }

  boolean closedByUs() {
    return closing;
  }

  private final class Receiver implements WebSocket.Listener {
    private final Listener listener;
    private final StringBuilder partial = new StringBuilder();

    Receiver(Listener listener) {
      this.listener = listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Frame frame = new Frame(parse(partial.toString()), System.nanoTime(), System.currentTimeMillis());
        partial.setLength(0);
        traffic.received(frame);
        listener.onFrame(BenchSocket.this, frame);
        String requestId = frame.json().path("requestId").asText(null);
        if (requestId != null) {
          CompletableFuture<Frame> answer = awaiting.get(requestId);
          if (answer != null) {
            answer.complete(frame);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      finish();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      finish();
    }

    /** Requests still waiting will get no answer on a closed connection: they fail now. */
    private void finish() {
      if (closed.complete(null)) {
        awaiting.values().forEach(answer -> answer.completeExceptionally(new IOException("connection closed")));
        listener.onClosed(BenchSocket.this);
      }
    }

    private JsonNode parse(String text) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException("the server sent a frame that is not JSON: " + text, e);
      }
    }
  }
}
