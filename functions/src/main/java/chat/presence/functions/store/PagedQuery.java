package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.s;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Queries read to their last page: one query call returns at most 1 MB, and a store's list of a
 * site's or a visitor's items must be whole.
 */
final class PagedQuery {
  private PagedQuery() {}

  /** Which of a query's items are kept: a filter expression and the values of its placeholders. */
  record Filter(String expression, Map<String, AttributeValue> values) {}

  /**
   * Every item of the site's partition of {@code table} (keyed by {@code siteId}), read
   * consistently, that {@code filter} keeps where there is one.
   */
  static Stream<Map<String, AttributeValue>> ofSite(
      DynamoDbClient dynamo, String table, String siteId, Optional<Filter> filter) {
    return items(
        dynamo,
        r -> r.tableName(table).consistentRead(true),
        "siteId = :site",
        Map.of(":site", s(siteId)),
        filter);
  }

  /**
   * Every item that {@code keyCondition} selects, with {@code keyValues} for its placeholders, in
   * the table or index that {@code source} names, and that {@code filter} keeps where there is one.
   */
  static Stream<Map<String, AttributeValue>> items(
      DynamoDbClient dynamo,
      Consumer<QueryRequest.Builder> source,
      String keyCondition,
      Map<String, AttributeValue> keyValues,
      Optional<Filter> filter) {
    Map<String, AttributeValue> values = new HashMap<>(keyValues);
    filter.ifPresent(f -> values.putAll(f.values()));
    return dynamo
        .queryPaginator(
            r -> {
              source.accept(r);
              r.keyConditionExpression(keyCondition).expressionAttributeValues(values);
              filter.ifPresent(f -> r.filterExpression(f.expression()));
            })
        .items()
        .stream();
  }
}
