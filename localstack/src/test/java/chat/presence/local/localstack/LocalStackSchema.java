package chat.presence.local.localstack;

import chat.presence.local.emulator.TableDefinitions;
import chat.presence.model.schema.QueueSpec;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the schema's tables and routing queues in LocalStack the way the stack deploys them, and
 * reads tables back into {@link TableSpec}s for comparison with the schema.
 */
final class LocalStackSchema {
  private LocalStackSchema() {}

  static final int DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

  record RoutingQueue(String url, String deadLetterUrl) {}

  static void createTable(DynamoDbClient dynamo, TableSpec spec, String tableName) {
    dynamo.createTable(TableDefinitions.createRequest(spec, tableName));
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(tableName));
    dynamo.updateTimeToLive(
        r ->
            r.tableName(tableName)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(spec.ttlAttribute())));
  }

  /** The FIFO routing queue with its FIFO dead-letter queue, names prefixed. */
  static RoutingQueue createRoutingQueue(SqsClient sqs, QueueSpec spec, String namePrefix) {
    String deadLetterUrl =
        sqs.createQueue(
                r ->
                    r.queueName(namePrefix + spec.deadLetterName())
                        .attributes(
                            Map.of(
                                QueueAttributeName.FIFO_QUEUE, "true",
                                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                    String.valueOf(DEAD_LETTER_RETENTION_SECONDS))))
            .queueUrl();
    String deadLetterArn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\"}"
            .formatted(deadLetterArn, spec.maxReceiveCount());
    String url =
        sqs.createQueue(
                r ->
                    r.queueName(namePrefix + spec.name())
                        .attributes(
                            Map.of(
                                QueueAttributeName.FIFO_QUEUE,
                                "true",
                                QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                                "false",
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                String.valueOf(spec.visibilityTimeoutSeconds()),
                                QueueAttributeName.REDRIVE_POLICY,
                                redrivePolicy)))
            .queueUrl();
    return new RoutingQueue(url, deadLetterUrl);
  }

  /**
   * The table as a TableSpec, naming it like {@code expected} so that only the structure differs. A
   * non-string key or an index not projecting all attributes is refused.
   */
  static TableSpec readBack(DynamoDbClient dynamo, String tableName, TableSpec expected) {
    TableDescription table = dynamo.describeTable(r -> r.tableName(tableName)).table();
    table.attributeDefinitions().stream()
        .filter(attribute -> attribute.attributeType() != ScalarAttributeType.S)
        .findAny()
        .ifPresent(
            attribute -> {
              throw new AssertionError(
                  tableName + "." + attribute.attributeName() + " is no string");
            });
    List<IndexSpec> indexes = new ArrayList<>();
    for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
      if (index.projection().projectionType() != ProjectionType.ALL) {
        throw new AssertionError(index.indexName() + " does not project all attributes");
      }
      indexes.add(
          new IndexSpec(
              index.indexName(),
              key(index.keySchema(), KeyType.HASH).orElseThrow(),
              key(index.keySchema(), KeyType.RANGE)));
    }
    return new TableSpec(
        expected.logicalName(),
        expected.envVariable(),
        key(table.keySchema(), KeyType.HASH).orElseThrow(),
        key(table.keySchema(), KeyType.RANGE),
        indexes,
        ttlAttribute(dynamo, tableName));
  }

  private static String ttlAttribute(DynamoDbClient dynamo, String tableName) {
    var ttl = dynamo.describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription();
    return ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED ? ttl.attributeName() : null;
  }

  private static Optional<KeyAttribute> key(List<KeySchemaElement> keySchema, KeyType type) {
    return keySchema.stream()
        .filter(element -> element.keyType() == type)
        .map(element -> new KeyAttribute(element.attributeName()))
        .findFirst();
  }
}
