package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent and a visitor using the console in two browsers, and on-call watching them. */
class ConsoleFlowBrowserIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.forConsole(Duration.ofSeconds(2)).build();

  /** Per test, so that each one is reported skipped with the reason. */
  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  @Test
  void queuedChatArrivesWhenTheAwayAgentSetsAvailable() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        ConsoleBrowser visitor = ConsoleBrowser.open(runtime.console("", "visitor"))) {
      agent.signIn("agent", site, "ann");
      agent.click("#agent-set-away");
      agent.awaitText("#agent-status", "away");
      agent.awaitText("#agent-team tr[data-agent-id='ann'] .status", "away");

      visitor.signIn("visitor", site, "vic");
      visitor.type("#visitor-chat-id", "chat-1");
      visitor.click("#visitor-request");
      visitor.awaitText(chat("visitor", "chat-1"), "queued");
      visitor.screenshot("visitor-view");
      assertThat(agent.count(chat("agent", "chat-1"))).isZero();

      agent.click("#agent-set-available");
      agent.awaitText(chat("agent", "chat-1"), "with vic");
      visitor.awaitText(chat("visitor", "chat-1"), "assigned to ann");
      agent.awaitText("#agent-team tr[data-agent-id='ann']", "1 / 3");
      agent.screenshot("agent-view");

      agent.click(chat("agent", "chat-1") + " .end-chat");
      visitor.awaitText(chat("visitor", "chat-1"), "ended by ann");
      agent.awaitText(chat("agent", "chat-1"), "ended by ann");
    }
  }

  @Test
  void onCallViewShowsConnectionsQueuesAndTheAuditor() throws Exception {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        ConsoleBrowser onCall = ConsoleBrowser.open(runtime.console("", "oncall"))) {
      agent.signIn("agent", site, "ann");

      String annRow = "#oncall-agents tr[data-site-id='" + site + "'][data-agent-id='ann']";
      String connectionId = runtime.records(site, "ann").get(0).connectionId();
      onCall.awaitText(annRow, connectionId);
      onCall.awaitText(annRow, "last frame");
      assertThat(onCall.text("#oncall-routing-waiting")).matches("\\d+");
      assertThat(onCall.text("#oncall-dlq")).matches("\\d+");
      if (auditEndpointStatus() == 404) {
        onCall.awaitText("#oncall-audit", "auditor not available");
      } else {
        onCall.awaitElement("#oncall-audit > *");
        assertThat(onCall.text("#oncall-audit")).doesNotContain("auditor not available");
      }
      onCall.screenshot("oncall-view");

      // Updates without a reload: the agent leaves, and the row changes in place.
      String updated = onCall.text("#oncall-updated");
      agent.click("#agent-sign-out");
      onCall.awaitText(annRow, "none");
      assertThat(onCall.text("#oncall-updated")).isNotEqualTo(updated);
    }
  }

  private static String chat(String view, String chatId) {
    return "#" + view + "-chats li[data-chat-id='" + chatId + "']";
  }

  private static int auditEndpointStatus() throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(runtime.http("/local/audit")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
