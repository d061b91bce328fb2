package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.presence.AgentState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One socket per browser (issue 14): two tabs of one Chromium signed in as the same agent share one
 * connection, held by the tab that holds the Web Lock named after the agent; the other speaks
 * through it over BroadcastChannel. Closing the holding tab hands the connection to the other.
 *
 * <p>Run against the console before it shared (each tab its own socket), it fails at the first
 * check: the agent has two connections.
 */
class ConsoleSharedSocketBrowserIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.forConsole(Duration.ofSeconds(20)).build();

  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  @Test
  void twoTabsOfOneAgentShareOneConnectionAndTheSecondTakesOverWhenTheFirstCloses() {
    String site = uniqueSite();
    try (ConsoleBrowser browser = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient vic = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "vic", "visitor"))) {
      assertThat(browser.script("typeof navigator.locks?.request")).isEqualTo("function");
      browser.signIn("agent", site, "ann");
      String token = browser.token("agent");
      String first = browser.currentTab();
      String firstConnection = awaitOneConnection(site);

      String second = browser.openTab(runtime.console("", "agent"));
      browser.submitToken("agent", token);
      browser.awaitConnectionState("agent", "connected");
      // The second tab shows what the first tab's connection tells: its team, read through it.
      browser.awaitText("#agent-team tr[data-agent-id='ann']", "available");
      assertThat(connectionIds(site)).containsExactly(firstConnection);

      // Events reach both tabs; a request from the second goes through the first's connection.
      vic.requestOk("requestChat", Map.of("chatId", "chat-s"));
      browser.awaitText(chat("chat-s"), "with vic");
      browser.click("#agent-set-away");
      browser.awaitText("#agent-status", "away");
      assertThat(agent(site).chosenStatus().wireName()).isEqualTo("away");
      browser.switchTo(first);
      browser.awaitText(chat("chat-s"), "with vic");
      assertThat(connectionIds(site)).containsExactly(firstConnection);
      browser.screenshot("shared-socket-first-tab");

      // The first tab closes: the second opens its own connection, resyncs, and keeps the chat.
      browser.closeTab(second);
      await()
          .atMost(ConsoleBrowser.WAIT)
          .until(() -> connectionIds(site), ids -> ids.size() == 1 && !ids.contains(firstConnection));
      browser.awaitConnectionState("agent", "connected");
      browser.awaitText(chat("chat-s"), "with vic");
      browser.click("#agent-set-available");
      browser.awaitText("#agent-status", "available");
      assertThat(browser.text("#agent-log")).contains("this tab holds the connection now");
    }
  }

  private static String awaitOneConnection(String site) {
    return await().atMost(ConsoleBrowser.WAIT).until(() -> connectionIds(site), ids -> ids.size() == 1).get(0);
  }

  private static List<String> connectionIds(String site) {
    return runtime.records(site, "ann").stream()
        .map(ConnectionRecord::connectionId)
        .toList();
  }

  private static AgentState agent(String site) {
    return runtime.runtime().services().agents().get(site, "ann").orElseThrow();
  }

  private static String chat(String chatId) {
    return "#agent-chats li[data-chat-id='" + chatId + "']";
  }
}
