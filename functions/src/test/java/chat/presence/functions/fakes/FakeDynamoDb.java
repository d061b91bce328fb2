package chat.presence.functions.fakes;

import chat.presence.functions.fakes.dynamo.Condition;
import chat.presence.functions.fakes.dynamo.ConditionEvaluator;
import chat.presence.functions.fakes.dynamo.DocumentPath;
import chat.presence.functions.fakes.dynamo.DynamoErrors;
import chat.presence.functions.fakes.dynamo.ExpressionContext;
import chat.presence.functions.fakes.dynamo.ExpressionException;
import chat.presence.functions.fakes.dynamo.ExpressionParser;
import chat.presence.functions.fakes.dynamo.ExpressionParser.ParsedCondition;
import chat.presence.functions.fakes.dynamo.ExpressionParser.ParsedProjection;
import chat.presence.functions.fakes.dynamo.ExpressionParser.ParsedUpdate;
import chat.presence.functions.fakes.dynamo.Operand;
import chat.presence.functions.fakes.dynamo.Projection;
import chat.presence.functions.fakes.dynamo.UpdateAction;
import chat.presence.functions.fakes.dynamo.UpdateApplier;
import chat.presence.functions.fakes.dynamo.Values;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB in memory, at the SDK's API boundary, for the fault-schedule explorer and for fast
 * tests: the real handlers send their real expressions to it. {@code DynamoDbContract} (in the
 * localstack module) runs the same requests against this fake and against dynalite, so that the two
 * cannot drift apart.
 *
 * <p>What it models:
 *
 * <ul>
 *   <li>The tables of {@link TableSpec}s (name: {@link TableSpec#logicalName()}), string keys, and
 *       global secondary indexes that project all attributes and are sparse.
 *   <li>GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem with expressions only
 *       (no legacy parameters), parsed and evaluated as DynamoDB does, with DynamoDB's validation
 *       errors ({@code ValidationException}), {@code ConditionalCheckFailedException} and {@code
 *       ResourceNotFoundException} as the SDK raises them.
 *   <li>Eventually consistent indexes: with the index lag on (the default), a write changes the
 *       base table at once but reaches each index only when the driver calls {@link
 *       #propagateIndexUpdate()} or {@link #propagateIndexes()}. Base-table reads are always
 *       current, whatever {@code ConsistentRead} says.
 *   <li>Hooks ({@link #setHook}) around every call: {@code before} before anything is read or
 *       written, {@code after} once the call took effect (or was answered with a DynamoDB error),
 *       before it returns. What a hook throws reaches the caller unchanged. The target of an {@link
 *       IoCall} is {@code "table partition/sort"} for item calls and {@code "table -"} for Query
 *       and Scan.
 *   <li>A commit listener ({@link #addCommitListener}) that sees every applied write in order (a
 *       delete of an absent item applies nothing): the ground truth for invariant checkers, with
 *       {@link #item}, {@link #items} and {@link #indexItems} to read the state.
 * </ul>
 *
 * <p>Where dynalite, the contract's other engine, differs from DynamoDB by a plain bug, the fake
 * follows DynamoDB: a Scan of an index with {@code ConsistentRead} is refused (dynalite ignores the
 * flag on Scan); lists and maps compare by value in {@code =}, {@code IN} and {@code contains}
 * (dynalite compares them by reference, so never equal); an empty string or {@code false} is a
 * value for {@code IN}, {@code BETWEEN} and {@code attribute_type} (dynalite treats them as
 * missing); a SET that copies a map or list is not changed by a later action of the same update
 * (dynalite aliases it); {@code <}, {@code <=}, {@code >}, {@code >=} and BETWEEN are false for
 * anything but strings, numbers and binary.
 *
 * <p>Deterministic (no clock, no randomness: scans return items in key order) and thread-safe: each
 * call is applied atomically under this object's lock; hooks run outside it, so that a hook may
 * block while other threads use the fake.
 */
public final class FakeDynamoDb implements DynamoDbClient {
  /**
   * One applied write: the item's key and its images before and after (empty: absent).
   *
   * @param sequence 1, 2, 3, ... in the order the writes were applied
   */
  public record Commit(
      long sequence,
      String table,
      Map<String, AttributeValue> key,
      Optional<Map<String, AttributeValue>> before,
      Optional<Map<String, AttributeValue>> after) {}

  private static final String SERVICE = "dynamodb";

  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Deque<IndexChange> pendingIndexChanges = new ArrayDeque<>();
  private final List<Consumer<Commit>> commitListeners = new CopyOnWriteArrayList<>();
  private volatile IoHook hook = IoHook.NONE;
  private boolean indexLag;
  private long sequence;

  /** The tables of these specs, with index lag on. */
  public FakeDynamoDb(List<TableSpec> tables) {
    this(tables, true);
  }

  /**
   * @param indexLag whether writes reach the global secondary indexes only when propagated
   */
  public FakeDynamoDb(List<TableSpec> tables, boolean indexLag) {
    for (TableSpec spec : tables) {
      this.tables.put(spec.logicalName(), new Table(spec));
    }
    this.indexLag = indexLag;
  }

  // ================================================================ driver and checker API

  /** Sets the hook that every call passes through (null: none). */
  public void setHook(IoHook hook) {
    this.hook = hook == null ? IoHook.NONE : hook;
  }

  /** Called synchronously, in order, for every applied write, before the call returns. */
  public void addCommitListener(Consumer<Commit> listener) {
    commitListeners.add(Objects.requireNonNull(listener));
  }

  public void removeCommitListener(Consumer<Commit> listener) {
    commitListeners.remove(listener);
  }

  public synchronized boolean indexLag() {
    return indexLag;
  }

  /** Turns the index lag on or off; turning it off first applies every pending index update. */
  public synchronized void setIndexLag(boolean lag) {
    if (!lag) {
      propagateIndexes();
    }
    indexLag = lag;
  }

  /** How many index updates are waiting to be applied. */
  public synchronized int pendingIndexUpdates() {
    return pendingIndexChanges.size();
  }

  /** Applies the oldest pending index update; false if there was none. */
  public synchronized boolean propagateIndexUpdate() {
    IndexChange change = pendingIndexChanges.pollFirst();
    if (change == null) {
      return false;
    }
    change.apply();
    return true;
  }

  /** Applies every pending index update, oldest first; returns how many there were. */
  public synchronized int propagateIndexes() {
    int applied = 0;
    while (propagateIndexUpdate()) {
      applied++;
    }
    return applied;
  }

  /** The current item with this key (a copy), or an empty map when there is none. */
  public synchronized Map<String, AttributeValue> item(
      String table, Map<String, AttributeValue> key) {
    Table t = knownTable(table);
    Map<String, AttributeValue> item = t.items.get(t.primaryKey(key));
    return item == null ? Map.of() : copy(item);
  }

  /** Every current item of the table (copies), in key order. */
  public synchronized List<Map<String, AttributeValue>> items(String table) {
    return knownTable(table).items.values().stream().map(FakeDynamoDb::copy).toList();
  }

  /** The items an index currently shows (lagging behind the table while updates are pending). */
  public synchronized List<Map<String, AttributeValue>> indexItems(String table, String index) {
    Index i = knownTable(table).indexes.get(index);
    if (i == null) {
      throw new IllegalArgumentException("no index " + index + " on " + table);
    }
    return i.entries.values().stream().map(FakeDynamoDb::copy).toList();
  }

  private Table knownTable(String table) {
    Table t = tables.get(table);
    if (t == null) {
      throw new IllegalArgumentException("no table " + table);
    }
    return t;
  }

  // ================================================================ DynamoDbClient

  @Override
  public String serviceName() {
    return SERVICE;
  }

  @Override
  public void close() {}

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    return call("GetItem", request.tableName(), request.key(), false, () -> doGetItem(request));
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return call("PutItem", request.tableName(), request.item(), true, () -> doPutItem(request));
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    return call(
        "UpdateItem", request.tableName(), request.key(), true, () -> doUpdateItem(request));
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    return call(
        "DeleteItem", request.tableName(), request.key(), true, () -> doDeleteItem(request));
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    return call("Query", request.tableName(), null, false, () -> doQuery(request));
  }

  @Override
  public ScanResponse scan(ScanRequest request) {
    return call("Scan", request.tableName(), null, false, () -> doScan(request));
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    String tableNames = String.join(",", request.requestItems().keySet());
    return call("BatchGetItem", tableNames, null, false, () -> doBatchGetItem(request));
  }

  /**
   * One call: the hook before (nothing touched yet), the operation atomically, the hook after (the
   * call was applied, or answered with a DynamoDB error), then the answer, or that of the call sent
   * again if the hook says the first answer was lost.
   */
  private <T> T call(
      String operation,
      String table,
      Map<String, AttributeValue> key,
      boolean writes,
      Supplier<T> body) {
    IoHook current = hook;
    IoCall io = new IoCall(SERVICE, operation, target(table, key), writes);
    current.before(io);
    T result;
    try {
      result = apply(body);
    } catch (DynamoDbException answered) {
      current.after(io);
      if (current.resent(io)) {
        return apply(body);
      }
      throw answered;
    }
    current.after(io);
    return current.resent(io) ? apply(body) : result;
  }

  private synchronized <T> T apply(Supplier<T> body) {
    return body.get();
  }

  private String target(String table, Map<String, AttributeValue> key) {
    Table t = table == null ? null : tables.get(table);
    if (t == null || key == null || key.isEmpty()) {
      return table + " -";
    }
    List<String> parts = new ArrayList<>();
    for (KeyAttribute attribute : t.keyAttributes) {
      AttributeValue value = key.get(attribute.name());
      parts.add(
          value == null
              ? "?"
              : value.s() != null ? value.s() : value.n() != null ? value.n() : "?");
    }
    return table + " " + String.join("/", parts);
  }

  // ---------------------------------------------------------------- GetItem

  private GetItemResponse doGetItem(GetItemRequest request) {
    requireTableName(request.tableName());
    if (request.hasExpressionAttributeNames() && request.projectionExpression() == null) {
      throw DynamoErrors.validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    checkValues(request.key());
    ExpressionContext context =
        context(
            request.expressionAttributeNames(), null, request.hasExpressionAttributeNames(), false);
    ParsedProjection projection = projection(request.projectionExpression(), context);
    checkUnused(context);
    Table table = table(request.tableName());
    table.checkKey(request.key());
    if (projection != null) {
      table.checkKeyPaths(projection.nestedHeads());
    }
    Map<String, AttributeValue> item = table.items.get(table.primaryKey(request.key()));
    GetItemResponse.Builder response = GetItemResponse.builder();
    if (item != null) {
      response.item(projection == null ? copy(item) : Projection.apply(projection.paths(), item));
    }
    return response.build();
  }

  // ---------------------------------------------------------------- PutItem

  private PutItemResponse doPutItem(PutItemRequest request) {
    requireTableName(request.tableName());
    checkExpressionParameters(
        request.hasExpressionAttributeNames(),
        request.hasExpressionAttributeValues(),
        List.of("ConditionExpression"),
        Collections.singletonList(request.conditionExpression()));
    checkValues(request.item());
    ReturnValue returnValues = request.returnValues();
    if (returnValues != null
        && returnValues != ReturnValue.NONE
        && returnValues != ReturnValue.ALL_OLD) {
      throw DynamoErrors.validation("ReturnValues can only be ALL_OLD or NONE");
    }
    ExpressionContext context = context(request);
    ParsedCondition condition =
        condition(request.conditionExpression(), context, "ConditionExpression");
    checkUnused(context);
    Table table = table(request.tableName());
    table.checkItem(request.item());

    Map<String, AttributeValue> item = Values.normalize(request.item());
    TableKey key = table.primaryKey(item);
    Map<String, AttributeValue> before = table.items.get(key);
    checkCondition(condition, before, request.returnValuesOnConditionCheckFailure());
    write(table, key, before, item);
    PutItemResponse.Builder response = PutItemResponse.builder();
    if (before != null && returnValues == ReturnValue.ALL_OLD) {
      response.attributes(copy(before));
    }
    return response.build();
  }

  // ---------------------------------------------------------------- UpdateItem

  private UpdateItemResponse doUpdateItem(UpdateItemRequest request) {
    requireTableName(request.tableName());
    if (request.hasAttributeUpdates() || request.hasExpected()) {
      throw new UnsupportedOperationException("FakeDynamoDb supports expressions only");
    }
    checkExpressionParameters(
        request.hasExpressionAttributeNames(),
        request.hasExpressionAttributeValues(),
        List.of("UpdateExpression", "ConditionExpression"),
        java.util.Arrays.asList(request.updateExpression(), request.conditionExpression()));
    checkValues(request.key());
    ExpressionContext context =
        context(
            request.expressionAttributeNames(),
            request.expressionAttributeValues(),
            request.hasExpressionAttributeNames(),
            request.hasExpressionAttributeValues());
    ParsedUpdate update = null;
    if (request.updateExpression() != null) {
      update =
          parse(
              "UpdateExpression",
              () -> ExpressionParser.update(request.updateExpression(), context));
    }
    ParsedCondition condition =
        condition(request.conditionExpression(), context, "ConditionExpression");
    checkUnused(context);
    Table table = table(request.tableName());
    table.checkKey(request.key());
    if (update != null) {
      table.checkUpdate(update);
    }

    Map<String, AttributeValue> key = Values.normalize(request.key());
    TableKey primaryKey = table.primaryKey(key);
    Map<String, AttributeValue> before = table.items.get(primaryKey);
    checkCondition(condition, before, request.returnValuesOnConditionCheckFailure());
    Map<String, AttributeValue> after = new LinkedHashMap<>(before == null ? key : before);
    if (update != null) {
      try {
        UpdateApplier.apply(update.actions(), after, table.indexKeyNames);
      } catch (ExpressionException refused) {
        throw DynamoErrors.validation(refused.getMessage());
      }
    }
    write(table, primaryKey, before, after);

    UpdateItemResponse.Builder response = UpdateItemResponse.builder();
    List<DocumentPath> paths = update == null ? List.of() : update.paths();
    ReturnValue returnValues = request.returnValues();
    if (returnValues == ReturnValue.ALL_OLD && before != null) {
      response.attributes(copy(before));
    } else if (returnValues == ReturnValue.UPDATED_OLD && before != null) {
      response.attributes(Projection.apply(paths, before));
    } else if (returnValues == ReturnValue.ALL_NEW) {
      response.attributes(copy(after));
    } else if (returnValues == ReturnValue.UPDATED_NEW) {
      response.attributes(Projection.apply(paths, after));
    }
    return response.build();
  }

  // ---------------------------------------------------------------- DeleteItem

  private DeleteItemResponse doDeleteItem(DeleteItemRequest request) {
    requireTableName(request.tableName());
    checkExpressionParameters(
        request.hasExpressionAttributeNames(),
        request.hasExpressionAttributeValues(),
        List.of("ConditionExpression"),
        Collections.singletonList(request.conditionExpression()));
    checkValues(request.key());
    ReturnValue returnValues = request.returnValues();
    if (returnValues != null
        && returnValues != ReturnValue.NONE
        && returnValues != ReturnValue.ALL_OLD) {
      throw DynamoErrors.validation("ReturnValues can only be ALL_OLD or NONE");
    }
    ExpressionContext context =
        context(
            request.expressionAttributeNames(),
            request.expressionAttributeValues(),
            request.hasExpressionAttributeNames(),
            request.hasExpressionAttributeValues());
    ParsedCondition condition =
        condition(request.conditionExpression(), context, "ConditionExpression");
    checkUnused(context);
    Table table = table(request.tableName());
    table.checkKey(request.key());

    TableKey key = table.primaryKey(request.key());
    Map<String, AttributeValue> before = table.items.get(key);
    checkCondition(condition, before, request.returnValuesOnConditionCheckFailure());
    if (before != null) {
      write(table, key, before, null);
    }
    DeleteItemResponse.Builder response = DeleteItemResponse.builder();
    if (before != null && returnValues == ReturnValue.ALL_OLD) {
      response.attributes(copy(before));
    }
    return response.build();
  }

  // ---------------------------------------------------------------- Query

  private QueryResponse doQuery(QueryRequest request) {
    requireTableName(request.tableName());
    if (request.hasKeyConditions() || request.hasQueryFilter() || request.hasAttributesToGet()) {
      throw new UnsupportedOperationException("FakeDynamoDb supports expressions only");
    }
    checkExpressionParameters(
        request.hasExpressionAttributeNames(),
        request.hasExpressionAttributeValues(),
        List.of("FilterExpression", "KeyConditionExpression"),
        java.util.Arrays.asList(
            request.filterExpression(),
            request.keyConditionExpression(),
            request.projectionExpression()));
    if (request.hasExclusiveStartKey()) {
      checkValues(request.exclusiveStartKey());
    }
    if (request.keyConditionExpression() == null) {
      throw DynamoErrors.validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the"
              + " request.");
    }
    checkLimit(request.limit());
    ExpressionContext context =
        context(
            request.expressionAttributeNames(),
            request.expressionAttributeValues(),
            request.hasExpressionAttributeNames(),
            request.hasExpressionAttributeValues());
    ParsedCondition keyCondition =
        condition(request.keyConditionExpression(), context, "KeyConditionExpression");
    ParsedCondition filter = condition(request.filterExpression(), context, "FilterExpression");
    ParsedProjection projection = projection(request.projectionExpression(), context);
    checkUnused(context);
    Map<String, KeyCondition> keyConditions = KeyCondition.of(keyCondition.condition());

    Table table = table(request.tableName());
    View view = table.view(request.indexName(), request.consistentRead());
    view.checkKeyConditions(keyConditions);
    if (filter != null) {
      for (String attribute : view.keyNames()) {
        if (filter.pathHeads().contains(attribute)) {
          throw DynamoErrors.validation(
              "Filter Expression can only contain non-primary key attributes: Primary key"
                  + " attribute: "
                  + attribute);
        }
      }
    }
    if (projection != null) {
      table.checkKeyPaths(projection.nestedHeads());
    }
    if (filter != null) {
      table.checkKeyPaths(filter.nestedHeads());
    }

    List<Map<String, AttributeValue>> candidates = view.query(keyConditions);
    if (Boolean.FALSE.equals(request.scanIndexForward())) {
      Collections.reverse(candidates);
    }
    Page page =
        page(
            view,
            candidates,
            request.hasExclusiveStartKey() ? request.exclusiveStartKey() : null,
            !Boolean.FALSE.equals(request.scanIndexForward()),
            request.limit(),
            filter,
            projection);
    QueryResponse.Builder response =
        QueryResponse.builder().count(page.items.size()).scannedCount(page.scanned);
    if (request.select() != Select.COUNT) {
      response.items(page.items);
    }
    if (page.lastEvaluatedKey != null) {
      response.lastEvaluatedKey(page.lastEvaluatedKey);
    }
    return response.build();
  }

  // ---------------------------------------------------------------- Scan

  private ScanResponse doScan(ScanRequest request) {
    requireTableName(request.tableName());
    if (request.hasScanFilter() || request.hasAttributesToGet()) {
      throw new UnsupportedOperationException("FakeDynamoDb supports expressions only");
    }
    checkExpressionParameters(
        request.hasExpressionAttributeNames(),
        request.hasExpressionAttributeValues(),
        List.of("FilterExpression"),
        java.util.Arrays.asList(request.filterExpression(), request.projectionExpression()));
    if (request.hasExclusiveStartKey()) {
      checkValues(request.exclusiveStartKey());
    }
    checkLimit(request.limit());
    ExpressionContext context =
        context(
            request.expressionAttributeNames(),
            request.expressionAttributeValues(),
            request.hasExpressionAttributeNames(),
            request.hasExpressionAttributeValues());
    ParsedCondition filter = condition(request.filterExpression(), context, "FilterExpression");
    ParsedProjection projection = projection(request.projectionExpression(), context);
    checkUnused(context);

    Table table = table(request.tableName());
    View view = table.view(request.indexName(), request.consistentRead());
    if (projection != null) {
      table.checkKeyPaths(projection.nestedHeads());
    }
    if (filter != null) {
      table.checkKeyPaths(filter.nestedHeads());
    }
    Page page =
        page(
            view,
            view.scan(),
            request.hasExclusiveStartKey() ? request.exclusiveStartKey() : null,
            true,
            request.limit(),
            filter,
            projection);
    ScanResponse.Builder response =
        ScanResponse.builder().count(page.items.size()).scannedCount(page.scanned);
    if (request.select() != Select.COUNT) {
      response.items(page.items);
    }
    if (page.lastEvaluatedKey != null) {
      response.lastEvaluatedKey(page.lastEvaluatedKey);
    }
    return response.build();
  }

  // ---------------------------------------------------------------- BatchGetItem

  private BatchGetItemResponse doBatchGetItem(BatchGetItemRequest request) {
    Map<String, List<Map<String, AttributeValue>>> responses = new LinkedHashMap<>();
    for (var entry : request.requestItems().entrySet()) {
      KeysAndAttributes wanted = entry.getValue();
      ExpressionContext context =
          context(
              wanted.expressionAttributeNames(), null, wanted.hasExpressionAttributeNames(), false);
      ParsedProjection projection = projection(wanted.projectionExpression(), context);
      checkUnused(context);
      Table table = table(entry.getKey());
      List<Map<String, AttributeValue>> found = new ArrayList<>();
      for (Map<String, AttributeValue> key : wanted.keys()) {
        checkValues(key);
        table.checkKey(key);
        Map<String, AttributeValue> item = table.items.get(table.primaryKey(key));
        if (item != null) {
          found.add(projection == null ? copy(item) : Projection.apply(projection.paths(), item));
        }
      }
      responses.put(entry.getKey(), found);
    }
    return BatchGetItemResponse.builder().responses(responses).unprocessedKeys(Map.of()).build();
  }

  // ================================================================ shared steps

  private record Page(
      List<Map<String, AttributeValue>> items,
      int scanned,
      Map<String, AttributeValue> lastEvaluatedKey) {}

  /** ExclusiveStartKey, Limit (counted before the filter, as DynamoDB does), filter, projection. */
  private static Page page(
      View view,
      List<Map<String, AttributeValue>> ordered,
      Map<String, AttributeValue> exclusiveStartKey,
      boolean forward,
      Integer limit,
      ParsedCondition filter,
      ParsedProjection projection) {
    int from = 0;
    if (exclusiveStartKey != null) {
      List<String> start = view.order(exclusiveStartKey);
      while (from < ordered.size()) {
        int order = compareOrder(view.order(ordered.get(from)), start);
        if (forward ? order > 0 : order < 0) {
          break;
        }
        from++;
      }
    }
    int to = limit == null ? ordered.size() : Math.min(ordered.size(), from + limit);
    List<Map<String, AttributeValue>> evaluated = ordered.subList(from, to);
    Map<String, AttributeValue> lastEvaluatedKey = null;
    if (limit != null && evaluated.size() >= limit && !evaluated.isEmpty()) {
      lastEvaluatedKey = view.startKey(evaluated.get(evaluated.size() - 1));
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (Map<String, AttributeValue> item : evaluated) {
      if (filter == null || ConditionEvaluator.matches(filter.condition(), item)) {
        items.add(projection == null ? copy(item) : Projection.apply(projection.paths(), item));
      }
    }
    return new Page(items, evaluated.size(), lastEvaluatedKey);
  }

  private static int compareOrder(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int order = Values.compareStrings(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private void checkCondition(
      ParsedCondition condition,
      Map<String, AttributeValue> before,
      ReturnValuesOnConditionCheckFailure onFailure) {
    if (condition != null
        && !ConditionEvaluator.matches(condition.condition(), before == null ? Map.of() : before)) {
      throw DynamoErrors.conditionalCheckFailed(
          onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD && before != null
              ? copy(before)
              : null);
    }
  }

  /** Applies a write to the base table, queues (or applies) its index updates, tells listeners. */
  private void write(
      Table table,
      TableKey key,
      Map<String, AttributeValue> before,
      Map<String, AttributeValue> after) {
    Map<String, AttributeValue> stored =
        after == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(after));
    if (stored == null) {
      table.items.remove(key);
    } else {
      table.items.put(key, stored);
    }
    for (Index index : table.indexes.values()) {
      if (index.covers(before) || index.covers(stored)) {
        pendingIndexChanges.addLast(new IndexChange(index, key, stored));
      }
    }
    if (!indexLag) {
      propagateIndexes();
    }
    Commit commit =
        new Commit(
            ++sequence,
            table.spec.logicalName(),
            table.keyOf(stored != null ? stored : before),
            Optional.ofNullable(before).map(FakeDynamoDb::copy),
            Optional.ofNullable(stored).map(FakeDynamoDb::copy));
    for (Consumer<Commit> listener : commitListeners) {
      listener.accept(commit);
    }
  }

  private Table table(String name) {
    Table table = tables.get(name);
    if (table == null) {
      throw DynamoErrors.resourceNotFound();
    }
    return table;
  }

  private static void requireTableName(String name) {
    if (name == null) {
      throw DynamoErrors.validation(
          "The parameter 'TableName' is required but was not present in the request");
    }
  }

  private static void checkLimit(Integer limit) {
    if (limit != null && limit < 1) {
      throw DynamoErrors.validation(
          "1 validation error detected: Value '"
              + limit
              + "' at 'limit' failed to satisfy constraint: Member must have value greater than"
              + " or equal to 1");
    }
  }

  /** Expression placeholders need an expression that can use them. */
  private static void checkExpressionParameters(
      boolean hasNames,
      boolean hasValues,
      List<String> valueExpressionNames,
      List<String> expressions) {
    boolean anyExpression = expressions.stream().anyMatch(Objects::nonNull);
    if (hasNames && !anyExpression) {
      throw DynamoErrors.validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    boolean anyValueExpression =
        expressions.subList(0, valueExpressionNames.size()).stream().anyMatch(Objects::nonNull);
    if (hasValues && !anyValueExpression) {
      throw DynamoErrors.validation(
          "ExpressionAttributeValues can only be specified when using expressions: "
              + String.join(" and ", valueExpressionNames)
              + (valueExpressionNames.size() > 1 ? " are" : " is")
              + " null");
    }
  }

  private static void checkValues(Map<String, AttributeValue> values) {
    for (AttributeValue value : values.values()) {
      Optional<String> invalid = Values.invalidity(value);
      if (invalid.isPresent()) {
        throw DynamoErrors.validation(invalid.get());
      }
    }
  }

  private static ExpressionContext context(PutItemRequest request) {
    return context(
        request.expressionAttributeNames(),
        request.expressionAttributeValues(),
        request.hasExpressionAttributeNames(),
        request.hasExpressionAttributeValues());
  }

  private static ExpressionContext context(
      Map<String, String> names,
      Map<String, AttributeValue> values,
      boolean hasNames,
      boolean hasValues) {
    try {
      return ExpressionContext.of(hasNames ? names : null, hasValues ? values : null);
    } catch (ExpressionException invalid) {
      throw DynamoErrors.validation(invalid.getMessage());
    }
  }

  private static ParsedCondition condition(String text, ExpressionContext context, String kind) {
    return text == null ? null : parse(kind, () -> ExpressionParser.condition(text, context));
  }

  private static ParsedProjection projection(String text, ExpressionContext context) {
    return text == null
        ? null
        : parse("ProjectionExpression", () -> ExpressionParser.projection(text, context));
  }

  private static <T> T parse(String kind, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (ExpressionException invalid) {
      throw DynamoErrors.validation("Invalid " + kind + ": " + invalid.getMessage());
    }
  }

  private static void checkUnused(ExpressionContext context) {
    context
        .unusedProblem()
        .ifPresent(
            problem -> {
              throw DynamoErrors.validation(problem);
            });
  }

  private static Map<String, AttributeValue> copy(Map<String, AttributeValue> item) {
    return new LinkedHashMap<>(item);
  }

  // ================================================================ key conditions

  /** One condition of a KeyConditionExpression, on one key attribute. */
  private record KeyCondition(String operator, List<AttributeValue> values) {
    private static final Map<String, String> FLIPPED =
        Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=");
    private static final Map<String, String> NAMES =
        Map.of("=", "EQ", "<", "LT", "<=", "LE", ">", "GT", ">=", "GE");

    static Map<String, KeyCondition> of(Condition condition) {
      Map<String, KeyCondition> conditions = new LinkedHashMap<>();
      collect(condition, conditions);
      for (var entry : conditions.entrySet()) {
        KeyCondition c = entry.getValue();
        for (AttributeValue value : c.values()) {
          Values.Kind kind = Values.kind(value);
          boolean valid =
              switch (c.operator()) {
                case "EQ" ->
                    kind != Values.Kind.L
                        && kind != Values.Kind.M
                        && kind != Values.Kind.BOOL
                        && kind != Values.Kind.NULL;
                case "BEGINS_WITH" -> kind == Values.Kind.S || kind == Values.Kind.B;
                default -> Values.isOrdered(kind);
              };
          if (!valid) {
            throw DynamoErrors.validation(
                "One or more parameter values were invalid: ComparisonOperator "
                    + c.operator()
                    + " is not valid for "
                    + kind
                    + " AttributeValue type");
          }
        }
      }
      if (conditions.size() != 1 && conditions.size() != 2) {
        throw DynamoErrors.validation("Conditions can be of length 1 or 2 only");
      }
      return conditions;
    }

    private static void collect(Condition condition, Map<String, KeyCondition> conditions) {
      if (condition instanceof Condition.And and) {
        collect(and.left(), conditions);
        collect(and.right(), conditions);
        return;
      }
      if (condition instanceof Condition.Or) {
        throw invalidOperator("OR");
      }
      if (condition instanceof Condition.Not) {
        throw invalidOperator("NOT");
      }
      if (condition instanceof Condition.In) {
        throw invalidOperator("IN");
      }
      List<Operand> operands;
      String operator;
      if (condition instanceof Condition.Comparison comparison) {
        if (comparison.operator().equals("<>")) {
          throw invalidOperator("<>");
        }
        operands = List.of(comparison.left(), comparison.right());
        operator = comparison.operator();
      } else if (condition instanceof Condition.Between between) {
        if (!(between.value() instanceof Operand.Path)) {
          throw invalidCondition(
              "BETWEEN operator must have the key attribute as its first operand");
        }
        operands = List.of(between.value(), between.lower(), between.upper());
        operator = "BETWEEN";
      } else {
        Condition.Function function = (Condition.Function) condition;
        if (!function.name().equals("begins_with")) {
          throw invalidOperator(function.name());
        }
        if (!(function.arguments().get(0) instanceof Operand.Path)) {
          throw invalidCondition(
              "begins_with operator must have the key attribute as its first operand");
        }
        operands = function.arguments();
        operator = "BEGINS_WITH";
      }
      String attribute = null;
      int attributeAt = 0;
      for (int i = 0; i < operands.size(); i++) {
        Operand operand = operands.get(i);
        if (operand instanceof Operand.Size) {
          throw DynamoErrors.validation("KeyConditionExpressions cannot contain nested operations");
        }
        if (operand instanceof Operand.Path path) {
          if (attribute != null) {
            throw invalidCondition("Multiple attribute names used in one condition");
          }
          if (path.path().isNested()) {
            throw DynamoErrors.validation(
                "KeyConditionExpressions cannot have conditions on nested attributes");
          }
          attribute = path.path().head();
          attributeAt = i;
        }
      }
      if (attribute == null) {
        throw invalidCondition("No key attribute specified");
      }
      if (conditions.containsKey(attribute)) {
        throw DynamoErrors.validation(
            "KeyConditionExpressions must only contain one condition per key");
      }
      List<AttributeValue> values = new ArrayList<>();
      for (int i = 0; i < operands.size(); i++) {
        if (i != attributeAt) {
          values.add(((Operand.Value) operands.get(i)).value());
        }
      }
      if (NAMES.containsKey(operator)) {
        operator = NAMES.get(attributeAt == 0 ? operator : FLIPPED.get(operator));
      }
      conditions.put(attribute, new KeyCondition(operator, values));
    }

    private static DynamoDbException invalidOperator(String operator) {
      return DynamoErrors.validation(
          "Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static DynamoDbException invalidCondition(String why) {
      return DynamoErrors.validation("Invalid condition in KeyConditionExpression: " + why);
    }

    boolean matches(AttributeValue value) {
      if (value == null || Values.kind(value) != Values.kind(values.get(0))) {
        return false;
      }
      int order = Values.compare(value, values.get(0));
      return switch (operator) {
        case "EQ" -> order == 0;
        case "LT" -> order < 0;
        case "LE" -> order <= 0;
        case "GT" -> order > 0;
        case "GE" -> order >= 0;
        case "BETWEEN" -> order >= 0 && Values.compare(value, values.get(1)) <= 0;
        case "BEGINS_WITH" -> Values.beginsWith(value, values.get(0));
        default -> throw new IllegalStateException(operator);
      };
    }
  }

  // ================================================================ tables and indexes

  /** A base-table key: partition and (when the table has one) sort key values. */
  private record TableKey(String partition, String sort) implements Comparable<TableKey> {
    @Override
    public int compareTo(TableKey other) {
      int order = Values.compareStrings(partition, other.partition);
      if (order != 0 || sort == null || other.sort == null) {
        return order;
      }
      return Values.compareStrings(sort, other.sort);
    }
  }

  private static final class Table {
    final TableSpec spec;
    final List<KeyAttribute> keyAttributes;
    final TreeMap<TableKey, Map<String, AttributeValue>> items = new TreeMap<>();
    final Map<String, Index> indexes = new LinkedHashMap<>();

    /** Attributes that are keys of an index but not of the table: they must be strings. */
    final Set<String> indexKeyNames = new LinkedHashSet<>();

    Table(TableSpec spec) {
      this.spec = spec;
      List<KeyAttribute> keys = new ArrayList<>();
      keys.add(spec.partitionKey());
      spec.sortKey().ifPresent(keys::add);
      this.keyAttributes = List.copyOf(keys);
      for (IndexSpec index : spec.globalIndexes()) {
        indexes.put(index.name(), new Index(this, index));
        indexKeyNames.add(index.partitionKey().name());
        index.sortKey().ifPresent(k -> indexKeyNames.add(k.name()));
      }
    }

    TableKey primaryKey(Map<String, AttributeValue> item) {
      String partition = item.get(spec.partitionKey().name()).s();
      String sort = spec.sortKey().map(k -> item.get(k.name()).s()).orElse(null);
      return new TableKey(partition, sort);
    }

    Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
      Map<String, AttributeValue> key = new LinkedHashMap<>();
      for (KeyAttribute attribute : keyAttributes) {
        key.put(attribute.name(), item.get(attribute.name()));
      }
      return key;
    }

    /** A Key parameter: exactly the key attributes, strings, not empty. */
    void checkKey(Map<String, AttributeValue> key) {
      if (key.size() != keyAttributes.size()) {
        throw DynamoErrors.validation("The provided key element does not match the schema");
      }
      for (KeyAttribute attribute : keyAttributes) {
        AttributeValue value = key.get(attribute.name());
        if (value == null || value.s() == null) {
          throw DynamoErrors.validation("The provided key element does not match the schema");
        }
        if (value.s().isEmpty()) {
          throw DynamoErrors.validation(
              "One or more parameter values were invalid: The AttributeValue for a key attribute"
                  + " cannot contain an empty string value. Key: "
                  + attribute.name());
        }
        checkKeySize(value.s(), attribute == keyAttributes.get(0));
      }
    }

    /** A whole item for PutItem: its key attributes, and index keys of the right type. */
    void checkItem(Map<String, AttributeValue> item) {
      for (KeyAttribute attribute : keyAttributes) {
        AttributeValue value = item.get(attribute.name());
        if (value == null) {
          throw DynamoErrors.validation(
              "One or more parameter values were invalid: Missing the key "
                  + attribute.name()
                  + " in the item");
        }
        if (value.s() == null) {
          throw DynamoErrors.validation(
              "One or more parameter values were invalid: Type mismatch for key "
                  + attribute.name()
                  + " expected: S actual: "
                  + Values.kind(value));
        }
        if (value.s().isEmpty()) {
          throw DynamoErrors.validation(
              "One or more parameter values are not valid. The AttributeValue for a key attribute"
                  + " cannot contain an empty string value. Key: "
                  + attribute.name());
        }
        checkKeySize(value.s(), attribute == keyAttributes.get(0));
      }
      for (Index index : indexes.values()) {
        for (KeyAttribute attribute : index.keyAttributes) {
          AttributeValue value = item.get(attribute.name());
          if (value != null && value.s() == null) {
            throw indexKeyMismatch(attribute.name(), Values.kind(value).name(), index);
          }
        }
      }
    }

    private void checkKeySize(String value, boolean partition) {
      int size = Values.utf8Length(value);
      if (partition && size > 2048) {
        throw DynamoErrors.validation(
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum"
                + " size limit of2048 bytes");
      }
      if (!partition && size > 1024) {
        throw DynamoErrors.validation(
            "One or more parameter values were invalid: Aggregated size of all range keys has"
                + " exceeded the size limit of 1024 bytes");
      }
    }

    /** What an update may not do: touch a table key, give an index key another type. */
    void checkUpdate(ParsedUpdate update) {
      for (KeyAttribute attribute : keyAttributes) {
        for (UpdateAction action : update.actions()) {
          if (action.path().head().equals(attribute.name())) {
            throw DynamoErrors.validation(
                "One or more parameter values were invalid: Cannot update attribute "
                    + attribute.name()
                    + ". This attribute is part of the key");
          }
        }
      }
      for (Index index : indexes.values()) {
        for (KeyAttribute attribute : index.keyAttributes) {
          for (UpdateAction action : update.actions()) {
            if (!action.path().isNested() && action.path().head().equals(attribute.name())) {
              Optional<String> type = staticType(action);
              if (type.isPresent() && !type.get().equals("S")) {
                throw indexKeyMismatch(attribute.name(), type.get(), index);
              }
              break;
            }
          }
        }
      }
      checkKeyPaths(update.nestedHeads());
    }

    /** Key attributes are scalars: no document path may go inside one. */
    void checkKeyPaths(Set<String> nestedHeads) {
      for (KeyAttribute attribute : keyAttributes) {
        if (nestedHeads.contains(attribute.name())) {
          throw DynamoErrors.validation(
              "Key attributes must be scalars; list random access '[]' and map lookup '.' are not"
                  + " allowed: Key: "
                  + attribute.name());
        }
      }
      for (Index index : indexes.values()) {
        for (KeyAttribute attribute : index.keyAttributes) {
          if (nestedHeads.contains(attribute.name())) {
            throw DynamoErrors.validation(
                "Key attributes must be scalars; list random access '[]' and map lookup '.' are"
                    + " not allowed: IndexKey: "
                    + attribute.name());
          }
        }
      }
    }

    private DynamoDbException indexKeyMismatch(String attribute, String actual, Index index) {
      return DynamoErrors.validation(
          "One or more parameter values were invalid: Type mismatch for Index Key "
              + attribute
              + " Expected: S Actual: "
              + actual
              + " IndexName: "
              + index.spec.name());
    }

    /** The base table, or one of its indexes, as Query and Scan read it. */
    View view(String indexName, Boolean consistentRead) {
      if (indexName == null) {
        return new View(this, null);
      }
      Index index = indexes.get(indexName);
      if (index == null) {
        throw DynamoErrors.validation("The table does not have the specified index: " + indexName);
      }
      if (Boolean.TRUE.equals(consistentRead)) {
        throw DynamoErrors.validation(
            "Consistent reads are not supported on global secondary indexes");
      }
      return new View(this, index);
    }
  }

  /** The type an action gives a top-level attribute, when known before reading the item. */
  private static Optional<String> staticType(UpdateAction action) {
    if (action instanceof UpdateAction.Add add) {
      return Optional.of(Values.kind(add.value()).name());
    }
    if (action instanceof UpdateAction.Delete delete) {
      return Optional.of(Values.kind(delete.value()).name());
    }
    if (action instanceof UpdateAction.Set set) {
      return operandType(set.value());
    }
    return Optional.empty();
  }

  private static Optional<String> operandType(Operand operand) {
    if (operand instanceof Operand.Value value) {
      return Optional.of(Values.kind(value.value()).name());
    }
    if (operand instanceof Operand.IfNotExists ifNotExists) {
      return operandType(ifNotExists.fallback());
    }
    if (operand instanceof Operand.ListAppend) {
      return Optional.of("L");
    }
    if (operand instanceof Operand.Arithmetic) {
      return Optional.of("N");
    }
    return Optional.empty();
  }

  /** A global secondary index: every attribute projected, only items with its key attributes. */
  private static final class Index {
    final Table table;
    final IndexSpec spec;
    final List<KeyAttribute> keyAttributes;

    /** What the index shows, by base-table key: it lags behind the table. */
    final TreeMap<TableKey, Map<String, AttributeValue>> entries = new TreeMap<>();

    Index(Table table, IndexSpec spec) {
      this.table = table;
      this.spec = spec;
      List<KeyAttribute> keys = new ArrayList<>();
      keys.add(spec.partitionKey());
      spec.sortKey().ifPresent(keys::add);
      this.keyAttributes = List.copyOf(keys);
    }

    boolean covers(Map<String, AttributeValue> item) {
      if (item == null) {
        return false;
      }
      for (KeyAttribute attribute : keyAttributes) {
        AttributeValue value = item.get(attribute.name());
        if (value == null || value.s() == null) {
          return false;
        }
      }
      return true;
    }
  }

  /** One write, on its way to one index. */
  private record IndexChange(Index index, TableKey key, Map<String, AttributeValue> image) {
    void apply() {
      if (index.covers(image)) {
        index.entries.put(key, image);
      } else {
        index.entries.remove(key);
      }
    }
  }

  /** The rows Query and Scan read: the base table or an index, with its key schema and order. */
  private static final class View {
    final Table table;
    final Index index;
    final List<KeyAttribute> keys;

    View(Table table, Index index) {
      this.table = table;
      this.index = index;
      this.keys = index == null ? table.keyAttributes : index.keyAttributes;
    }

    List<String> keyNames() {
      return keys.stream().map(KeyAttribute::name).toList();
    }

    void checkKeyConditions(Map<String, KeyCondition> conditions) {
      for (int i = 0; i < keys.size(); i++) {
        String attribute = keys.get(i).name();
        boolean partition = i == 0;
        if (partition && keys.size() == 1 && conditions.size() > 1) {
          throw DynamoErrors.validation("Query key condition not supported");
        }
        KeyCondition condition = conditions.get(attribute);
        if (condition == null) {
          if (partition || conditions.size() > 1) {
            throw DynamoErrors.validation(
                "Query condition missed key schema element: " + attribute);
          }
          continue;
        }
        if (condition.values().stream().anyMatch(v -> v.s() == null)) {
          throw DynamoErrors.validation(
              "One or more parameter values were invalid: Condition parameter type does not match"
                  + " schema type");
        }
        if (partition && !condition.operator().equals("EQ")) {
          throw DynamoErrors.validation("Query key condition not supported");
        }
      }
    }

    private Iterable<Map<String, AttributeValue>> rows() {
      return index == null ? table.items.values() : index.entries.values();
    }

    /** The rows of one partition that match the key conditions, in sort-key order. */
    List<Map<String, AttributeValue>> query(Map<String, KeyCondition> conditions) {
      KeyCondition partition = conditions.get(keys.get(0).name());
      KeyCondition sort = keys.size() > 1 ? conditions.get(keys.get(1).name()) : null;
      List<Map<String, AttributeValue>> rows = new ArrayList<>();
      for (Map<String, AttributeValue> row : rows()) {
        if (partition.matches(row.get(keys.get(0).name()))
            && (sort == null || sort.matches(row.get(keys.get(1).name())))) {
          rows.add(row);
        }
      }
      rows.sort(Comparator.comparing(this::order, FakeDynamoDb::compareOrder));
      return rows;
    }

    /** Every row, in a fixed order (partition key, sort key, then the base-table key). */
    List<Map<String, AttributeValue>> scan() {
      List<Map<String, AttributeValue>> rows = new ArrayList<>();
      rows().forEach(rows::add);
      rows.sort(Comparator.comparing(this::order, FakeDynamoDb::compareOrder));
      return rows;
    }

    /** Where a row (or an ExclusiveStartKey) sits in this view's order. */
    List<String> order(Map<String, AttributeValue> row) {
      List<String> order = new ArrayList<>();
      for (KeyAttribute key : keys) {
        order.add(stringOf(row.get(key.name())));
      }
      if (index != null) {
        for (KeyAttribute key : table.keyAttributes) {
          order.add(stringOf(row.get(key.name())));
        }
      }
      return order;
    }

    private static String stringOf(AttributeValue value) {
      return value == null || value.s() == null ? "" : value.s();
    }

    /** LastEvaluatedKey: the base-table key plus this index's key attributes. */
    Map<String, AttributeValue> startKey(Map<String, AttributeValue> row) {
      Map<String, AttributeValue> key = new LinkedHashMap<>(table.keyOf(row));
      for (KeyAttribute attribute : keys) {
        key.put(attribute.name(), row.get(attribute.name()));
      }
      return key;
    }
  }
}
