package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.ss;
import static chat.presence.functions.store.Attr.time;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.wire.Identity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The agents table. Every write that routing depends on is a single conditional update of the
 * agent's item, so the check and the change are one atomic step.
 */
public final class AgentStore {
  /**
   * The assignment condition: chosen available, at least one connection, below capacity, and not
   * already holding this chat (so a redelivered event never counts capacity twice).
   */
  static final String ASSIGNABLE =
      "chosenStatus = :available AND attribute_exists(conns) AND activeCount < maxChats"
          + " AND NOT contains(activeChats, :chatId)";

  private final DynamoDbClient dynamo;
  private final String table;

  public AgentStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Records a new connection with the status now chosen and the agent's new timeline, if the agent
   * is still at {@code expectedVersion} (0: never seen). Empty if another change came first.
   */
  public Optional<AgentState> connect(
      Identity agent,
      String connectionId,
      ChosenStatus chosen,
      long expectedVersion,
      List<StatusChange> history,
      Instant now) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":max", n(agent.maxChats()));
    values.put(":conn", ss(Set.of(connectionId)));
    values.put(":status", s(chosen.wireName()));
    values.put(":zero", n(0));
    values.put(":next", n(expectedVersion + 1));
    values.put(":history", historyValue(history));
    String condition = "attribute_not_exists(agentId)";
    if (expectedVersion > 0) {
      condition = "rev = :expected";
      values.put(":expected", n(expectedVersion));
    }
    return conditionalUpdate(
        agent.siteId(),
        agent.userId(),
        "SET maxChats = :max, chosenStatus = :status, rev = :next, history = :history"
            + ", activeCount = if_not_exists(activeCount, :zero)"
            + ", lastAssignedAt = if_not_exists(lastAssignedAt, :zero)"
            + " ADD conns :conn",
        condition,
        values);
  }

  /**
   * Stores the status the agent chose and its new timeline, if the agent is still at {@code
   * expectedVersion}. Empty if another change came first.
   */
  public Optional<AgentState> setStatus(
      String siteId,
      String agentId,
      ChosenStatus status,
      long expectedVersion,
      List<StatusChange> history) {
    return conditionalUpdate(
        siteId,
        agentId,
        "SET chosenStatus = :status, rev = :next, history = :history",
        "rev = :expected",
        Map.of(
            ":status", s(status.wireName()),
            ":next", n(expectedVersion + 1),
            ":expected", n(expectedVersion),
            ":history", historyValue(history)));
  }

  /**
   * Replaces the timeline of an agent still at {@code expectedVersion} and, when {@code
   * stillDisconnectedSince} is given, still without a connection since then. False if superseded.
   */
  public boolean recordTimeline(
      String siteId,
      String agentId,
      long expectedVersion,
      Optional<Instant> stillDisconnectedSince,
      List<StatusChange> history) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":expected", n(expectedVersion));
    values.put(":history", historyValue(history));
    String condition = "rev = :expected";
    if (stillDisconnectedSince.isPresent()) {
      condition += " AND attribute_not_exists(conns) AND lastDisconnectAt = :since";
      values.put(":since", time(stillDisconnectedSince.get()));
    }
    return conditionalUpdate(siteId, agentId, "SET history = :history", condition, values).isPresent();
  }

  /**
   * Forgets one connection of the agent. Empty when the agent did not hold it (already removed, or
   * a late event for a superseded connection), in which case nothing was written.
   */
  public Optional<AgentState> removeConnection(
      String siteId, String agentId, String connectionId, Instant goneAt, TransitionReason reason) {
    try {
      var result =
          dynamo.updateItem(
              r ->
                  r.tableName(table)
                      .key(key(siteId, agentId))
                      .updateExpression(
                          "DELETE conns :conn SET lastDisconnectAt = :at, lastDisconnectReason = :reason")
                      .conditionExpression("contains(conns, :connId)")
                      .expressionAttributeValues(
                          Map.of(
                              ":conn", ss(Set.of(connectionId)),
                              ":connId", s(connectionId),
                              ":at", time(goneAt),
                              ":reason", s(reason.wireName())))
                      .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException notHeld) {
      return Optional.empty();
    }
  }

  public Optional<AgentState> get(String siteId, String agentId) {
    var item =
        dynamo.getItem(r -> r.tableName(table).key(key(siteId, agentId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  public List<AgentState> ofSite(String siteId) {
    return dynamo
        .queryPaginator(
            r ->
                r.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("siteId = :site")
                    .expressionAttributeValues(Map.of(":site", s(siteId))))
        .items()
        .stream()
        .map(AgentStore::fromItem)
        .toList();
  }

  /** Agents without a connection: candidates for an offline entry and for taking chats back. */
  public List<AgentState> withoutConnection() {
    return dynamo
        .scanPaginator(
            r ->
                r.tableName(table)
                    .consistentRead(true)
                    .filterExpression("attribute_not_exists(conns)"))
        .items()
        .stream()
        .map(AgentStore::fromItem)
        .toList();
  }

  public List<AgentState> all() {
    return dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
        .map(AgentStore::fromItem)
        .toList();
  }

  /**
   * Every agent with the item it was read from, in one scan: the auditor checks the stored {@code
   * activeCount}, which {@link AgentState} derives from the set instead.
   */
  public List<Map.Entry<AgentState, Map<String, AttributeValue>>> allWithItems() {
    return dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
        .map(item -> Map.entry(fromItem(item), item))
        .toList();
  }

  /**
   * The assignment itself: adds the chat to the agent if, at this instant, the agent's chosen status
   * is available, it has a connection and is below capacity. Empty if any of that does not hold.
   * The version returned is the agent's at the moment of the write, which places the assignment
   * exactly among the agent's status changes.
   */
  public Optional<AgentState> assign(String siteId, String agentId, String chatId, Instant now) {
    try {
      var result = dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(siteId, agentId))
                  .updateExpression("ADD activeChats :chat, activeCount :one SET lastAssignedAt = :now")
                  .conditionExpression(ASSIGNABLE)
                  .expressionAttributeValues(
                      Map.of(
                          ":chat", ss(Set.of(chatId)),
                          ":chatId", s(chatId),
                          ":one", n(1),
                          ":now", time(now),
                          ":available", s(ChosenStatus.AVAILABLE.wireName())))
                  .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException notAssignable) {
      return Optional.empty();
    }
  }

  /** Frees the agent's capacity for a chat it holds; false if it did not hold it. */
  public boolean release(String siteId, String agentId, String chatId) {
    return releaseIf(siteId, agentId, chatId, "contains(activeChats, :chatId)", Map.of());
  }

  /**
   * Takes a chat from an agent who is still without a connection since {@code lastDisconnectAt};
   * false if the agent came back (or no longer holds the chat).
   */
  public boolean releaseFromOffline(
      String siteId, String agentId, String chatId, Instant lastDisconnectAt) {
    return releaseIf(
        siteId,
        agentId,
        chatId,
        "contains(activeChats, :chatId) AND attribute_not_exists(conns) AND lastDisconnectAt = :since",
        Map.of(":since", time(lastDisconnectAt)));
  }

  private boolean releaseIf(
      String siteId,
      String agentId,
      String chatId,
      String condition,
      Map<String, AttributeValue> extraValues) {
    var values = new HashMap<String, AttributeValue>(extraValues);
    values.put(":chat", ss(Set.of(chatId)));
    values.put(":chatId", s(chatId));
    values.put(":minusOne", n(-1));
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(siteId, agentId))
                  .updateExpression("DELETE activeChats :chat ADD activeCount :minusOne")
                  .conditionExpression(condition)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException notHeld) {
      return false;
    }
  }

  private Optional<AgentState> conditionalUpdate(
      String siteId,
      String agentId,
      String expression,
      String condition,
      Map<String, AttributeValue> values) {
    try {
      var result =
          dynamo.updateItem(
              r ->
                  r.tableName(table)
                      .key(key(siteId, agentId))
                      .updateExpression(expression)
                      .conditionExpression(condition)
                      .expressionAttributeValues(values)
                      .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException superseded) {
      return Optional.empty();
    }
  }

  /** Stored compactly, since every write of the agent item pays for its size. */
  private static AttributeValue historyValue(List<StatusChange> history) {
    return AttributeValue.fromL(
        history.stream()
            .map(
                change ->
                    AttributeValue.fromM(
                        Map.of(
                            "s", s(change.status().wireName()),
                            "r", s(change.reason().wireName()),
                            "t", time(change.at()),
                            "v", n(change.version()))))
            .toList());
  }

  private static List<StatusChange> history(Map<String, AttributeValue> item) {
    AttributeValue value = item.get("history");
    if (value == null || !value.hasL()) {
      return List.of();
    }
    return value.l().stream()
        .map(AttributeValue::m)
        .map(
            entry ->
                new StatusChange(
                    EffectiveStatus.fromWire(Attr.string(entry, "s")).orElseThrow(),
                    TransitionReason.fromWire(Attr.string(entry, "r")).orElseThrow(),
                    Instant.ofEpochMilli(Attr.number(entry, "t", 0)),
                    Attr.number(entry, "v", 0)))
        .toList();
  }

  private static Map<String, AttributeValue> key(String siteId, String agentId) {
    return Map.of("siteId", s(siteId), "agentId", s(agentId));
  }

  static AgentState fromItem(Map<String, AttributeValue> item) {
    ChosenStatus status =
        ChosenStatus.fromWire(Attr.string(item, "chosenStatus"))
            .orElseThrow(() -> new IllegalStateException("stored agent has an unknown status"));
    return new AgentState(
        Attr.string(item, "siteId"),
        Attr.string(item, "agentId"),
        status,
        (int) Attr.number(item, "maxChats", 0),
        Attr.stringSet(item, "conns"),
        Attr.stringSet(item, "activeChats"),
        Attr.optionalTime(item, "lastDisconnectAt"),
        Instant.ofEpochMilli(Attr.number(item, "lastAssignedAt", 0)),
        Attr.number(item, "rev", 0),
        Attr.optionalString(item, "lastDisconnectReason").flatMap(TransitionReason::fromWire),
        history(item));
  }
}
