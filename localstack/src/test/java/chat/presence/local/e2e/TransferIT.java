package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code transferChat} (contract v2, "Groups, priority, returning visitors, transfers") on the local
 * runtime: the target takes the chat by the same conditional write as routing, or the transfer is a
 * {@code CONFLICT} and nothing changes.
 */
class TransferIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void aTransferToAnAvailableAgentMovesTheChatFreesTheSeatAndTellsBothAgentsAndTheVisitor() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1);
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob", "available")) {
        JsonNode ack = ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));

        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("chatId").asText()).isEqualTo("c1");
        for (WsClient told : new WsClient[] {ann, bob, vic}) {
          JsonNode transferred = told.awaitEvent("chat.transferred", "c1");
          assertThat(transferred.path("fromAgentId").asText()).isEqualTo("ann");
          assertThat(transferred.path("toAgentId").asText()).isEqualTo("bob");
        }
        JsonNode why = bob.request("explain", Map.of("chatId", "c1"));
        assertThat(why.path("agentId").asText()).isEqualTo("bob");
        assertThat(why.path("decision").path("rule").asText()).isEqualTo("transferred");
        assertThat(bob.request("getChats").path("chats").get(0).path("chatId").asText()).isEqualTo("c1");
        assertThat(ann.request("getChats").path("chats")).isEmpty();

        // ann's only seat is free again: the next chat is hers, bob being busy with c1.
        val.request("requestChat", Map.of("chatId", "c2"));
        assertThat(val.awaitEvent("chat.assigned", "c2").path("agentId").asText()).isEqualTo("ann");

        // Sent again, the transfer is acknowledged again and nothing more happens. (Events are at
        // least once: a router pass running beside the transfer may have announced it too.)
        int told = vic.events("chat.transferred").size();
        assertThat(ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob")).path("type").asText())
            .isEqualTo("ack");
        WsClient.heartbeatFor(Duration.ofMillis(500), ann, bob, vic, val);
        assertThat(vic.events("chat.transferred")).hasSize(told);
        assertThat(bob.request("getChats").path("chats").get(0).path("chatId").asText()).isEqualTo("c1");
      }
    }
  }

  @Test
  void aTransferToAnAgentWhoIsAwayFullOrOfflineIsAConflictAndNothingChanges() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1);
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob", "away");
          WsClient cid = runtime.agentWithCapacity(site, "cid", 1)) {
        val.request("requestChat", Map.of("chatId", "c2"));
        cid.awaitEvent("chat.assigned", "c2");
        var before = runtime.settledState(site, Duration.ofMillis(300));

        JsonNode toAway = ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));
        JsonNode toFull = ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "cid"));

        assertThat(toAway.path("code").asText()).isEqualTo("CONFLICT");
        assertThat(toFull.path("code").asText()).isEqualTo("CONFLICT");
        assertThat(runtime.storedState(site)).isEqualTo(before);
        assertThat(vic.events("chat.transferred")).isEmpty();
      }
      // bob, gone, is offline: still a conflict.
      JsonNode toOffline = ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));
      assertThat(toOffline.path("code").asText()).isEqualTo("CONFLICT");
      assertThat(ann.request("getChats").path("chats").get(0).path("chatId").asText()).isEqualTo("c1");
    }
  }

  /**
   * bob sets himself away while ann transfers a chat to him, many times over: each time either the
   * transfer is refused and the chat stays ann's, or bob took it while still available, that is
   * before his away was acknowledged. Never does he hold it after a refusal, or a chat stay nowhere.
   */
  @Test
  void underAConcurrentStatusFlipATransferEitherCompletesBeforeTheAwayOrIsAConflict() {
    int conflicts = 0;
    int transfers = 0;
    for (int round = 0; round < 6; round++) {
      String site = uniqueSite();
      try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1);
          WsClient vic = runtime.visitor(site, "vic")) {
        vic.request("requestChat", Map.of("chatId", "c1"));
        ann.awaitEvent("chat.assigned", "c1");
        try (WsClient bob = runtime.agent(site, "bob", "available")) {
          CompletableFuture<JsonNode> away =
              CompletableFuture.supplyAsync(() -> bob.request("setStatus", Map.of("status", "away")));
          JsonNode transfer = ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));
          assertThat(away.join().path("type").asText()).isEqualTo("ack");

          JsonNode bobsChats = bob.request("getChats").path("chats");
          JsonNode annsChats = ann.request("getChats").path("chats");
          if (transfer.path("type").asText().equals("ack")) {
            transfers++;
            assertThat(bobsChats).hasSize(1);
            assertThat(annsChats).isEmpty();
          } else {
            conflicts++;
            assertThat(transfer.path("code").asText()).isEqualTo("CONFLICT");
            assertThat(bobsChats).isEmpty();
            assertThat(annsChats).hasSize(1);
            assertThat(bob.request("getPresence").path("agents").findValues("activeChats"))
                .allMatch(active -> active.asInt() <= 1);
          }
        }
      }
    }
    assertThat(conflicts + transfers).isEqualTo(6);
  }

  @Test
  void aTransferToAGroupPutsTheChatAtTheFrontOfThatGroupsQueue() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentOfGroups(site, "ann", 1, "sales");
        WsClient carl = runtime.agentOfGroups(site, "carl", 1, "billing");
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val");
        WsClient vera = runtime.visitor(site, "vera")) {
      vic.request("requestChat", Map.of("chatId", "c1", "group", "sales"));
      ann.awaitEvent("chat.assigned", "c1");
      val.request("requestChat", Map.of("chatId", "c2", "group", "billing"));
      carl.awaitEvent("chat.assigned", "c2");
      vera.request("requestChat", Map.of("chatId", "c3", "group", "billing"));
      vera.awaitEvent("chat.queued", "c3");

      JsonNode ack = sam.request("transferChat", Map.of("chatId", "c1", "toGroup", "billing"));

      assertThat(ack.path("type").asText()).isEqualTo("ack");
      for (WsClient told : new WsClient[] {ann, vic}) {
        JsonNode transferred = told.awaitEvent("chat.transferred", "c1");
        assertThat(transferred.path("fromAgentId").asText()).isEqualTo("ann");
        assertThat(transferred.path("toGroup").asText()).isEqualTo("billing");
        assertThat(transferred.has("toAgentId")).isFalse();
      }
      // ann, of sales, does not take it; carl does as soon as he has a seat, ahead of c3.
      carl.request("endChat", Map.of("chatId", "c2"));
      carl.awaitEvent("chat.assigned", "c1");
      assertThat(ann.events("chat.assigned")).hasSize(1);
      assertThat(vera.request("getChats").path("chats").get(0).path("state").asText()).isEqualTo("queued");
      assertThat(ann.request("getChats").path("chats")).isEmpty();
    }
  }

  @Test
  void onlyTheChatsAgentOrASupervisorOfItsSiteMayTransferItAndARefusalChangesNothing() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1);
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      try (WsClient bob = runtime.agent(site, "bob", "available");
          WsClient elsewhere = runtime.supervisor(uniqueSite(), "sam")) {
        var before = runtime.settledState(site, Duration.ofMillis(300));

        JsonNode byOtherAgent = bob.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));
        JsonNode byVisitor = vic.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));
        JsonNode byOtherSite = elsewhere.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob"));
        JsonNode toNobody = ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "zed"));
        JsonNode noChat = ann.request("transferChat", Map.of("chatId", "c9", "toAgentId", "bob"));
        JsonNode bothTargets =
            ann.request("transferChat", Map.of("chatId", "c1", "toAgentId", "bob", "toGroup", "sales"));

        assertThat(byOtherAgent.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(byVisitor.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(byOtherSite.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(toNobody.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(noChat.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(bothTargets.path("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(runtime.storedState(site)).isEqualTo(before);
      }
    }
  }
}
