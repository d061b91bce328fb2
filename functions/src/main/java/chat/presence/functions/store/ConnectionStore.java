package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.time;

import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The connections table: who each open WebSocket connection belongs to. */
public final class ConnectionStore {
  /** API Gateway closes every connection after two hours; the item outlives it for cleanup only. */
  private static final Duration RETENTION = Duration.ofHours(3);

  private final DynamoDbClient dynamo;
  private final String table;

  public ConnectionStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * An agent's record carries no {@code userKey}, so it stays out of the {@code byUser} index: the
   * agent's item lists its connections, which is where they are found, and an agent's connect and
   * disconnect each save the index write (issue 14's write diet).
   */
  public void put(String connectionId, Identity identity, Instant connectedAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("connectionId", s(connectionId));
    item.put("siteId", s(identity.siteId()));
    item.put("userId", s(identity.userId()));
    item.put("role", s(identity.role().wireName()));
    item.put("maxChats", n(identity.maxChats()));
    item.put("connectedAt", time(connectedAt));
    item.put(Schema.TTL_ATTRIBUTE, n(connectedAt.plus(RETENTION).getEpochSecond()));
    if (!identity.isAgent()) {
      item.put("userKey", s(identity.userKey()));
    }
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  /**
   * Lists a chat requested on the connection; false, changing nothing, if the connection's record
   * is gone (the connection was dropped).
   */
  public boolean addChat(String connectionId, String chatId) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(connectionId))
                  .updateExpression("ADD chats :chat")
                  .conditionExpression("attribute_exists(connectionId)")
                  .expressionAttributeValues(Map.of(":chat", Attr.ss(Set.of(chatId)))));
      return true;
    } catch (ConditionalCheckFailedException dropped) {
      return false;
    }
  }

  /**
   * Subscribes the connection to its site's presence: the attribute puts it in the sparse
   * subscribers index. False, changing nothing, if the connection's record is gone.
   */
  public boolean subscribePresence(String connectionId, String siteId) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(connectionId))
                  .updateExpression("SET " + Schema.PRESENCE_SITE_ATTRIBUTE + " = :site")
                  .conditionExpression("attribute_exists(connectionId)")
                  .expressionAttributeValues(Map.of(":site", s(siteId))));
      return true;
    } catch (ConditionalCheckFailedException dropped) {
      return false;
    }
  }

  /**
   * Ends the connection's subscription, if any. Conditional on the record, so that a late
   * unsubscribe never writes a record for a connection that is gone.
   */
  public void unsubscribePresence(String connectionId) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(connectionId))
                  .updateExpression("REMOVE " + Schema.PRESENCE_SITE_ATTRIBUTE)
                  .conditionExpression("attribute_exists(connectionId)"));
    } catch (ConditionalCheckFailedException dropped) {
      // A connection whose record is gone subscribes to nothing: what was asked for holds.
    }
  }

  /** The connections subscribed to the site's presence, from the sparse subscribers index. */
  public List<String> presenceSubscribers(String siteId) {
    return dynamo
        .queryPaginator(
            r ->
                r.tableName(table)
                    .indexName(Schema.PRESENCE_SUBSCRIBERS_INDEX)
                    .keyConditionExpression(Schema.PRESENCE_SITE_ATTRIBUTE + " = :site")
                    .expressionAttributeValues(Map.of(":site", s(siteId))))
        .items()
        .stream()
        .map(item -> Attr.string(item, "connectionId"))
        .toList();
  }

  public Optional<ConnectionRecord> get(String connectionId) {
    var item =
        dynamo
            .getItem(r -> r.tableName(table).key(key(connectionId)).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  /**
   * Deletes the record as read, unless a chat was listed on it since (chats are only ever added);
   * true for the one caller that actually removed it.
   */
  public boolean delete(ConnectionRecord seen) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(seen.connectionId()))
                  .conditionExpression(
                      "attribute_exists(connectionId) AND (attribute_not_exists(chats) OR size(chats) <= :seen)")
                  .expressionAttributeValues(Map.of(":seen", n(seen.chats().size()))));
      return true;
    } catch (ConditionalCheckFailedException goneOrChanged) {
      return false;
    }
  }

  /** A visitor's or supervisor's connections; an agent's are listed on its item instead. */
  public List<ConnectionRecord> ofUser(String siteId, String userId) {
    return dynamo
        .queryPaginator(
            r ->
                r.tableName(table)
                    .indexName(Schema.CONNECTIONS_BY_USER_INDEX)
                    .keyConditionExpression("userKey = :k")
                    .expressionAttributeValues(Map.of(":k", s(Identity.userKey(siteId, userId)))))
        .items()
        .stream()
        .map(ConnectionStore::fromItem)
        .toList();
  }

  public List<ConnectionRecord> all() {
    return dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
        .map(ConnectionStore::fromItem)
        .toList();
  }

  private static Map<String, AttributeValue> key(String connectionId) {
    return Map.of("connectionId", s(connectionId));
  }

  private static ConnectionRecord fromItem(Map<String, AttributeValue> item) {
    Role role =
        Role.fromWire(Attr.string(item, "role"))
            .orElseThrow(() -> new IllegalStateException("stored connection has an unknown role"));
    Identity identity =
        new Identity(
            Attr.string(item, "siteId"),
            Attr.string(item, "userId"),
            role,
            (int) Attr.number(item, "maxChats", 1));
    return new ConnectionRecord(
        Attr.string(item, "connectionId"),
        identity,
        Instant.ofEpochMilli(Attr.number(item, "connectedAt", 0)),
        Attr.stringSet(item, "chats"));
  }
}
