package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.ss;
import static chat.presence.functions.store.Attr.time;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
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
   * Records a new connection. The chosen status is the one the agent asked for on connect, else the
   * one it last chose, else available for an agent never seen before.
   */
  public AgentState connect(
      Identity agent, String connectionId, Optional<ChosenStatus> requested, Instant now) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":max", n(agent.maxChats()));
    values.put(":conn", ss(Set.of(connectionId)));
    values.put(":zero", n(0));
    values.put(":one", n(1));
    String status;
    if (requested.isPresent()) {
      status = ":status";
      values.put(":status", s(requested.get().wireName()));
    } else {
      status = "if_not_exists(chosenStatus, :available)";
      values.put(":available", s(ChosenStatus.AVAILABLE.wireName()));
    }
    var result =
        dynamo.updateItem(
            r ->
                r.tableName(table)
                    .key(key(agent.siteId(), agent.userId()))
                    .updateExpression(
                        "SET maxChats = :max, chosenStatus = "
                            + status
                            + ", activeCount = if_not_exists(activeCount, :zero)"
                            + ", lastAssignedAt = if_not_exists(lastAssignedAt, :zero)"
                            + ", rev = if_not_exists(rev, :zero) + :one"
                            + " ADD conns :conn")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
    return fromItem(result.attributes());
  }

  /** Stores the status the agent chose. Empty if the agent has never connected. */
  public Optional<AgentState> setStatus(String siteId, String agentId, ChosenStatus status, Instant now) {
    try {
      var result =
          dynamo.updateItem(
              r ->
                  r.tableName(table)
                      .key(key(siteId, agentId))
                      .updateExpression(
                          "SET chosenStatus = :status, statusChangedAt = :now, rev = rev + :one")
                      .conditionExpression("attribute_exists(agentId)")
                      .expressionAttributeValues(
                          Map.of(":status", s(status.wireName()), ":now", time(now), ":one", n(1)))
                      .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException neverConnected) {
      return Optional.empty();
    }
  }

  /**
   * Forgets one connection of the agent. Empty when the agent did not hold it (already removed, or
   * a late event for a superseded connection), in which case nothing was written.
   */
  public Optional<AgentState> removeConnection(
      String siteId, String agentId, String connectionId, Instant goneAt) {
    try {
      var result =
          dynamo.updateItem(
              r ->
                  r.tableName(table)
                      .key(key(siteId, agentId))
                      .updateExpression("DELETE conns :conn SET lastDisconnectAt = :at")
                      .conditionExpression("contains(conns, :connId)")
                      .expressionAttributeValues(
                          Map.of(
                              ":conn", ss(Set.of(connectionId)),
                              ":connId", s(connectionId),
                              ":at", time(goneAt)))
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

  /** Agents without a connection who still hold chats: candidates for an offline declaration. */
  public List<AgentState> disconnectedHoldingChats() {
    return dynamo
        .scanPaginator(
            r ->
                r.tableName(table)
                    .consistentRead(true)
                    .filterExpression("attribute_not_exists(conns) AND attribute_exists(activeChats)"))
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
        Attr.number(item, "rev", 0));
  }
}
