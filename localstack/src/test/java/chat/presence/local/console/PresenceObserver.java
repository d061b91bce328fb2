package chat.presence.local.console;

import chat.presence.local.testing.WsClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Another agent of the site, asking {@code getPresence} as fast as it is answered and recording
 * every status it is told for one agent: what the rest of the site saw, moment by moment.
 */
final class PresenceObserver implements AutoCloseable {
  private final String watchedAgent;
  private final WsClient socket;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;
  private volatile Throwable failure;

  private PresenceObserver(URI webSocketUrl, String token, String watchedAgent) {
    this.watchedAgent = watchedAgent;
    this.socket = WsClient.connectSilent(webSocketUrl, token);
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
    poller.join(WsClient.WAIT.toMillis());
    socket.close();
  }

  private void pollUntilClosed() {
    try {
      while (running) {
        seen.add(socket.presence().getOrDefault(watchedAgent, "absent"));
      }
    } catch (RuntimeException | AssertionError e) {
      failure = e;
    }
  }
}
