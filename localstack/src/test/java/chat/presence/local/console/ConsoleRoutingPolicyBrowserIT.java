package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing groups and priority in the console: an agent signs in with groups and sees them, a
 * visitor asks for a group and a priority, and the chat waits for an agent of that group.
 */
class ConsoleRoutingPolicyBrowserIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.forConsole(Duration.ofSeconds(2)).build();

  /** Per test, so that each one is reported skipped with the reason. */
  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  @Test
  void aVisitorsChatForAGroupWaitsForAnAgentOfThatGroupWhoSeesItsGroupsAndGetsIt() {
    String site = uniqueSite();
    try (WsClient bob = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "bob", "agent"));
        WsClient val = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "val", "visitor"));
        ConsoleBrowser visitor = ConsoleBrowser.open(runtime.console("", "visitor"));
        ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"))) {
      val.requestOk("requestChat", Map.of("chatId", "routine", "group", "billing"));
      val.awaitEvent("chat.queued", "routine");
      visitor.signIn("visitor", site, "vic");
      visitor.type("#visitor-chat-id", "urgent");
      visitor.type("#visitor-group", "billing");
      visitor.choose("#visitor-priority", "9");
      visitor.click("#visitor-request");
      // bob, of no group, is free: the chat still waits, ahead of the routine one.
      assertThat(visitor.awaitText(chat("visitor", "urgent"), "in the queue"))
          .contains("You are number 1 in the queue");

      agent.type("#agent-groups", "billing, sales");
      agent.signIn("agent", site, "ann");

      assertThat(agent.text("#agent-groups-shown")).isEqualTo("billing, sales");
      visitor.awaitText(chat("visitor", "urgent"), "assigned to ann");
      agent.awaitText(chat("agent", "urgent"), "urgent");
      assertThat(val.awaitEvent("chat.assigned", "routine").path("agentId").asText()).isEqualTo("ann");
      agent.screenshot("agent-of-groups");
      assertThat(bob.events("chat.assigned")).isEmpty();
    }
  }

  private static String chat(String view, String chatId) {
    return "#" + view + "-chats li[data-chat-id='" + chatId + "']";
  }
}
