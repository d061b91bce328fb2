package chat.presence.local.audit;

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

/** A real WebSocket client of the local runtime that keeps every frame it receives. */
final class TestSocket implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger REQUEST_IDS = new AtomicInteger();

  private final WebSocket socket;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  TestSocket(URI uri) {
    socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(WAIT)
            .buildAsync(uri, new Listener())
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  /** Sends a frame and waits for the frame that answers it. */
  JsonNode request(String action, Map<String, Object> fields) {
    String requestId = "a" + REQUEST_IDS.incrementAndGet();
    ObjectNode frame = JSON.createObjectNode().put("action", action).put("requestId", requestId);
    fields.forEach((name, value) -> frame.set(name, JSON.valueToTree(value)));
    socket.sendText(frame.toString(), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    return await(f -> requestId.equals(f.path("requestId").asText(null)));
  }

  JsonNode awaitEvent(String type, String chatId) {
    return await(
        f -> type.equals(f.path("type").asText()) && chatId.equals(f.path("chatId").asText()));
  }

  private JsonNode await(Predicate<JsonNode> match) {
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
    socket
        .sendClose(WebSocket.NORMAL_CLOSURE, "bye")
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
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
          throw new AssertionError("server sent a frame that is not JSON: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
