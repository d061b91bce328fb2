package chat.presence.infra;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * One DynamoDB table per {@link Schema#TABLES} entry, so the deployed tables are the tested ones.
 */
final class PresenceTables extends Construct {
  /**
   * Tag naming the schema table a deployed table implements; the tests that compare the template with the schema read it.
   */
  static final String SCHEMA_TABLE_TAG = "presence:table";

  private final Map<TableSpec, Table> tables = new LinkedHashMap<>();

  PresenceTables(Construct scope, String id) {
    super(scope, id);
    for (TableSpec spec : Schema.TABLES) {
      tables.put(spec, table(spec));
    }
  }

  Table get(TableSpec spec) {
    Table table = tables.get(spec);
    if (table == null) {
      throw new IllegalArgumentException("Not a table of the schema: " + spec.logicalName());
    }
    return table;
  }

  Map<TableSpec, Table> all() {
    return Map.copyOf(tables);
  }

  private Table table(TableSpec spec) {
    var builder =
        Table.Builder.create(this, spec.logicalName())
            .partitionKey(attribute(spec.partitionKey()))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .timeToLiveAttribute(spec.ttlAttribute())
            // Presence and chat history outlive a stack replacement or an accidental `cdk destroy`.
            .removalPolicy(RemovalPolicy.RETAIN);
    spec.sortKey().ifPresent(key -> builder.sortKey(attribute(key)));
    Table table = builder.build();
    for (IndexSpec index : spec.globalIndexes()) {
      var indexProps =
          GlobalSecondaryIndexProps.builder()
              .indexName(index.name())
              .partitionKey(attribute(index.partitionKey()))
              .projectionType(ProjectionType.ALL);
      index.sortKey().ifPresent(key -> indexProps.sortKey(attribute(key)));
      table.addGlobalSecondaryIndex(indexProps.build());
    }
    Tags.of(table).add(SCHEMA_TABLE_TAG, spec.logicalName());
    return table;
  }

  private static Attribute attribute(KeyAttribute key) {
    return Attribute.builder().name(key.name()).type(AttributeType.STRING).build();
  }
}
