package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.list;
import static chat.presence.infra.SynthesizedStack.properties;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Iterates over {@link Schema#TABLES}, so a schema change without a matching stack fails here. */
class TablesTest {
  static final List<TableSpec> SCHEMA_TABLES = Schema.TABLES;

  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @Test
  void deployedTablesReadBackAsExactlyTheSchemaTables() {
    assertThat(SynthesizedTables.fromTemplate(stack.json))
        .containsExactlyInAnyOrderElementsOf(Schema.TABLES);
  }

  @ParameterizedTest
  @FieldSource("SCHEMA_TABLES")
  void eachSchemaTableHasTheSchemaKeysAsStrings(TableSpec spec) {
    Map<String, Object> table = properties(tableFor(spec));

    assertThat(table.get("KeySchema")).isEqualTo(keySchema(spec.partitionKey(), spec.sortKey()));
    assertThat(list(table.get("AttributeDefinitions")))
        .containsExactlyInAnyOrderElementsOf(
            spec.attributeDefinitions().stream()
                .map(key -> Map.of("AttributeName", key.name(), "AttributeType", "S"))
                .toList());
  }

  @ParameterizedTest
  @FieldSource("SCHEMA_TABLES")
  void eachSchemaIndexExistsWithItsKeysAndProjectsAllAttributes(TableSpec spec) {
    Object indexes = properties(tableFor(spec)).getOrDefault("GlobalSecondaryIndexes", List.of());

    assertThat(list(indexes))
        .containsExactlyInAnyOrderElementsOf(
            spec.globalIndexes().stream().map(TablesTest::expectedIndex).toList());
  }

  @ParameterizedTest
  @FieldSource("SCHEMA_TABLES")
  void eachSchemaTableIsOnDemandWithPointInTimeRecoveryTtlAndRetained(TableSpec spec) {
    Map<String, Object> table = tableFor(spec);

    assertThat(properties(table))
        .containsEntry("BillingMode", "PAY_PER_REQUEST")
        .containsEntry(
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
        .containsEntry(
            "TimeToLiveSpecification",
            Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true));
    assertThat(table)
        .containsEntry("DeletionPolicy", "Retain")
        .containsEntry("UpdateReplacePolicy", "Retain");
  }

  private Map<String, Object> tableFor(TableSpec spec) {
    Map<String, Object> tag =
        Map.of("Key", PresenceTables.SCHEMA_TABLE_TAG, "Value", spec.logicalName());
    return stack.resources("AWS::DynamoDB::Table").values().stream()
        .filter(table -> list(properties(table).get("Tags")).contains(tag))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No table for " + spec.logicalName()));
  }

  private static Map<String, Object> expectedIndex(IndexSpec index) {
    return Map.of(
        "IndexName", index.name(),
        "KeySchema", keySchema(index.partitionKey(), index.sortKey()),
        "Projection", Map.of("ProjectionType", "ALL"));
  }

  private static List<Map<String, String>> keySchema(
      KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
    List<Map<String, String>> keys = new ArrayList<>();
    keys.add(Map.of("AttributeName", partitionKey.name(), "KeyType", "HASH"));
    sortKey.ifPresent(key -> keys.add(Map.of("AttributeName", key.name(), "KeyType", "RANGE")));
    return keys;
  }
}
