package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.GRACE;
import static chat.presence.local.testing.LocalRuntimeExtension.HEARTBEAT_TIMEOUT;
import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.handlers.DisconnectHandler;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.LocalLambdaContext;
import chat.presence.local.audit.LocalAudit;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.routing.RoutingEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backend fault must not be able to write offline: offline needs the gateway's proof, a stall
 * that silences everyone trips the staleness breaker, superseded events change nothing, and the
 * gateway's two-hour close is bridged by a handover.
 */
class VerifiedOfflineIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void explainShowsTheTimelineWithReasons() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer")) {
      WsClient ann = runtime.agent(site, "ann");
      ann.request("setStatus", Map.of("status", "away"));
      ann.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> reasons(observer.request("explain", Map.of("agentId", "ann"))).size() == 3);
      JsonNode explained = observer.request("explain", Map.of("agentId", "ann"));
      assertThat(explained.path("status").asText()).isEqualTo("offline");
      assertThat(reasons(explained))
          .containsExactly("available/connect", "away/user", "offline/disconnect");
      assertThat(observer.request("explain", Map.of("agentId", "nobody")).path("code").asText())
          .isEqualTo("NOT_FOUND");
    }
  }

  @Test
  void disconnectThatNeverArrivesIsProvenByTheGatewayAndItsChatsRerouted() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer", "away");
        WsClient vic = runtime.visitor(site, "vic")) {
      WsClient ann = runtime.agent(site, "ann");
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      String connectionId = onlyConnection(site, "ann");
      await().until(() -> runtime.runtime().gateway().faults().dropDisconnect(connectionId));
      ann.close();
      observer.request("setStatus", Map.of("status", "available"));

      observer.awaitEvent("chat.assigned", "c1");
      assertThat(reasons(observer.request("explain", Map.of("agentId", "ann"))))
          .endsWith("offline/verified_gone");
      assertThat(LocalAudit.run(runtime.runtime()).notices())
          .anyMatch(n -> n.startsWith("NOTICE MISSED_DISCONNECT site=" + site + " agent=ann "));
    }
  }

  @Test
  void stallThatSilencesEveryoneSetsNobodyOfflineWhileALoneVanishedAgentStillGoesOffline() {
    String site = uniqueSite();
    List<WsClient> agents = new ArrayList<>();
    try (WsClient observer = runtime.agent(site, "observer")) {
      for (int i = 0; i < 6; i++) {
        WsClient agent = runtime.agent(site, "agent-" + i);
        agent.silence();
        agents.add(agent);
      }
      WsClient.heartbeatFor(
          HEARTBEAT_TIMEOUT.plus(GRACE).plusSeconds(1), observer);
      assertThat(observer.presence().values()).containsOnly("available");
      assertThat(reasons(observer.request("explain", Map.of("agentId", "agent-0"))))
          .endsWith("available/breaker");
      assertThat(LocalAudit.run(runtime.runtime()).notices())
          .anyMatch(n -> n.startsWith("NOTICE BREAKER_HOLD site=" + site + " agent=agent-0 "));

      List<WsClient> recovered = new ArrayList<>(agents.subList(0, 5));
      recovered.add(observer);
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                recovered.forEach(c -> c.request("heartbeat"));
                return "offline".equals(observer.presence().get("agent-5"));
              });
      assertThat(observer.presence()).containsEntry("agent-0", "available");
      assertThat(reasons(observer.request("explain", Map.of("agentId", "agent-5"))))
          .endsWith("offline/heartbeat_timeout");
    } finally {
      agents.forEach(WsClient::abort);
    }
  }

  @Test
  void lateDisconnectOfASupersededConnectionChangesNothing() {
    String site = uniqueSite();
    WsClient oldTab = runtime.agent(site, "ann");
    String oldConnection = onlyConnection(site, "ann");
    await().until(() -> runtime.runtime().gateway().faults().dropDisconnect(oldConnection));
    oldTab.close();
    try (WsClient newTab = runtime.agent(site, "ann")) {
      await()
          .until(
              () -> {
                newTab.request("heartbeat");
                return runtime.runtime().services().connections().get(oldConnection).isEmpty();
              });
      var before = runtime.storedState(site);
      new DisconnectHandler(runtime.runtime().services().lifecycle(), runtime.runtime().services().clock())
          .handleRequest(disconnectEvent(oldConnection), new LocalLambdaContext("disconnect", 10));
      assertThat(runtime.storedState(site)).isEqualTo(before);
    }
  }

  @Test
  void offlineEventFromBeforeAReconnectTakesNoChatBack() {
    String site = uniqueSite();
    try (WsClient vic = runtime.visitor(site, "vic");
        WsClient bob = runtime.agent(site, "bob", "away")) {
      WsClient ann = runtime.agent(site, "ann");
      vic.request("requestChat", Map.of("chatId", "c1"));
      ann.awaitEvent("chat.assigned", "c1");
      ann.close();
      long disconnectedAt =
          await()
              .until(
                  () -> runtime.runtime().services().agents().get(site, "ann").orElseThrow().lastDisconnectAt(),
                  java.util.Optional::isPresent)
              .orElseThrow()
              .toEpochMilli();
      try (WsClient back = runtime.agent(site, "ann")) {
        bob.request("setStatus", Map.of("status", "available"));
        runtime.sendRoutingEvent(new RoutingEvent.AgentOffline(site, "ann", disconnectedAt));
        WsClient.heartbeatFor(Duration.ofSeconds(2), vic, bob, back);
        assertThat(runtime.runtime().services().agents().get(site, "ann").orElseThrow().activeChats())
            .containsExactly("c1");
        assertThat(vic.events("chat.assigned")).hasSize(1);
        assertThat(bob.events("chat.assigned")).isEmpty();
      }
    }
  }

  @Test
  void gatewaysTwoHourCloseWithAHandoverNeverShowsOffline() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer");
        WsClient vic = runtime.visitor(site, "vic")) {
      WsClient oldSocket = runtime.agent(site, "ann");
      vic.request("requestChat", Map.of("chatId", "c1"));
      oldSocket.awaitEvent("chat.assigned", "c1");
      String oldConnection = onlyConnection(site, "ann");
      try (WsClient newSocket = runtime.agent(site, "ann")) {
        assertThat(runtime.runtime().gateway().faults().expireConnection(oldConnection)).isTrue();
        long until = System.nanoTime() + GRACE.multipliedBy(2).toNanos();
        while (System.nanoTime() < until) {
          assertThat(observer.presence()).containsEntry("ann", "available");
          newSocket.request("heartbeat");
          vic.request("heartbeat");
        }
        assertThat(vic.events("chat.assigned")).hasSize(1);
        assertThat(runtime.runtime().services().agents().get(site, "ann").orElseThrow().activeChats())
            .containsExactly("c1");
      }
    }
  }

  private static List<String> reasons(JsonNode explained) {
    return StreamSupport.stream(explained.path("timeline").spliterator(), false)
        .map(e -> e.path("status").asText() + "/" + e.path("reason").asText())
        .toList();
  }

  private static String onlyConnection(String site, String user) {
    List<ConnectionRecord> connections = runtime.records(site, user);
    assertThat(connections).hasSize(1);
    return connections.get(0).connectionId();
  }

  private static APIGatewayV2WebSocketEvent disconnectEvent(String connectionId) {
    var context = new APIGatewayV2WebSocketEvent.RequestContext();
    context.setRouteKey("$disconnect");
    context.setEventType("DISCONNECT");
    context.setConnectionId(connectionId);
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    return event;
  }
}
