package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A reaper pass goes on past a connection it cannot drop: one agent whose item cannot be written
 * must not keep the others from going offline. Seen failing before each connection's check was
 * isolated: the pass stopped at the first failure, and the agents the scan reached after a0 stayed
 * available for as long as a0's writes failed.
 */
class ReaperIsolationIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void agentsWhoseDisconnectNeverCameGoOfflineThoughOneOfThemCannotBeWritten() {
    String site = uniqueSite();
    List<String> names = List.of("a0", "a1", "a2", "a3", "a4");
    try (WsClient observer = runtime.agent(site, "observer", "away")) {
      List<WsClient> gone = new ArrayList<>();
      for (String name : names) {
        WsClient agent = runtime.agent(site, name);
        String connectionId = runtime.records(site, name).get(0).connectionId();
        await().until(() -> runtime.runtime().gateway().faults().dropDisconnect(connectionId));
        gone.add(agent);
      }
      runtime
          .runtime()
          .dynamoFaults()
          .failFraction(
              1.0,
              request ->
                  request instanceof UpdateItemRequest update
                      && AttributeValue.fromS(site).equals(update.key().get("siteId"))
                      && AttributeValue.fromS("a0").equals(update.key().get("agentId")),
              () -> DynamoDbException.builder().message("a0's item cannot be written").build());
      try {
        gone.forEach(WsClient::close);

        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  Map<String, String> presence = observer.presence();
                  return names.subList(1, names.size()).stream().allMatch(n -> "offline".equals(presence.get(n)));
                });
        assertThat(observer.presence()).containsEntry("a0", "available");
      } finally {
        runtime.runtime().dynamoFaults().clear();
      }
      // Once a0 can be written again, the next passes drop it too.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "offline".equals(observer.presence().get("a0")));
    }
  }
}
