package chat.presence.bench.measure;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * How many global secondary index entries a successful write put, changed or deleted, which the
 * emulator does not report. An item is in an index when it has all the index's key attributes, and
 * every index projects all attributes, so a write touches an index when the item is in it before or
 * after: the item put or the old image has all its keys, or, for an update, the image it returns
 * together with the attributes its expression names (one it sets or removes) has them. To see an
 * image, a write that asks for none is sent asking for the old one (a put or delete) or the new one
 * (an update); the handlers that ask for none read nothing from the answer.
 */
final class IndexWrites {
  private static final Pattern NAME = Pattern.compile("(?<![:#\\w])#?[A-Za-z_][A-Za-z0-9_]*");
  private static final Map<String, List<Set<String>>> INDEX_KEYS_BY_TABLE =
      Schema.TABLES.stream()
          .filter(table -> !table.globalIndexes().isEmpty())
          .collect(Collectors.toMap(TableSpec::logicalName, IndexWrites::indexKeys));

  private IndexWrites() {}

  /** The request, asking for an image if it asked for none and its table has an index. */
  static SdkRequest withImage(SdkRequest request) {
    if (request instanceof PutItemRequest r && hasIndexes(r.tableName()) && asksNone(r.returnValues())) {
      return r.toBuilder().returnValues(ReturnValue.ALL_OLD).build();
    } else if (request instanceof DeleteItemRequest r && hasIndexes(r.tableName()) && asksNone(r.returnValues())) {
      return r.toBuilder().returnValues(ReturnValue.ALL_OLD).build();
    } else if (request instanceof UpdateItemRequest r && hasIndexes(r.tableName()) && asksNone(r.returnValues())) {
      return r.toBuilder().returnValues(ReturnValue.ALL_NEW).build();
    }
    return request;
  }

  /** Index entries the successful write touched. */
  static int of(SdkRequest request, SdkResponse response) {
    if (request instanceof PutItemRequest r && response instanceof PutItemResponse answer) {
      return touched(r.tableName(), r.item().keySet(), answer.attributes().keySet());
    } else if (request instanceof DeleteItemRequest r && response instanceof DeleteItemResponse answer) {
      return touched(r.tableName(), answer.attributes().keySet());
    } else if (request instanceof UpdateItemRequest r && response instanceof UpdateItemResponse answer) {
      return touched(r.tableName(), union(answer.attributes().keySet(), named(r)));
    }
    return 0;
  }

  /** The indexes of the table that hold an item of one of these attribute sets. */
  @SafeVarargs
  private static int touched(String table, Set<String>... items) {
    return (int)
        INDEX_KEYS_BY_TABLE.getOrDefault(table, List.of()).stream()
            .filter(keys -> Arrays.stream(items).anyMatch(item -> item.containsAll(keys)))
            .count();
  }

  /** The attributes an update expression names, aliases resolved. */
  private static Set<String> named(UpdateItemRequest request) {
    Map<String, String> aliases = request.expressionAttributeNames();
    Set<String> names = new HashSet<>();
    Matcher matcher = NAME.matcher(Optional.ofNullable(request.updateExpression()).orElse(""));
    while (matcher.find()) {
      String name = matcher.group();
      names.add(name.startsWith("#") ? aliases.getOrDefault(name, name) : name);
    }
    return names;
  }

  private static List<Set<String>> indexKeys(TableSpec table) {
    return table.globalIndexes().stream().map(IndexWrites::keysOf).toList();
  }

  private static Set<String> keysOf(IndexSpec index) {
    Set<String> keys = new HashSet<>();
    keys.add(index.partitionKey().name());
    index.sortKey().map(KeyAttribute::name).ifPresent(keys::add);
    return keys;
  }

  private static boolean hasIndexes(String table) {
    return INDEX_KEYS_BY_TABLE.containsKey(table);
  }

  private static boolean asksNone(ReturnValue asked) {
    return asked == null || asked == ReturnValue.NONE;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
