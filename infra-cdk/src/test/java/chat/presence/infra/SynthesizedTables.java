package chat.presence.infra;

import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the DynamoDB tables of a synthesized CloudFormation template back into {@link TableSpec}s,
 * so that what is deployed can be compared with what the local runtime creates:
 *
 * <pre>{@code
 * assertThat(SynthesizedTables.fromTemplate(template.toJSON()))
 *     .containsExactlyInAnyOrderElementsOf(Schema.TABLES);
 * }</pre>
 *
 * <p>The logical name comes from the table's "presence:table" tag and the environment variable from
 * the Lambda functions that receive the table's name. A table that a TableSpec cannot describe (a
 * non-string key, an index not projecting all attributes, no TTL) is refused rather than silently
 * approximated.
 */
public final class SynthesizedTables {
  private SynthesizedTables() {}

  /**
   * @param template the template as parsed JSON: {@code Template.toJSON()} or a {@code
   *     *.template.json} file of cdk.out read into maps and lists
   */
  public static List<TableSpec> fromTemplate(Map<String, Object> template) {
    Map<String, Object> resources = map(template.get("Resources"));
    List<TableSpec> tables = new ArrayList<>();
    resources.forEach(
        (logicalId, resource) -> {
          if ("AWS::DynamoDB::Table".equals(map(resource).get("Type"))) {
            tables.add(table(logicalId, properties(resource), resources));
          }
        });
    return tables;
  }

  private static TableSpec table(
      String logicalId, Map<String, Object> table, Map<String, Object> resources) {
    List<Object> keySchema = list(table.get("KeySchema"));
    List<IndexSpec> indexes = new ArrayList<>();
    for (Object index : list(table.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
      indexes.add(index(map(index)));
    }
    requireStringKeys(logicalId, table);
    return new TableSpec(
        tag(table, PresenceTables.SCHEMA_TABLE_TAG)
            .orElseThrow(
                () -> refused(logicalId, "no " + PresenceTables.SCHEMA_TABLE_TAG + " tag")),
        environmentVariableNaming(logicalId, resources),
        key(keySchema, "HASH").orElseThrow(() -> refused(logicalId, "no partition key")),
        key(keySchema, "RANGE"),
        indexes,
        ttlAttribute(table).orElseThrow(() -> refused(logicalId, "no TTL attribute")));
  }

  private static IndexSpec index(Map<String, Object> index) {
    String name = (String) index.get("IndexName");
    Object projection = map(index.get("Projection")).get("ProjectionType");
    if (!"ALL".equals(projection)) {
      throw refused(name, "index projects " + projection + ", not ALL");
    }
    List<Object> keySchema = list(index.get("KeySchema"));
    return new IndexSpec(
        name,
        key(keySchema, "HASH").orElseThrow(() -> refused(name, "index without partition key")),
        key(keySchema, "RANGE"));
  }

  private static Optional<KeyAttribute> key(List<Object> keySchema, String keyType) {
    return keySchema.stream()
        .map(SynthesizedTables::map)
        .filter(element -> keyType.equals(element.get("KeyType")))
        .map(element -> new KeyAttribute((String) element.get("AttributeName")))
        .findFirst();
  }

  private static void requireStringKeys(String logicalId, Map<String, Object> table) {
    for (Object definition : list(table.get("AttributeDefinitions"))) {
      Map<String, Object> attribute = map(definition);
      if (!"S".equals(attribute.get("AttributeType"))) {
        throw refused(logicalId, "key " + attribute.get("AttributeName") + " is not a string");
      }
    }
  }

  private static Optional<String> ttlAttribute(Map<String, Object> table) {
    return Optional.ofNullable(table.get("TimeToLiveSpecification"))
        .map(SynthesizedTables::map)
        .filter(ttl -> Boolean.TRUE.equals(ttl.get("Enabled")))
        .map(ttl -> (String) ttl.get("AttributeName"));
  }

  private static Optional<String> tag(Map<String, Object> table, String key) {
    return list(table.getOrDefault("Tags", List.of())).stream()
        .map(SynthesizedTables::map)
        .filter(tag -> key.equals(tag.get("Key")))
        .map(tag -> (String) tag.get("Value"))
        .findFirst();
  }

  /** The one variable through which the functions receive this table's name. */
  private static String environmentVariableNaming(String tableId, Map<String, Object> resources) {
    Map<String, Object> reference = Map.of("Ref", tableId);
    List<String> names =
        resources.values().stream()
            .map(SynthesizedTables::map)
            .filter(resource -> "AWS::Lambda::Function".equals(resource.get("Type")))
            .map(resource -> map(properties(resource).getOrDefault("Environment", Map.of())))
            .map(environment -> map(environment.getOrDefault("Variables", Map.of())))
            .flatMap(variables -> variables.entrySet().stream())
            .filter(variable -> Objects.equals(reference, variable.getValue()))
            .map(Map.Entry::getKey)
            .distinct()
            .toList();
    if (names.size() != 1) {
      throw refused(tableId, "functions receive its name as " + names + ", not one variable");
    }
    return names.get(0);
  }

  private static Map<String, Object> properties(Object resource) {
    return map(map(resource).getOrDefault("Properties", Map.of()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object json) {
    return (List<Object>) json;
  }

  private static IllegalArgumentException refused(String what, String why) {
    return new IllegalArgumentException("Table " + what + " is not a schema table: " + why);
  }
}
