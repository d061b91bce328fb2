package chat.presence.infra;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.LocalRuntime;
import chat.presence.local.LocalSettings;
import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What is tested locally is what is deployed: the local runtime's tables and queue, read back. */
class LocalRuntimeMatchesTemplateTest {
  private static LocalRuntime runtime;
  private static final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(LocalSettings.fromEnvironment(Map.of()).withPort(0));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void localTablesHaveTheKeysAndIndexesOfTheDeployedOnes() {
    Set<Shape> deployed = new HashSet<>();
    SynthesizedTables.fromTemplate(stack.template.toJSON()).forEach(t -> deployed.add(Shape.of(t)));
    Set<Shape> local = new HashSet<>();
    for (TableSpec spec : Schema.TABLES) {
      TableDescription table =
          runtime.dynamo().client().describeTable(r -> r.tableName(spec.logicalName())).table();
      local.add(Shape.of(spec.logicalName(), table));
    }
    assertThat(local).isEqualTo(deployed);
  }

  @Test
  void localRoutingQueueIsConfiguredLikeTheDeployedOne() {
    Map<String, Object> deployed = deployedRoutingQueue();
    var local =
        runtime
            .sqs()
            .client()
            .getQueueAttributes(
                r -> r.queueUrl(runtime.queues().url()).attributeNames(QueueAttributeName.ALL))
            .attributesAsStrings();
    assertThat(local.get("FifoQueue")).isEqualTo("true");
    assertThat(deployed.get("FifoQueue")).isEqualTo(true);
    assertThat(local.get("ContentBasedDeduplication")).isEqualTo("false");
    assertThat(deployed.get("ContentBasedDeduplication")).isEqualTo(false);
    assertThat(local.get("VisibilityTimeout")).isEqualTo(String.valueOf(deployed.get("VisibilityTimeout")));
    @SuppressWarnings("unchecked")
    Map<String, Object> redrive = (Map<String, Object>) deployed.get("RedrivePolicy");
    assertThat(local.get("RedrivePolicy"))
        .contains("\"maxReceiveCount\":" + redrive.get("maxReceiveCount"));
  }

  private static Map<String, Object> deployedRoutingQueue() {
    List<Map<String, Object>> withRedrive =
        stack.resources("AWS::SQS::Queue").values().stream()
            .map(SynthesizedStack::properties)
            .filter(p -> p.containsKey("RedrivePolicy") && Boolean.TRUE.equals(p.get("FifoQueue")))
            .toList();
    assertThat(withRedrive).hasSize(1);
    return withRedrive.get(0);
  }

  /** A table's name, keys and indexes: what the code depends on. */
  private record Shape(String name, String partitionKey, Optional<String> sortKey, Set<String> indexes) {
    static Shape of(TableSpec spec) {
      Set<String> indexes = new HashSet<>();
      spec.globalIndexes()
          .forEach(
              i ->
                  indexes.add(
                      i.name()
                          + ":"
                          + i.partitionKey().name()
                          + ":"
                          + i.sortKey().map(TableSpec.KeyAttribute::name).orElse("")));
      return new Shape(
          spec.logicalName(),
          spec.partitionKey().name(),
          spec.sortKey().map(TableSpec.KeyAttribute::name),
          indexes);
    }

    static Shape of(String name, TableDescription table) {
      Set<String> indexes = new HashSet<>();
      if (table.hasGlobalSecondaryIndexes()) {
        table
            .globalSecondaryIndexes()
            .forEach(
                i ->
                    indexes.add(
                        i.indexName()
                            + ":"
                            + key(i.keySchema(), KeyType.HASH).orElseThrow()
                            + ":"
                            + key(i.keySchema(), KeyType.RANGE).orElse("")));
      }
      return new Shape(
          name,
          key(table.keySchema(), KeyType.HASH).orElseThrow(),
          key(table.keySchema(), KeyType.RANGE),
          indexes);
    }

    private static Optional<String> key(List<KeySchemaElement> schema, KeyType type) {
      return schema.stream()
          .filter(k -> k.keyType() == type)
          .map(KeySchemaElement::attributeName)
          .findFirst();
    }
  }
}
