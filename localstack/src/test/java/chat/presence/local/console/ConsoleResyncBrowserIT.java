package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.gateway.GatewayFaults;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console after its socket was away: events are delivered at least once and are missed while
 * a client has no connection, so the views resynchronise with {@code getChats} after every
 * (re)connect and take its answer as the truth.
 *
 * <p>The agent keeps a second device (a plain WebSocket client, as another tab or a phone would):
 * it keeps the agent live and eligible, so chats are assigned to the agent while the page is
 * closed or its socket is down, and the page misses their events for certain. To keep the page's
 * socket down after the gateway closes it, the gateway holds its handshakes: the page's next
 * connection has run {@code $connect} but is not open, and every event pushed to it is answered
 * "gone" and lost, as with API Gateway while a client reconnects.
 *
 * <p>Run against the console as it was before it sent {@code getChats} (events only), the three
 * scenarios failed, each after its setup had checked that the page missed the events: the agent
 * view never showed the chats assigned while the page was away (the first two time out waiting
 * for "with vic") and kept the chat that ended meanwhile as active, and the reloaded visitor view
 * showed no chat at all (the third times out waiting for "queued"). The handover test is a guard
 * and passed on both.
 */
class ConsoleResyncBrowserIT {
  /** Longer than any absence in these tests: nobody goes offline, only events are missed. */
  private static final Duration GRACE = Duration.ofSeconds(20);

  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.forConsole(GRACE).build();

  /** Per test, so that each one is reported skipped with the reason. */
  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  /** A failed test must not leave the next one's handshakes held. */
  @AfterEach
  void releaseHandshakes() {
    faults().holdHandshakes(Duration.ZERO);
  }

  @Test
  void reloadedAgentPageShowsTheChatAssignedWhileItWasAway() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient annElsewhere = client(site, "ann", "agent");
        WsClient vic = client(site, "vic", "visitor")) {
      agent.signIn("agent", site, "ann");
      String token = agent.token("agent");

      // The page closes; the chat goes to the agent meanwhile, and only the other device hears it.
      agent.leave();
      awaitConnections(site, "ann", 1);
      vic.requestOk("requestChat", Map.of("chatId", "chat-1"));
      assertThat(annElsewhere.awaitEvent("chat.assigned", "chat-1").path("visitorId").asText()).isEqualTo("vic");

      // A new page load, signed in with the same token.
      agent.go(runtime.console("", "agent"));
      agent.submitToken("agent", token);
      agent.awaitConnectionState("agent", "connected");
      agent.awaitText(chat("agent", "chat-1"), "with vic");
      assertThat(agent.text(chat("agent", "chat-1"))).contains("active");
      agent.screenshot("resync-agent-after-reload");

      // The chat stays until it ends, and ends like any other.
      agent.click(chat("agent", "chat-1") + " .end-chat");
      vic.awaitEvent("chat.ended", "chat-1");
      agent.awaitText(chat("agent", "chat-1"), "ended by ann");
    }
  }

  @Test
  void reconnectedAgentGainsTheChatAssignedAndLosesTheChatEndedWhileItsSocketWasDown() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"))) {
      agent.signIn("agent", site, "ann");
      String pages = connectionIds(site, "ann").iterator().next();
      try (WsClient annElsewhere = client(site, "ann", "agent");
          WsClient vic = client(site, "vic", "visitor")) {
        vic.requestOk("requestChat", Map.of("chatId", "chat-a"));
        agent.awaitText(chat("agent", "chat-a"), "with vic");

        // The gateway closes the page's connection; the console reconnects at once, but its new
        // socket is held in its handshake. Meanwhile chat-a ends and chat-b goes to the agent.
        faults().holdHandshakes(Duration.ofSeconds(30));
        assertThat(faults().expireConnection(pages)).isTrue();
        await()
            .atMost(ConsoleBrowser.WAIT)
            .until(() -> connectionIds(site, "ann"), ids -> ids.size() == 2 && !ids.contains(pages));
        vic.requestOk("endChat", Map.of("chatId", "chat-a"));
        annElsewhere.awaitEvent("chat.ended", "chat-a");
        vic.requestOk("requestChat", Map.of("chatId", "chat-b"));
        assertThat(annElsewhere.awaitEvent("chat.assigned", "chat-b").path("visitorId").asText()).isEqualTo("vic");
        assertThat(agent.connectionState("agent")).isEqualTo("reconnecting");
        assertThat(agent.text(chat("agent", "chat-a"))).contains("active");
        assertThat(agent.count(chat("agent", "chat-b"))).isZero();

        faults().holdHandshakes(Duration.ZERO);
        agent.awaitConnectionState("agent", "connected");
        agent.awaitText(chat("agent", "chat-b"), "with vic");
        await().atMost(ConsoleBrowser.WAIT).until(() -> agent.count(chat("agent", "chat-a")) == 0);
        assertThat(agent.text("#agent-log")).contains("1001");
        agent.screenshot("resync-agent-after-reconnect");
      }
    }
  }

  @Test
  void reloadedVisitorPageShowsItsQueuedChatWithItsPositionThenItsAssignedChat() {
    String site = uniqueSite();
    try (ConsoleBrowser visitor = ConsoleBrowser.open(runtime.console("", "visitor"))) {
      visitor.signIn("visitor", site, "vic");
      String token = visitor.token("visitor");
      visitor.type("#visitor-chat-id", "chat-q");
      visitor.click("#visitor-request");
      visitor.awaitText(chat("visitor", "chat-q"), "queued");

      // No agent on the site: after a reload the chat is still queued, first in line.
      visitor.leave();
      visitor.go(runtime.console("", "visitor"));
      visitor.submitToken("visitor", token);
      visitor.awaitConnectionState("visitor", "connected");
      assertThat(visitor.awaitText(chat("visitor", "chat-q"), "queued")).contains("You are number 1 in the queue");
      visitor.screenshot("resync-visitor-queued");

      // An agent takes the chat while the visitor's page is closed: after a reload it is assigned.
      visitor.leave();
      try (WsClient ann = client(site, "ann", "agent")) {
        ann.awaitEvent("chat.assigned", "chat-q");
        visitor.go(runtime.console("", "visitor"));
        visitor.submitToken("visitor", token);
        visitor.awaitConnectionState("visitor", "connected");
        visitor.awaitText(chat("visitor", "chat-q"), "assigned to ann");
        assertThat(visitor.count("#visitor-chats li")).isEqualTo(1);
        visitor.screenshot("resync-visitor-assigned");
      }
    }
  }

  /**
   * A regression guard rather than a reproduction (it passed on the console before getChats too):
   * every handover resyncs, while events may come on both overlapping connections, and the chat
   * must stay shown once, active, through all of it.
   */
  @Test
  void chatStaysShownOnceThroughHandovers() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("handoverAfterSeconds=2", "agent"));
        WsClient vic = client(site, "vic", "visitor")) {
      agent.signIn("agent", site, "ann");
      vic.requestOk("requestChat", Map.of("chatId", "chat-h"));
      agent.awaitText(chat("agent", "chat-h"), "with vic");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.text("#agent-log").split("handover complete", -1).length > 2);
      assertThat(agent.count("#agent-chats li")).isEqualTo(1);
      assertThat(agent.text(chat("agent", "chat-h"))).contains("active");
    }
  }

  private static WsClient client(String site, String userId, String role) {
    return WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, userId, role));
  }

  private static GatewayFaults faults() {
    return runtime.runtime().gateway().faults();
  }

  private static Set<String> connectionIds(String site, String userId) {
    return runtime.records(site, userId).stream()
        .map(ConnectionRecord::connectionId)
        .collect(Collectors.toSet());
  }

  private static void awaitConnections(String site, String userId, int count) {
    await().atMost(ConsoleBrowser.WAIT).until(() -> connectionIds(site, userId).size() == count);
  }

  private static String chat(String view, String chatId) {
    return "#" + view + "-chats li[data-chat-id='" + chatId + "']";
  }
}
