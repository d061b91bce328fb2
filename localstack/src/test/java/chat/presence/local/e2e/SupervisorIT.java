package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Supervisors (contract v2, "Supervisors and live presence") on the local runtime: the only way
 * anyone but the agent changes its chosen status, never routed a chat, and able to end any chat of
 * their site.
 */
class SupervisorIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void aSupervisorSetsAnAgentsStatusTheAgentIsToldAndTheTimelineNamesTheSupervisor() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic")) {
      JsonNode ack = sam.request("setAgentStatus", Map.of("agentId", "ann", "status", "away"));

      assertThat(ack.path("type").asText()).isEqualTo("ack");
      assertThat(ack.path("agentId").asText()).isEqualTo("ann");
      assertThat(ack.path("status").asText()).isEqualTo("away");
      JsonNode told = ann.awaitFrame(f -> f.path("type").asText().equals("status.changed"));
      assertThat(told.path("status").asText()).isEqualTo("away");
      assertThat(told.path("by").asText()).isEqualTo("sam");
      JsonNode last = lastEntry(sam.request("explain", Map.of("agentId", "ann")));
      assertThat(last.path("reason").asText()).isEqualTo("admin");
      assertThat(last.path("by").asText()).isEqualTo("sam");
      assertThat(last.path("status").asText()).isEqualTo("away");

      // The ack means the choice is durable: no chat goes to ann against it.
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.queued", "c1");
      WsClient.heartbeatFor(Duration.ofSeconds(1), ann, sam, vic);
      assertThat(ann.events("chat.assigned")).isEmpty();

      sam.request("setAgentStatus", Map.of("agentId", "ann", "status", "available"));
      assertThat(vic.awaitEvent("chat.assigned", "c1").path("agentId").asText()).isEqualTo("ann");
    }
  }

  @Test
  void agentsAndVisitorsMayNotSetAnAgentsStatusAndNothingChanges() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann", "available");
        WsClient bob = runtime.agent(site, "bob", "available");
        WsClient vic = runtime.visitor(site, "vic")) {
      var before = runtime.settledState(site, Duration.ofMillis(300));

      JsonNode byAgent = bob.request("setAgentStatus", Map.of("agentId", "ann", "status", "away"));
      JsonNode byVisitor = vic.request("setAgentStatus", Map.of("agentId", "ann", "status", "away"));

      assertThat(byAgent.path("code").asText()).isEqualTo("FORBIDDEN");
      assertThat(byVisitor.path("code").asText()).isEqualTo("FORBIDDEN");
      assertThat(runtime.storedState(site)).isEqualTo(before);
      assertThat(ann.events("status.changed")).isEmpty();
    }
  }

  @Test
  void anAgentOfAnotherSiteOrNoneIsNotFound() {
    String site = uniqueSite();
    String otherSite = uniqueSite();
    try (WsClient ann = runtime.agent(otherSite, "ann", "available");
        WsClient sam = runtime.supervisor(site, "sam")) {
      var before = runtime.settledState(otherSite, Duration.ofMillis(300));

      JsonNode elsewhere = sam.request("setAgentStatus", Map.of("agentId", "ann", "status", "away"));
      JsonNode nobody = sam.request("setAgentStatus", Map.of("agentId", "zed", "status", "away"));

      assertThat(elsewhere.path("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(nobody.path("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(runtime.storedState(otherSite)).isEqualTo(before);
    }
  }

  @Test
  void aSupervisorIsNeverRoutedAChatAndHasNoStatus() {
    String site = uniqueSite();
    try (WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.queued", "c1");
      WsClient.heartbeatFor(Duration.ofSeconds(1), sam, vic);

      assertThat(sam.events("chat.assigned")).isEmpty();
      assertThat(sam.request("setStatus", Map.of("status", "available")).path("code").asText())
          .isEqualTo("FORBIDDEN");
      assertThat(sam.request("getPresence").path("agents")).isEmpty();
      assertThat(vic.request("getChats").path("chats").get(0).path("state").asText()).isEqualTo("queued");
    }
  }

  @Test
  void aSupervisorEndsAnyChatOfItsSiteAndTheAgentsSeatIsFreed() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 1);
        WsClient sam = runtime.supervisor(site, "sam");
        WsClient vic = runtime.visitor(site, "vic");
        WsClient val = runtime.visitor(site, "val")) {
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      val.request("requestChat", Map.of("chatId", "c2"));
      val.awaitEvent("chat.queued", "c2");

      JsonNode ack = sam.request("endChat", Map.of("chatId", "c1"));

      assertThat(ack.path("type").asText()).isEqualTo("ack");
      assertThat(vic.awaitEvent("chat.ended", "c1").path("by").asText()).isEqualTo("sam");
      assertThat(ann.awaitEvent("chat.ended", "c1").path("by").asText()).isEqualTo("sam");
      assertThat(val.awaitEvent("chat.assigned", "c2").path("agentId").asText()).isEqualTo("ann");
    }
  }

  private static JsonNode lastEntry(JsonNode explanation) {
    JsonNode timeline = explanation.path("timeline");
    return timeline.get(timeline.size() - 1);
  }
}
