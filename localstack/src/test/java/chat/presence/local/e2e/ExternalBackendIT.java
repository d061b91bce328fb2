package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.ExternalBackend;
import chat.presence.local.emulator.DynamoEmulator;
import chat.presence.local.emulator.SqsEmulator;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.schema.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime on DynamoDB and SQS endpoints it did not start, as with {@code --backend localstack}:
 * here a dynalite and an ElasticMQ started apart from it, which speak the same APIs, so the path is
 * proven on every machine; {@code -Dpresence.backend=localstack} runs the whole end-to-end suite on
 * LocalStack where Docker exists.
 */
class ExternalBackendIT {
  private static DynamoEmulator dynamo;
  private static SqsEmulator sqs;

  @BeforeAll
  static void startEndpoints() {
    dynamo = DynamoEmulator.start(Optional.empty());
    sqs = SqsEmulator.start();
  }

  @AfterAll
  static void stopEndpoints() {
    sqs.close();
    dynamo.close();
  }

  @Test
  void aChatIsRoutedOnEndpointsTheRuntimeWasGivenAndTheyOutliveIt() {
    ExternalBackend backend = new ExternalBackend(dynamo.endpoint(), sqs.endpoint());
    String site = uniqueSite();
    try (var runtime = LocalRuntimeExtension.builder().backend(backend).start()) {
      try (WsClient ann = runtime.agent(site, "ann", "available");
          WsClient vic = runtime.visitor(site, "vic")) {
        vic.request("requestChat", Map.of("chatId", "c1"));

        JsonNode assigned = ann.awaitEvent("chat.assigned", "c1");
        assertThat(assigned.path("agentId").asText()).isEqualTo("ann");
      }
    }

    assertThat(dynamo.client().scan(r -> r.tableName(Schema.CHATS.logicalName())).items())
        .as("the chat, stored on the given DynamoDB, which the runtime left running")
        .hasSize(1);
  }

  @Test
  void aRuntimeStartsFromEmptyTablesAndQueuesOnEndpointsAnEarlierOneUsed() {
    ExternalBackend backend = new ExternalBackend(dynamo.endpoint(), sqs.endpoint());
    try (var first = LocalRuntimeExtension.builder().backend(backend).start();
        WsClient ann = first.agent(uniqueSite(), "ann", "available")) {
      assertThat(dynamo.client().scan(r -> r.tableName(Schema.AGENTS.logicalName())).items()).isNotEmpty();
    }

    try (var second = LocalRuntimeExtension.builder().backend(backend).start()) {
      assertThat(dynamo.client().scan(r -> r.tableName(Schema.AGENTS.logicalName())).items()).isEmpty();
      assertThat(dynamo.client().scan(r -> r.tableName(Schema.CONNECTIONS.logicalName())).items()).isEmpty();
    }
  }
}
