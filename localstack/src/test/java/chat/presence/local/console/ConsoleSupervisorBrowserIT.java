package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The supervisor view: the site's agents on a board, forcing an agent's status (which its own
 * console shows), the site's open chats by group and priority with their ages, and moving a chat
 * to another agent.
 */
class ConsoleSupervisorBrowserIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.forConsole(Duration.ofSeconds(2)).build();

  /** Per test, so that each one is reported skipped with the reason. */
  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  @Test
  void aSupervisorSeesTheAgentsAndForcesOneAwayWhichItsConsoleAndTheBoardShow() {
    String site = uniqueSite();
    try (WsClient bob = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "bob", "agent"));
        ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        ConsoleBrowser supervisor = ConsoleBrowser.open(runtime.console("", "supervisor"))) {
      agent.signIn("agent", site, "ann");
      agent.awaitText("#agent-status", "available");
      supervisor.signIn("supervisor", site, "sue");

      supervisor.awaitText(board("ann"), "available");
      assertThat(supervisor.awaitText(board("bob"), "available")).contains("0 / 3");

      supervisor.click(board("ann") + " .force-away");
      agent.awaitText("#agent-status", "away");
      agent.awaitText("#agent-log", "sue set my status to away");
      supervisor.awaitText(board("ann") + " .status", "away");
      assertThat(supervisor.text(board("bob") + " .status")).isEqualTo("available");
      assertThat(supervisor.text(board("ann") + " .force-error")).isEmpty();
      supervisor.screenshot("supervisor-view");

      supervisor.click(board("ann") + " .force-available");
      agent.awaitText("#agent-status", "available");
      supervisor.awaitText(board("ann") + " .status", "available");
    }
  }

  @Test
  void theQueueShowsEachGroupsChatsByPriorityThenAgeWithTheirAgesTickingAndTheAgentSeesItsChatsGroup() {
    String site = uniqueSite();
    try (WsClient val = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "val", "visitor"));
        ConsoleBrowser supervisor = ConsoleBrowser.open(runtime.console("", "supervisor"));
        ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"))) {
      // No agent yet: every chat waits. The urgent billing chat comes last but is served first.
      request(val, "b-routine", "billing", 2);
      request(val, "s-routine", "sales", 0);
      request(val, "anyone", null, 0);
      request(val, "b-urgent", "billing", 9);
      supervisor.signIn("supervisor", site, "sue");

      String billing = "#supervisor-queue section[data-group='billing']";
      await()
          .atMost(ConsoleBrowser.WAIT)
          .until(() -> supervisor.attributes(billing + " tbody tr", "data-chat-id"), ids -> ids.size() == 2);
      assertThat(supervisor.attributes(billing + " tbody tr", "data-chat-id")).containsExactly("b-urgent", "b-routine");
      assertThat(supervisor.attributes("#supervisor-queue section", "data-group")).containsExactly("billing", "sales", "");
      assertThat(supervisor.text(billing + " h3")).contains("2 waiting");
      assertThat(supervisor.text(row("b-urgent") + " .priority")).isEqualTo("9");
      assertThat(supervisor.text(row("b-urgent") + " .state")).isEqualTo("queued, number 1");
      assertThat(supervisor.text(row("b-routine") + " .state")).isEqualTo("queued, number 2");
      assertThat(supervisor.text(row("s-routine") + " .state")).isEqualTo("queued, number 1");
      String age = supervisor.text(row("b-routine") + " .age");
      assertThat(age).matches("\\d+ s");
      await().atMost(Duration.ofSeconds(5)).until(() -> !supervisor.text(row("b-routine") + " .age").equals(age));

      agent.type("#agent-groups", "billing");
      agent.signIn("agent", site, "ann");
      agent.awaitText(chat("b-urgent"), "group billing, priority 9");
      supervisor.awaitText(row("b-urgent") + " .state", "with ann");
      assertThat(supervisor.count(row("b-urgent") + " .transfer-to-agent")).isOne();
      assertThat(supervisor.count(row("s-routine") + " .transfer-to-agent")).isZero();
      supervisor.screenshot("supervisor-queue");
    }
  }

  /**
   * Needs the server's {@code subscribePresence}: until it has one, the board stays on polling,
   * which the test above covers.
   */
  @Test
  void theBoardGoesLiveOnPresenceChangedAndFollowsAnAgentsChanges() {
    String site = uniqueSite();
    try (WsClient bob = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "bob", "agent"));
        WsClient val = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "val", "visitor"));
        ConsoleBrowser supervisor = ConsoleBrowser.open(runtime.console("", "supervisor"))) {
      supervisor.signIn("supervisor", site, "sue");
      supervisor.awaitText(board("bob"), "available");
      await()
          .atMost(ConsoleBrowser.WAIT)
          .until(() -> supervisor.attribute("#supervisor-board-mode", "data-mode").equals("live"));

      // Within a second, where the poll it replaces took five.
      bob.requestOk("setStatus", Map.of("status", "away"));
      await().atMost(Duration.ofSeconds(2)).until(() -> supervisor.text(board("bob") + " .status").equals("away"));
      bob.requestOk("setStatus", Map.of("status", "available"));
      val.requestOk("requestChat", Map.of("chatId", "c1"));
      bob.awaitEvent("chat.assigned", "c1");
      await().atMost(Duration.ofSeconds(2)).until(() -> supervisor.text(board("bob")).contains("1 / 3"));
      supervisor.awaitText(row("c1") + " .state", "with bob");
    }
  }

  /** Needs the server's {@code transferChat}; the agent view's side of it is this test's too. */
  @Test
  void aSupervisorMovesAChatFromOneAgentsConsoleToAnothersAndIsToldInlineWhenTheTargetCannotTakeIt() {
    String site = uniqueSite();
    try (WsClient val = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "val", "visitor"));
        WsClient cat = WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, "cat", "agent"));
        ConsoleBrowser ann = ConsoleBrowser.open(runtime.console("", "agent"));
        ConsoleBrowser bob = ConsoleBrowser.open(runtime.console("", "agent"));
        ConsoleBrowser supervisor = ConsoleBrowser.open(runtime.console("", "supervisor"))) {
      cat.requestOk("setStatus", Map.of("status", "away"));
      ann.signIn("agent", site, "ann");
      ann.awaitText("#agent-status", "available");
      val.requestOk("requestChat", Map.of("chatId", "c1"));
      ann.awaitText(chat("c1"), "with val");
      bob.signIn("agent", site, "bob");
      supervisor.signIn("supervisor", site, "sue");
      supervisor.awaitText(row("c1") + " .state", "with ann");

      // cat is away: not eligible, and nothing changes.
      supervisor.type(row("c1") + " .transfer-target", "cat");
      supervisor.click(row("c1") + " .transfer-to-agent");
      supervisor.awaitText(row("c1") + " .transfer-error", "CONFLICT");
      assertThat(ann.text(chat("c1"))).contains("with val");

      supervisor.type(row("c1") + " .transfer-target", "bob");
      supervisor.click(row("c1") + " .transfer-to-agent");
      bob.awaitText(chat("c1"), "with val");
      bob.awaitText("#agent-notices", "c1 was transferred to you from ann");
      ann.awaitText("#agent-notices", "c1 was transferred to bob");
      await().atMost(ConsoleBrowser.WAIT).until(() -> ann.count(chat("c1")) == 0);
      supervisor.awaitText(row("c1") + " .state", "with bob");
      assertThat(supervisor.text(row("c1") + " .transfer-error")).isEmpty();
      assertThat(val.awaitEvent("chat.transferred", "c1").path("toAgentId").asText()).isEqualTo("bob");
    }
  }

  private static void request(WsClient visitor, String chatId, String group, int priority) {
    visitor.requestOk(
        "requestChat",
        group == null
            ? Map.of("chatId", chatId, "priority", priority)
            : Map.of("chatId", chatId, "group", group, "priority", priority));
    visitor.awaitEvent("chat.queued", chatId);
  }

  private static String board(String agentId) {
    return "#supervisor-board tr[data-agent-id='" + agentId + "']";
  }

  private static String row(String chatId) {
    return "#supervisor-queue tr[data-chat-id='" + chatId + "']";
  }

  private static String chat(String chatId) {
    return "#agent-chats li[data-chat-id='" + chatId + "']";
  }
}
