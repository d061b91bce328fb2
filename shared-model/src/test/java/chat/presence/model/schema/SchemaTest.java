package chat.presence.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaTest {

  static Stream<TableSpec> tables() {
    return Schema.TABLES.stream();
  }

  private static List<String> allKeyNames(TableSpec table) {
    List<String> names = new ArrayList<>();
    names.add(table.partitionKey().name());
    table.sortKey().ifPresent(k -> names.add(k.name()));
    for (IndexSpec index : table.globalIndexes()) {
      names.add(index.partitionKey().name());
      index.sortKey().ifPresent(k -> names.add(k.name()));
    }
    return names;
  }

  @ParameterizedTest
  @MethodSource("tables")
  void attributeDefinitionsListEveryKeyOfTheTableAndItsIndexesOnce(TableSpec table) {
    List<String> defined = table.attributeDefinitions().stream().map(KeyAttribute::name).toList();

    assertThat(defined).doesNotHaveDuplicates();
    assertThat(defined).containsExactlyInAnyOrderElementsOf(allKeyNames(table).stream().distinct().toList());
  }

  @Test
  void chatsTableDefinesTheSiteKeySharedWithItsIndexOnlyOnce() {
    assertThat(Schema.CHATS.attributeDefinitions())
        .extracting(KeyAttribute::name)
        .containsExactlyInAnyOrder("siteId", "chatId", "pendingKey", "visitorKey");
  }

  @Test
  void attributeDefinitionsDeduplicateKeysSharedBetweenIndexes() {
    TableSpec table =
        new TableSpec(
            "t", "T", new KeyAttribute("pk"), Optional.of(new KeyAttribute("sk")),
            List.of(
                new IndexSpec("i1", new KeyAttribute("sk"), Optional.of(new KeyAttribute("pk"))),
                new IndexSpec("i2", new KeyAttribute("other"), Optional.of(new KeyAttribute("sk")))),
            "ttl");

    assertThat(table.attributeDefinitions())
        .extracting(KeyAttribute::name)
        .containsExactly("pk", "sk", "other");
  }

  @Test
  void indexesTheCodeQueriesByNameExistWithTheirKeys() {
    assertThat(Schema.CONNECTIONS.globalIndexes())
        .anySatisfy(
            i -> {
              assertThat(i.name()).isEqualTo(Schema.CONNECTIONS_BY_USER_INDEX);
              assertThat(i.partitionKey().name()).isEqualTo("userKey");
            });
    assertThat(Schema.CONNECTIONS.globalIndexes())
        .anySatisfy(
            i -> {
              assertThat(i.name()).isEqualTo(Schema.PRESENCE_SUBSCRIBERS_INDEX);
              assertThat(i.partitionKey().name()).isEqualTo(Schema.PRESENCE_SITE_ATTRIBUTE);
              assertThat(i.sortKey()).isEmpty();
            });
    assertThat(Schema.CHATS.globalIndexes())
        .anySatisfy(
            i -> {
              assertThat(i.name()).isEqualTo(Schema.CHATS_PENDING_INDEX);
              assertThat(i.partitionKey().name()).isEqualTo("siteId");
              assertThat(i.sortKey()).map(KeyAttribute::name).contains("pendingKey");
            });
  }

  @Test
  void tablesHaveDistinctNamesAndEnvironmentVariables() {
    assertThat(Schema.TABLES).extracting(TableSpec::logicalName).doesNotHaveDuplicates();
    assertThat(Schema.TABLES).extracting(TableSpec::envVariable).doesNotHaveDuplicates();
  }

  @Test
  void routingQueueAndItsDeadLetterQueueAreDistinctFifoQueues() {
    assertThat(Schema.ROUTING_QUEUE.name()).endsWith(".fifo");
    assertThat(Schema.ROUTING_QUEUE.deadLetterName()).endsWith(".fifo");
    assertThat(Schema.ROUTING_QUEUE.deadLetterName()).isNotEqualTo(Schema.ROUTING_QUEUE.name());
    assertThat(Schema.ROUTING_QUEUE.maxReceiveCount()).isPositive();
  }

  @Test
  void visibilityTimeoutIsAtLeastSixTimesTheRouterTimeout() {
    assertThat(Schema.ROUTING_QUEUE.visibilityTimeoutSeconds())
        .isGreaterThanOrEqualTo(6 * Schema.ROUTER_TIMEOUT_SECONDS);
  }

  @ParameterizedTest
  @CsvSource({"routing, routing-dlq.fifo", "routing.fifo, routing-dlq", "routing.FIFO, dlq.fifo"})
  void queueSpecRefusesNonFifoNames(String name, String deadLetterName) {
    assertThatThrownBy(() -> new QueueSpec(name, deadLetterName, "URL", 5, 180))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
