package chat.presence.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The other side of a browser test, without a browser: a visitor's widget or another agent's
 * console, speaking the wire contract over a plain WebSocket and keeping every frame it receives.
 * No heartbeats: a test is over long before the server's heartbeat timeout.
 */
final class ChatClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final AtomicInteger REQUEST_IDS = new AtomicInteger();

  private final WebSocket socket;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  private ChatClient(URI uri) {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(WAIT)
            .buildAsync(uri, new Listener())
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  static ChatClient connect(URI webSocketUrl, String token) {
    return new ChatClient(URI.create(webSocketUrl + "?token=" + token));
  }

  /** Sends a frame with a fresh requestId; returns its answer, and fails on an error frame. */
  JsonNode request(String action, Map<String, Object> fields) {
    String requestId = "t" + REQUEST_IDS.incrementAndGet();
    ObjectNode frame = JSON.createObjectNode().put("action", action).put("requestId", requestId);
    fields.forEach((k, v) -> frame.set(k, JSON.valueToTree(v)));
    send(frame.toString());
    JsonNode answer = awaitFrame(f -> requestId.equals(f.path("requestId").asText(null)));
    if ("error".equals(answer.path("type").asText())) {
      throw new AssertionError(action + " failed: " + answer);
    }
    return answer;
  }

  JsonNode awaitEvent(String type, String chatId) {
    return awaitFrame(f -> type.equals(f.path("type").asText()) && chatId.equals(f.path("chatId").asText()));
  }

  /** The events of a type received so far. */
  List<JsonNode> events(String type) {
    return received.stream().filter(f -> type.equals(f.path("type").asText())).toList();
  }

  private synchronized void send(String text) {
    socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  private JsonNode awaitFrame(Predicate<JsonNode> match) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode frame : received) {
        if (match.test(frame)) {
          return frame;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no matching frame within " + WAIT + "; received " + received);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new AssertionError("the server sent a frame that is not JSON: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
