package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real {@link java.net.http.WebSocket} client that keeps what the gateway sends it. */
final class TestClient implements WebSocket.Listener {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long WAIT_SECONDS = 5;

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;
  private String connectionId;

  /** Fails with the handshake's {@link java.util.concurrent.ExecutionException} when refused. */
  static TestClient open(URI uri) throws Exception {
    var client = new TestClient();
    client.socket =
        HTTP.newWebSocketBuilder().buildAsync(uri, client).get(WAIT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  TestClient withConnectionId(String id) {
    connectionId = id;
    return this;
  }

  String connectionId() {
    return connectionId;
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  void close(int statusCode, String reason) {
    socket.sendClose(statusCode, reason).join();
  }

  String nextMessage() throws InterruptedException {
    String message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(message).as("message from the gateway").isNotNull();
    return message;
  }

  /** The status of the close frame the gateway sent. */
  int awaitClosedByGateway() throws Exception {
    return closeStatus.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  boolean isClosed() {
    return closeStatus.isDone();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeStatus.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeStatus.completeExceptionally(error);
  }
}
