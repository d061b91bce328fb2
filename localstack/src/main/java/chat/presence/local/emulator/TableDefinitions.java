package chat.presence.local.emulator;

import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Turns a {@link TableSpec} into the CreateTable request the deployed stack would amount to. */
public final class TableDefinitions {
  private TableDefinitions() {}

  public static CreateTableRequest createRequest(TableSpec spec, String tableName) {
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(tableName)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(
                spec.attributeDefinitions().stream()
                    .map(TableDefinitions::stringAttribute)
                    .toList())
            .keySchema(keySchema(spec.partitionKey(), spec.sortKey()));
    // DynamoDB rejects an empty index list, so it is only sent when there are indexes.
    if (!spec.globalIndexes().isEmpty()) {
      request.globalSecondaryIndexes(
          spec.globalIndexes().stream().map(TableDefinitions::globalIndex).toList());
    }
    return request.build();
  }

  private static AttributeDefinition stringAttribute(KeyAttribute key) {
    return AttributeDefinition.builder()
        .attributeName(key.name())
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static GlobalSecondaryIndex globalIndex(IndexSpec index) {
    return GlobalSecondaryIndex.builder()
        .indexName(index.name())
        .keySchema(keySchema(index.partitionKey(), index.sortKey()))
        .projection(p -> p.projectionType(ProjectionType.ALL))
        .build();
  }

  private static List<KeySchemaElement> keySchema(
      KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(key(partitionKey, KeyType.HASH));
    sortKey.ifPresent(k -> keys.add(key(k, KeyType.RANGE)));
    return keys;
  }

  private static KeySchemaElement key(KeyAttribute attribute, KeyType type) {
    return KeySchemaElement.builder().attributeName(attribute.name()).keyType(type).build();
  }
}
