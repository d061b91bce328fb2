package chat.presence.local.console;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.settings.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Offers with an accept timeout (contract v2) in the agent view: an agent signed in in the browser
 * is offered a chat with a countdown and accepts it, declines it, or lets it expire and comes back;
 * the visitor and the other agents are plain WebSocket clients.
 *
 * <p>The timeout is long enough for a browser on a busy machine to see an offer and press a
 * button, and short enough for a test to wait for an expiry.
 */
class ConsoleOffersBrowserIT {
  private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(5);
  /** Longer than any test here: nobody goes offline. */
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final String MISSED = "You missed an offer: you are offered no chats";
  private static final String NOTICE = "#agent-unresponsive:not([hidden])";

  @RegisterExtension
  static final LocalRuntimeExtension runtime =
      LocalRuntimeExtension.forConsole(GRACE)
          .presence(Setting.OFFER_TIMEOUT, OFFER_TIMEOUT)
          .build();

  /** Per test, so that each one is reported skipped with the reason. */
  @BeforeEach
  void needsABrowser() {
    ConsoleBrowser.assumeInstalled();
  }

  @Test
  void anAcceptedOfferBecomesAnActiveChatForBothSides() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient vic = client(site, "vic", "visitor")) {
      agent.signIn("agent", site, "ann");
      agent.awaitText("#agent-status", "available");

      vic.requestOk("requestChat", Map.of("chatId", "chat-1"));
      vic.awaitEvent("chat.queued", "chat-1");
      String offer = chat("chat-1");
      assertThat(agent.awaitText(offer, "offered")).contains("with vic");
      Instant expiresAt = expiresAt(agent, offer);
      assertThat(agent.count(offer + " .end-chat")).isZero();

      // The countdown is live: it shows the seconds left, and counts down.
      String first = agent.awaitText(offer + " .countdown", "expires in");
      assertThat(first).matches("expires in [1-5] s");
      await().atMost(Duration.ofSeconds(3)).until(() -> agent.text(offer + " .countdown"), t -> !t.equals(first));
      agent.screenshot("offers-offered");

      agent.click(offer + " .accept-chat");

      assertThat(vic.awaitEvent("chat.assigned", "chat-1").path("agentId").asText()).isEqualTo("ann");
      agent.awaitText(offer, "active");
      agent.awaitElement(offer + " .end-chat");
      assertThat(agent.count(offer + " .accept-chat")).isZero();
      assertThat(agent.count(offer + " .countdown")).isZero();
      agent.awaitText("#agent-team tr[data-agent-id='ann']", "1 / 3");
      agent.screenshot("offers-accepted");

      // Past the offer's expiry the chat is still the agent's, and nothing was withdrawn.
      pause(Duration.between(Instant.now(), expiresAt.plusSeconds(1)));
      assertThat(agent.text(offer)).contains("active");
      assertThat(agent.count(NOTICE)).isZero();
      assertThat(agent.text("#agent-log")).doesNotContain("withdrawn").doesNotContain("could not");

      agent.click(offer + " .end-chat");
      vic.awaitEvent("chat.ended", "chat-1");
      agent.awaitText(offer, "ended by ann");
    }
  }

  @Test
  void aDeclinedOfferDisappearsAndGoesToAnotherAgent() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient vic = client(site, "vic", "visitor")) {
      agent.signIn("agent", site, "ann");
      agent.awaitText("#agent-status", "available");
      vic.requestOk("requestChat", Map.of("chatId", "chat-2"));
      agent.awaitText(chat("chat-2"), "offered");

      // Bob comes once the chat is Ann's offer: he can only have it after she declines it.
      try (WsClient bob = client(site, "bob", "agent")) {
        agent.click(chat("chat-2") + " .decline-chat");

        await().atMost(ConsoleBrowser.WAIT).until(() -> agent.count(chat("chat-2")) == 0);
        assertThat(bob.awaitEvent("chat.offered", "chat-2").path("visitorId").asText()).isEqualTo("vic");
        bob.requestOk("acceptChat", Map.of("chatId", "chat-2"));
        assertThat(vic.awaitEvent("chat.assigned", "chat-2").path("agentId").asText()).isEqualTo("bob");

        agent.awaitText("#agent-team tr[data-agent-id='bob']", "1 / 3");
        assertThat(agent.count(chat("chat-2"))).isZero();
        assertThat(agent.count(NOTICE)).as("declining is not missing an offer").isZero();
        assertThat(agent.text("#agent-log")).doesNotContain("could not");
        assertThat(presenceOf(bob, "ann").path("unresponsive").asBoolean()).isFalse();
        agent.screenshot("offers-declined");
      }
    }
  }

  @Test
  void anExpiredOfferDisappearsAndTheAgentIsUnresponsiveUntilItIsBackWithItsStatusUnchanged() {
    String site = uniqueSite();
    try (WsClient bob = client(site, "bob", "agent");
        ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient vic = client(site, "vic", "visitor")) {
      // Bob watches the site's presence, away, so that the chat can only be Ann's.
      bob.requestOk("setStatus", Map.of("status", "away"));
      agent.signIn("agent", site, "ann");
      agent.click("#agent-set-available");
      agent.awaitText("#agent-status", "available");
      assertThat(agent.count(NOTICE)).isZero();

      vic.requestOk("requestChat", Map.of("chatId", "chat-3"));
      agent.awaitText(chat("chat-3"), "offered");
      agent.awaitElement(chat("chat-3") + " .countdown");

      // Nobody presses anything: the offer goes, and the view says why nothing more comes.
      await()
          .atMost(OFFER_TIMEOUT.plus(ConsoleBrowser.WAIT))
          .until(() -> agent.count(chat("chat-3")) == 0 && agent.count(NOTICE) == 1);
      assertThat(agent.text(NOTICE)).contains(MISSED);
      agent.awaitText("#agent-log", "withdrawn");
      assertThat(agent.text("#agent-status")).isEqualTo("available");
      String annRow = "#agent-team tr[data-agent-id='ann']";
      agent.awaitText(annRow, "missed an offer");
      assertThat(agent.text(annRow)).contains("available");
      JsonNode ann = presenceOf(bob, "ann");
      assertThat(ann.path("unresponsive").asBoolean()).isTrue();
      assertThat(ann.path("status").asText()).isEqualTo("available");
      agent.screenshot("offers-unresponsive");

      // Unresponsive, Ann is offered nothing: the chat waits.
      pause(Duration.ofSeconds(2));
      assertThat(agent.count(chat("chat-3"))).isZero();
      assertThat(vic.requestOk("getChats", Map.of()).path("chats").get(0).path("state").asText()).isEqualTo("queued");

      agent.click("#agent-im-back");

      await().atMost(ConsoleBrowser.WAIT).until(() -> agent.count(NOTICE) == 0);
      await().atMost(ConsoleBrowser.WAIT).until(() -> !presenceOf(bob, "ann").path("unresponsive").asBoolean());
      assertThat(presenceOf(bob, "ann").path("status").asText()).isEqualTo("available");
      assertThat(agent.text("#agent-status")).isEqualTo("available");
      await().atMost(ConsoleBrowser.WAIT).until(() -> !agent.text(annRow).contains("missed an offer"));

      // Back, Ann is offered chats again, and takes the next one. (Not chat-3: an agent who let
      // an offer expire is never offered that chat again, as if it had declined it.)
      vic.requestOk("requestChat", Map.of("chatId", "chat-3b"));
      agent.awaitText(chat("chat-3b"), "offered");
      agent.click(chat("chat-3b") + " .accept-chat");
      assertThat(vic.awaitEvent("chat.assigned", "chat-3b").path("agentId").asText()).isEqualTo("ann");
      agent.awaitText(chat("chat-3b"), "active");
      assertThat(agent.count(chat("chat-3"))).isZero();
    }
  }

  /**
   * "I'm back" resends the status the agent chose, whatever it is: an agent that went away while
   * an offer was pending, and missed it, comes back away, not available.
   */
  @Test
  void imBackKeepsAnAwayAgentAway() {
    String site = uniqueSite();
    try (WsClient bob = client(site, "bob", "agent");
        ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient vic = client(site, "vic", "visitor")) {
      bob.requestOk("setStatus", Map.of("status", "away"));
      agent.signIn("agent", site, "ann");
      vic.requestOk("requestChat", Map.of("chatId", "chat-4"));
      agent.awaitText(chat("chat-4"), "offered");
      agent.click("#agent-set-away");
      agent.awaitText("#agent-status", "away");

      await()
          .atMost(OFFER_TIMEOUT.plus(ConsoleBrowser.WAIT))
          .until(() -> agent.count(chat("chat-4")) == 0 && agent.count(NOTICE) == 1);
      await().atMost(ConsoleBrowser.WAIT).until(() -> presenceOf(bob, "ann").path("unresponsive").asBoolean());
      assertThat(agent.text("#agent-status")).isEqualTo("away");

      agent.click("#agent-im-back");

      await().atMost(ConsoleBrowser.WAIT).until(() -> agent.count(NOTICE) == 0);
      JsonNode ann = presenceOf(bob, "ann");
      assertThat(ann.path("unresponsive").asBoolean()).isFalse();
      assertThat(ann.path("status").asText()).isEqualTo("away");
      assertThat(agent.text("#agent-status")).isEqualTo("away");
    }
  }

  /** The team list shows who else missed an offer, beside the status they chose, until they are back. */
  @Test
  void theTeamListShowsAnotherAgentWhoMissedAnOffer() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient bob = client(site, "bob", "agent");
        WsClient vic = client(site, "vic", "visitor")) {
      agent.signIn("agent", site, "ann");
      agent.click("#agent-set-away");
      agent.awaitText("#agent-status", "away");
      String bobRow = "#agent-team tr[data-agent-id='bob']";
      agent.awaitText(bobRow, "available");
      assertThat(agent.text(bobRow)).doesNotContain("missed an offer");

      vic.requestOk("requestChat", Map.of("chatId", "chat-6"));
      bob.awaitEvent("chat.offered", "chat-6");
      bob.awaitEvent("chat.offerWithdrawn", "chat-6");

      agent.awaitText(bobRow, "missed an offer");
      assertThat(agent.attribute(bobRow, "data-unresponsive")).isEqualTo("true");
      assertThat(agent.text(bobRow)).contains("available");
      assertThat(agent.count(NOTICE)).as("Ann missed nothing").isZero();
      agent.screenshot("offers-team-unresponsive");

      bob.requestOk("setStatus", Map.of("status", "available"));
      await().atMost(ConsoleBrowser.WAIT).until(() -> !agent.text(bobRow).contains("missed an offer"));
      assertThat(agent.attribute(bobRow, "data-unresponsive")).isEqualTo("false");
    }
  }

  /**
   * The agent declines on another device: no event tells the page, which still shows the offer.
   * Its Accept answers CONFLICT, which the view logs (nothing is thrown) before taking the truth
   * from the server, and the offer goes.
   */
  @Test
  void acceptingAnOfferDeclinedElsewhereIsAConflictInTheLogAndTheOfferGoes() {
    String site = uniqueSite();
    try (ConsoleBrowser agent = ConsoleBrowser.open(runtime.console("", "agent"));
        WsClient annElsewhere = client(site, "ann", "agent");
        WsClient vic = client(site, "vic", "visitor")) {
      agent.signIn("agent", site, "ann");
      vic.requestOk("requestChat", Map.of("chatId", "chat-5"));
      agent.awaitText(chat("chat-5"), "offered");
      annElsewhere.awaitEvent("chat.offered", "chat-5");
      annElsewhere.requestOk("declineChat", Map.of("chatId", "chat-5"));
      assertThat(agent.count(chat("chat-5") + " .accept-chat")).isEqualTo(1);

      agent.click(chat("chat-5") + " .accept-chat");

      agent.awaitText("#agent-log", "could not accept chat-5: CONFLICT");
      await().atMost(ConsoleBrowser.WAIT).until(() -> agent.count(chat("chat-5")) == 0);
      assertThat(agent.connectionState("agent")).isEqualTo("connected");
      assertThat(agent.count(NOTICE)).isZero();
    }
  }

  private static WsClient client(String site, String userId, String role) {
    return WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, userId, role));
  }

  private static JsonNode presenceOf(WsClient client, String agentId) {
    for (JsonNode agent : client.requestOk("getPresence", Map.of()).path("agents")) {
      if (agent.path("agentId").asText().equals(agentId)) {
        return agent;
      }
    }
    throw new AssertionError("no " + agentId + " in getPresence");
  }

  /** The expiry the page counts down to, as the server sent it. */
  private static Instant expiresAt(ConsoleBrowser agent, String offer) {
    agent.awaitElement(offer + " .countdown");
    return Instant.parse(agent.attribute(offer + " .countdown", "data-expires-at"));
  }

  /** Lets time pass (nothing to wait for: the test checks that nothing happens meanwhile). */
  private static void pause(Duration duration) {
    if (!duration.isNegative() && !duration.isZero()) {
      await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }
  }

  private static String chat(String chatId) {
    return "#agent-chats li[data-chat-id='" + chatId + "']";
  }
}
