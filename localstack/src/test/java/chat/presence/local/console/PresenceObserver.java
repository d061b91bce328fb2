package chat.presence.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Another agent of the site, asking {@code getPresence} as fast as it is answered and recording
 * every status it is told for one agent: what the rest of the site saw, moment by moment.
 */
final class PresenceObserver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

  private final String watchedAgent;
  private final WebSocket socket;
  private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;
  private volatile Throwable failure;

  private PresenceObserver(URI webSocketUrl, String token, String watchedAgent) {
    this.watchedAgent = watchedAgent;
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create(webSocketUrl + "?token=" + token), new Listener())
            .orTimeout(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
    this.poller = new Thread(this::pollUntilClosed, "presence-observer");
    poller.setDaemon(true);
    poller.start();
  }

  static PresenceObserver watch(URI webSocketUrl, String observerToken, String watchedAgent) {
    return new PresenceObserver(webSocketUrl, observerToken, watchedAgent);
  }

  /** Every status reported for the watched agent so far, in order ("absent" before it exists). */
  List<String> statusesSeen() {
    if (failure != null) {
      throw new AssertionError("the observer stopped", failure);
    }
    return List.copyOf(seen);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(ANSWER_WAIT.toMillis());
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private void pollUntilClosed() {
    int requests = 0;
    try {
      while (running) {
        String requestId = "o" + ++requests;
        var answer = new CompletableFuture<JsonNode>();
        waiting.put(requestId, answer);
        socket.sendText("{\"action\":\"getPresence\",\"requestId\":\"" + requestId + "\"}", true).join();
        seen.add(statusOf(answer.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS)));
      }
    } catch (Exception e) {
      failure = e;
    }
  }

  private String statusOf(JsonNode presence) {
    for (JsonNode agent : presence.path("agents")) {
      if (watchedAgent.equals(agent.path("agentId").asText())) {
        return agent.path("status").asText();
      }
    }
    return "absent";
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          var answer = waiting.remove(frame.path("requestId").asText(""));
          if (answer != null) {
            answer.complete(frame);
          }
        } catch (Exception e) {
          failure = e;
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
