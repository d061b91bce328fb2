package chat.presence.model.schema;

import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB table as the code uses it. The local runtime creates tables from these specs and the
 * CDK stack deploys them, so what is tested locally is what is deployed.
 */
public record TableSpec(
    String logicalName,
    String envVariable,
    KeyAttribute partitionKey,
    Optional<KeyAttribute> sortKey,
    List<IndexSpec> globalIndexes,
    String ttlAttribute) {

  public TableSpec {
    globalIndexes = List.copyOf(globalIndexes);
  }

  /** All key attributes of the table and its indexes, each once. */
  public List<KeyAttribute> attributeDefinitions() {
    var all = new java.util.LinkedHashMap<String, KeyAttribute>();
    all.put(partitionKey.name(), partitionKey);
    sortKey.ifPresent(k -> all.put(k.name(), k));
    for (IndexSpec index : globalIndexes) {
      all.putIfAbsent(index.partitionKey().name(), index.partitionKey());
      index.sortKey().ifPresent(k -> all.putIfAbsent(k.name(), k));
    }
    return List.copyOf(all.values());
  }

  /** A key attribute; every key in this project is a string. */
  public record KeyAttribute(String name) {}

  /** A global secondary index projecting all attributes. */
  public record IndexSpec(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {}
}
