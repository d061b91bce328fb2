package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.GRACE;
import static chat.presence.local.testing.LocalRuntimeExtension.HEARTBEAT_TIMEOUT;
import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.schema.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent's presence from connect to offline, as other agents of the site see it. */
class PresenceLifecycleIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void statusChangesAreAckedAndSeenBySameSiteOnly() {
    String site = uniqueSite();
    String otherSite = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient bob = runtime.agent(site, "bob");
        WsClient stranger = runtime.agent(otherSite, "eve")) {
      var ack = ann.request("setStatus", Map.of("status", "away"));
      assertThat(ack.path("type").asText()).isEqualTo("ack");
      assertThat(ack.path("action").asText()).isEqualTo("setStatus");
      assertThat(ack.path("status").asText()).isEqualTo("away");
      assertThat(bob.presence()).containsEntry("ann", "away").containsEntry("bob", "available");
      assertThat(stranger.presence()).containsOnlyKeys("eve");

      ann.request("setStatus", Map.of("status", "available"));
      assertThat(bob.presence()).containsEntry("ann", "available");
    }
  }

  /**
   * The write diet of issue 14: an agent's connection record stays out of the {@code byUser}
   * index (its agent item lists it, and notifications read that), so an agent's connect and
   * disconnect write no index entry; a visitor's record is still found by the index. Seen failing
   * with the agent's record given its {@code userKey} again, as every record had it before.
   */
  @Test
  void anAgentsConnectionIsListedOnItsItemAndOnlyAVisitorsIsInTheUserIndex() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agent(site, "ann");
        WsClient vic = runtime.visitor(site, "vic")) {
      List<String> annRecords = runtime.records(site, "ann").stream().map(ConnectionRecord::connectionId).toList();

      assertThat(annRecords).hasSize(1);
      assertThat(runtime.runtime().services().agents().get(site, "ann").orElseThrow().connections())
          .containsExactlyElementsOf(annRecords);
      assertThat(byUserIndex(site, "ann")).isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> byUserIndex(site, "vic").size() == 1);
    }
  }

  @Test
  void presenceAnswerCarriesCapacityAndActiveChats() {
    String site = uniqueSite();
    try (WsClient ann = runtime.agentWithCapacity(site, "ann", 5)) {
      var agents = ann.request("getPresence").path("agents");
      assertThat(agents).hasSize(1);
      assertThat(agents.get(0).path("maxChats").asInt()).isEqualTo(5);
      assertThat(agents.get(0).path("activeChats").asInt()).isZero();
    }
  }

  @Test
  void closingOneOfTwoTabsLeavesTheStatusUnchanged() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer", "away");
        WsClient tab1 = runtime.agent(site, "ann", "away");
        WsClient tab2 = runtime.agent(site, "ann")) {
      tab1.close();
      WsClient.heartbeatFor(GRACE.plusMillis(500), observer, tab2);
      assertThat(observer.presence()).containsEntry("ann", "away");
      assertThat(tab2.request("heartbeat").path("type").asText()).isEqualTo("ack");
    }
  }

  @Test
  void closingAllTabsMakesTheAgentOfflineOnlyAfterTheGrace() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer")) {
      WsClient tab1 = runtime.agent(site, "ann");
      WsClient tab2 = runtime.agent(site, "ann");
      tab1.close();
      tab2.close();
      long closedAt = System.nanoTime();
      assertThat(observer.presence()).containsEntry("ann", "available");
      await().atMost(Duration.ofSeconds(10)).until(() -> "offline".equals(observer.presence().get("ann")));
      assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isGreaterThanOrEqualTo(GRACE);
    }
  }

  @Test
  void reconnectingInsideTheGraceShowsNoOffline() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer")) {
      runtime.agent(site, "ann", "away").close();
      try (WsClient back = runtime.agent(site, "ann")) {
        long until = System.nanoTime() + GRACE.multipliedBy(2).toNanos();
        while (System.nanoTime() < until) {
          assertThat(observer.presence()).containsEntry("ann", "away");
        }
      }
    }
  }

  @Test
  void silentAgentGoesOfflineAfterTimeoutPlusGraceAndKeepsItsChosenStatus() {
    String site = uniqueSite();
    try (WsClient observer = runtime.agent(site, "observer")) {
      WsClient silent = runtime.agent(site, "ann");
      silent.silence();
      long lastFrameAt = System.nanoTime();
      silent.request("setStatus", Map.of("status", "away"));
      keepHeartbeating(observer, () -> "offline".equals(observer.presence().get("ann")));
      assertThat(Duration.ofNanos(System.nanoTime() - lastFrameAt))
          .isGreaterThanOrEqualTo(HEARTBEAT_TIMEOUT.plus(GRACE));
      try (WsClient back = runtime.agent(site, "ann")) {
        assertThat(observer.presence()).containsEntry("ann", "away");
      }
      silent.abort();
    }
  }

  private static void keepHeartbeating(WsClient client, java.util.concurrent.Callable<Boolean> done) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              client.request("heartbeat");
              return done.call();
            });
  }

  private static List<String> byUserIndex(String site, String user) {
    return runtime
        .runtime()
        .dynamo()
        .client()
        .query(
            r ->
                r.tableName(Schema.CONNECTIONS.logicalName())
                    .indexName(Schema.CONNECTIONS_BY_USER_INDEX)
                    .keyConditionExpression("userKey = :k")
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(site + "#" + user))))
        .items()
        .stream()
        .map(item -> item.get("connectionId").s())
        .toList();
  }
}
