package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.time;

import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.PendingKey;
import chat.presence.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The chats table. A chat's {@code pendingKey} keeps it in the site's sparse queue index for as
 * long as the router has work on it.
 */
public final class ChatStore {
  /** How long a chat is kept for audits before TTL may clean it up. */
  private static final Duration RETENTION = Duration.ofDays(7);

  private final DynamoDbClient dynamo;
  private final String table;

  public ChatStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Stores a new queued chat; false if a chat with this id already exists on the site. */
  public boolean create(String siteId, String chatId, String visitorId, Instant requestedAt) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "siteId", s(siteId),
                          "chatId", s(chatId),
                          "visitorId", s(visitorId),
                          "chatState", s(ChatState.QUEUED.storedName()),
                          "requestedAt", time(requestedAt),
                          "pendingKey", s(PendingKey.forRequest(requestedAt, chatId)),
                          Schema.TTL_ATTRIBUTE, n(requestedAt.plus(RETENTION).getEpochSecond())))
                  .conditionExpression("attribute_not_exists(chatId)"));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    }
  }

  public Optional<Chat> get(String siteId, String chatId) {
    var item =
        dynamo.getItem(r -> r.tableName(table).key(key(siteId, chatId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  /**
   * The site's chats that need the router, in queue order. The index is eventually consistent: a
   * listed chat may have moved on, which the conditional writes that follow detect.
   */
  public List<Chat> pending(String siteId) {
    return dynamo
        .queryPaginator(
            r ->
                r.tableName(table)
                    .indexName(Schema.CHATS_PENDING_INDEX)
                    .keyConditionExpression("siteId = :site")
                    .expressionAttributeValues(Map.of(":site", s(siteId))))
        .items()
        .stream()
        .map(ChatStore::fromItem)
        .toList();
  }

  /** Sites with a chat that has waited for the router since before {@code requestedBefore}. */
  public Set<String> sitesWaitingSince(Instant requestedBefore) {
    return dynamo
        .scanPaginator(
            r ->
                r.tableName(table)
                    .indexName(Schema.CHATS_PENDING_INDEX)
                    .filterExpression("requestedAt < :before")
                    .projectionExpression("siteId")
                    .expressionAttributeValues(Map.of(":before", time(requestedBefore))))
        .items()
        .stream()
        .map(item -> Attr.string(item, "siteId"))
        .collect(Collectors.toSet());
  }

  public List<Chat> all() {
    return dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
        .map(ChatStore::fromItem)
        .toList();
  }

  /**
   * Records on the chat the assignment that the agent's item already holds. False if the chat is no
   * longer queued (ended meanwhile).
   */
  public boolean recordAssignment(
      String siteId, String chatId, String agentId, Instant at, long agentVersion) {
    return update(
        siteId,
        chatId,
        "SET chatState = :assigned, agentId = :agent, assignedAt = :at, assignedStatus = :status,"
            + " assignedAgentVersion = :version REMOVE queuedAnnounced",
        "chatState = :queued",
        Map.of(
            ":assigned", s(ChatState.ASSIGNED.storedName()),
            ":queued", s(ChatState.QUEUED.storedName()),
            ":agent", s(agentId),
            ":at", time(at),
            ":status", s(ChosenStatus.AVAILABLE.wireName()),
            ":version", n(agentVersion)));
  }

  /** The assignment has been announced to both sides: the router is done with the chat. */
  public boolean recordAnnounced(String siteId, String chatId, String agentId) {
    return update(
        siteId,
        chatId,
        "REMOVE pendingKey",
        "chatState = :assigned AND agentId = :agent",
        Map.of(":assigned", s(ChatState.ASSIGNED.storedName()), ":agent", s(agentId)));
  }

  /** True for the one caller that gets to tell the visitor the chat is queued. */
  public boolean claimQueuedAnnouncement(String siteId, String chatId) {
    return update(
        siteId,
        chatId,
        "SET queuedAnnounced = :yes",
        "chatState = :queued AND attribute_not_exists(queuedAnnounced)",
        Map.of(":yes", Attr.bool(true), ":queued", s(ChatState.QUEUED.storedName())));
  }

  /** Puts a chat of an agent who went offline back at the front of the site's queue. */
  public boolean requeue(String siteId, String chatId, String fromAgentId, Instant requestedAt) {
    return update(
        siteId,
        chatId,
        "SET chatState = :queued, pendingKey = :front, requeuedFrom = :agent REMOVE agentId, assignedAt",
        "chatState = :assigned AND agentId = :agent",
        Map.of(
            ":queued", s(ChatState.QUEUED.storedName()),
            ":assigned", s(ChatState.ASSIGNED.storedName()),
            ":agent", s(fromAgentId),
            ":front", s(PendingKey.forRequeue(requestedAt, chatId))));
  }

  /** Ends a chat. Empty if it had already ended, in which case nothing changed. */
  public Optional<Chat> end(String siteId, String chatId, String by, Instant at) {
    try {
      var result =
          dynamo.updateItem(
              r ->
                  r.tableName(table)
                      .key(key(siteId, chatId))
                      .updateExpression(
                          "SET chatState = :ended, endedBy = :by, endedAt = :at REMOVE pendingKey")
                      .conditionExpression("attribute_exists(chatId) AND chatState <> :ended")
                      .expressionAttributeValues(
                          Map.of(
                              ":ended", s(ChatState.ENDED.storedName()),
                              ":by", s(by),
                              ":at", time(at)))
                      .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException alreadyEnded) {
      return Optional.empty();
    }
  }

  private boolean update(
      String siteId,
      String chatId,
      String expression,
      String condition,
      Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(siteId, chatId))
                  .updateExpression(expression)
                  .conditionExpression(condition)
                  .expressionAttributeValues(new HashMap<>(values)));
      return true;
    } catch (ConditionalCheckFailedException conditionNotMet) {
      return false;
    }
  }

  private static Map<String, AttributeValue> key(String siteId, String chatId) {
    return Map.of("siteId", s(siteId), "chatId", s(chatId));
  }

  static Chat fromItem(Map<String, AttributeValue> item) {
    ChatState state =
        ChatState.fromStored(Attr.string(item, "chatState"))
            .orElseThrow(() -> new IllegalStateException("stored chat has an unknown state"));
    return new Chat(
        Attr.string(item, "siteId"),
        Attr.string(item, "chatId"),
        Attr.string(item, "visitorId"),
        state,
        Attr.optionalString(item, "agentId"),
        Instant.ofEpochMilli(Attr.number(item, "requestedAt", 0)),
        Attr.optionalString(item, "pendingKey"),
        Attr.optionalTime(item, "assignedAt"),
        Optional.ofNullable(item.get("assignedAgentVersion")).map(v -> Long.parseLong(v.n())),
        Attr.optionalString(item, "endedBy"));
  }
}
