package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.ss;
import static chat.presence.functions.store.Attr.time;

import chat.presence.functions.presence.PresenceFeed;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.StoredTimeline;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.wire.Identity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The agents table. Every write that routing depends on is a single conditional update of the
 * agent's item, so the check and the change are one atomic step.
 *
 * <p>{@code holds} maps each chat the agent holds to the chat's generation the grant was made for;
 * its size is the agent's load, so capacity needs no separate counter that could drift from it.
 *
 * <p>Every write that changes what a presence view of the agent shows also adds one to {@code pv},
 * the presence version, in the same write, and once it succeeded hands the agent as written to the
 * {@link PresenceFeed}: the version and the view it numbers come from one atomic write.
 */
public final class AgentStore {
  /**
   * The grant condition: chosen available, at least one connection, below capacity, not
   * unresponsive, and not already holding this chat (so a redelivered event never takes capacity
   * twice).
   */
  static final String GRANTABLE =
      "chosenStatus = :available AND attribute_exists(conns) AND size(holds) < maxChats"
          + " AND attribute_not_exists(unresponsiveSince) AND attribute_not_exists(holds.#chat)";

  /** Added to the grant condition while a chat may only go to agents of its group. */
  static final String IN_GROUP = "contains(inGroups, :group)";

  private static final int DISCONNECT_ATTEMPTS = 3;

  private final DynamoDbClient dynamo;
  private final String table;
  private final PresenceFeed feed;

  /** @param feed told of every view-changing write; {@link PresenceFeed#NONE} for a reader */
  public AgentStore(DynamoDbClient dynamo, String table, PresenceFeed feed) {
    this.dynamo = dynamo;
    this.table = table;
    this.feed = feed;
  }

  /**
   * Adds a connection of an agent whose effective status it does not change: the agent is online
   * (connected, or within the grace period since {@code graceFloor}) and already chose {@code
   * chosen}. No version check, so any number of simultaneous connects all succeed. Empty if the
   * agent is new, offline or chose otherwise: then {@link #connect} records the change. An item
   * written before agents held chats by generation gets its empty {@code holds} here too, since a
   * grant needs the map to exist.
   */
  public Optional<AgentState> attachWhileOnline(
      Identity agent, String connectionId, ChosenStatus chosen, Instant graceFloor) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":max", n(agent.maxChats()));
    values.put(":none", AttributeValue.fromM(Map.of()));
    values.put(":conn", ss(Set.of(connectionId)));
    values.put(":one", n(1));
    values.put(":status", s(chosen.wireName()));
    values.put(":floor", time(graceFloor));
    return published(
        conditionalUpdate(
            agent.siteId(),
            agent.userId(),
            "SET maxChats = :max, holds = if_not_exists(holds, :none)"
                + groupsClause(agent, values)
                + " ADD conns :conn, rev :one, pv :one",
            "chosenStatus = :status AND (attribute_exists(conns) OR lastDisconnectAt >= :floor)",
            values,
            Map.of()));
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
    values.put(":none", AttributeValue.fromM(Map.of()));
    values.put(":next", n(expectedVersion + 1));
    values.put(":history", historyValue(history));
    values.put(":one", n(1));
    String condition = "attribute_not_exists(agentId)";
    if (expectedVersion > 0) {
      condition = "rev = :expected";
      values.put(":expected", n(expectedVersion));
    }
    return published(
        conditionalUpdate(
            agent.siteId(),
            agent.userId(),
            "SET maxChats = :max, chosenStatus = :status, rev = :next, history = :history"
                + ", holds = if_not_exists(holds, :none)"
                + ", lastAssignedAt = if_not_exists(lastAssignedAt, :zero)"
                + groupsClause(agent, values)
                + " ADD conns :conn, pv :one",
            condition,
            values,
            Map.of()));
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
    return published(
        conditionalUpdate(
            siteId,
            agentId,
            "SET chosenStatus = :status, rev = :next, history = :history REMOVE unresponsiveSince"
                + " ADD pv :one",
            "rev = :expected",
            Map.of(
                ":status", s(status.wireName()),
                ":next", n(expectedVersion + 1),
                ":expected", n(expectedVersion),
                ":history", historyValue(history),
                ":one", n(1)),
            Map.of()));
  }

  /**
   * An offer to the agent expired unanswered: its holding of the chat (for {@code generation}) is
   * freed and it becomes unresponsive, with its new timeline, in one write; if the agent is still at
   * {@code expectedVersion} and still holds it. Empty otherwise: nothing changed.
   */
  public Optional<AgentState> releaseUnanswered(
      String siteId,
      String agentId,
      String chatId,
      long generation,
      long expectedVersion,
      List<StatusChange> history,
      Instant at) {
    return published(
        conditionalUpdate(
            siteId,
            agentId,
            "REMOVE holds.#chat SET unresponsiveSince = :at, history = :history, rev = :next ADD pv :one",
            "holds.#chat = :gen AND rev = :expected",
            Map.of(
                ":gen", n(generation),
                ":at", time(at),
                ":history", historyValue(history),
                ":next", n(expectedVersion + 1),
                ":expected", n(expectedVersion),
                ":one", n(1)),
            Map.of("#chat", chatId)));
  }

  /**
   * The unresponsive agent accepted an offer: it is offered chats again, with its new timeline, if
   * it is still at {@code expectedVersion}. Empty otherwise.
   */
  public Optional<AgentState> respond(
      String siteId, String agentId, long expectedVersion, List<StatusChange> history) {
    return published(
        conditionalUpdate(
            siteId,
            agentId,
            "SET history = :history, rev = :next REMOVE unresponsiveSince ADD pv :one",
            "rev = :expected",
            Map.of(
                ":history", historyValue(history),
                ":next", n(expectedVersion + 1),
                ":expected", n(expectedVersion),
                ":one", n(1)),
            Map.of()));
  }

  /**
   * Replaces the timeline of an agent still at {@code expectedVersion}, with an entry that changes
   * nothing a presence view shows. False if superseded.
   */
  public boolean recordTimeline(
      String siteId, String agentId, long expectedVersion, List<StatusChange> history) {
    return conditionalUpdate(
            siteId,
            agentId,
            "SET history = :history",
            "rev = :expected",
            Map.of(":expected", n(expectedVersion), ":history", historyValue(history)),
            Map.of())
        .isPresent();
  }

  /**
   * Replaces the timeline with one that ends in the agent's offline entry, if the agent is still at
   * {@code expectedVersion} and, when {@code stillDisconnectedSince} is given, still without a
   * connection since then. Offline is derived from time and written by nobody, so this entry is
   * the write that tells subscribers. False if superseded.
   */
  public boolean recordOffline(
      String siteId,
      String agentId,
      long expectedVersion,
      Optional<Instant> stillDisconnectedSince,
      List<StatusChange> history) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":expected", n(expectedVersion));
    values.put(":history", historyValue(history));
    values.put(":one", n(1));
    String condition = "rev = :expected";
    if (stillDisconnectedSince.isPresent()) {
      condition += " AND attribute_not_exists(conns) AND lastDisconnectAt = :since";
      values.put(":since", time(stillDisconnectedSince.get()));
    }
    return published(
            conditionalUpdate(
                siteId, agentId, "SET history = :history ADD pv :one", condition, values, Map.of()))
        .isPresent();
  }

  /**
   * Forgets one connection of the agent. {@code lastDisconnectAt} only moves forward: a connection
   * found dead late (a silent tab, dated when it fell silent) never moves it back over a later close,
   * which would end the grace period early. Empty when the agent did not hold the connection
   * (already removed, or a late event for a superseded connection): nothing was written.
   */
  public Optional<AgentState> removeConnection(
      String siteId, String agentId, String connectionId, Instant goneAt, TransitionReason reason) {
    for (int attempt = 0; attempt < DISCONNECT_ATTEMPTS; attempt++) {
      Optional<AgentState> moved =
          published(
              conditionalUpdate(
                  siteId,
                  agentId,
                  "DELETE conns :conn SET lastDisconnectAt = :at, lastDisconnectReason = :reason"
                      + " ADD pv :one",
                  "contains(conns, :connId)"
                      + " AND (attribute_not_exists(lastDisconnectAt) OR lastDisconnectAt <= :at)",
                  Map.of(
                      ":conn", ss(Set.of(connectionId)),
                      ":connId", s(connectionId),
                      ":at", time(goneAt),
                      ":reason", s(reason.wireName()),
                      ":one", n(1)),
                  Map.of()));
      if (moved.isPresent()) {
        return moved;
      }
      Optional<AgentState> kept =
          published(
              conditionalUpdate(
                  siteId,
                  agentId,
                  "DELETE conns :conn ADD pv :one",
                  "contains(conns, :connId) AND lastDisconnectAt > :at",
                  Map.of(
                      ":conn", ss(Set.of(connectionId)),
                      ":connId", s(connectionId),
                      ":at", time(goneAt),
                      ":one", n(1)),
                  Map.of()));
      if (kept.isPresent()) {
        return kept;
      }
      if (get(siteId, agentId).filter(a -> a.connections().contains(connectionId)).isEmpty()) {
        return Optional.empty();
      }
    }
    throw new IllegalStateException(
        "connection " + connectionId + " of " + siteId + "/" + agentId + " kept changing");
  }

  public Optional<AgentState> get(String siteId, String agentId) {
    var item =
        dynamo.getItem(r -> r.tableName(table).key(key(siteId, agentId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  public List<AgentState> ofSite(String siteId) {
    return PagedQuery.ofSite(dynamo, table, siteId, Optional.empty()).map(AgentStore::fromItem).toList();
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
   * The assignment itself: the agent takes the chat, granted for the chat's {@code generation}, if
   * at this instant its chosen status is available, it has a connection and is below capacity, and
   * it is of {@code group} when the chat may only go to that group. Empty if any of that does not
   * hold. The version returned is the agent's at the moment of the
   * write, which places the assignment exactly among the agent's status changes.
   */
  public Optional<AgentState> grant(
      String siteId, String agentId, String chatId, long generation, Optional<String> group, Instant now) {
    return published(grantUnpublished(siteId, agentId, chatId, generation, group, now));
  }

  /**
   * {@link #grant} without telling the feed, for a caller that {@link #publish publishes} the view
   * off its own path (its {@code version} orders it among the agent's other views).
   */
  public Optional<AgentState> grantUnpublished(
      String siteId, String agentId, String chatId, long generation, Optional<String> group, Instant now) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":gen", n(generation));
    values.put(":now", time(now));
    values.put(":available", s(ChosenStatus.AVAILABLE.wireName()));
    values.put(":one", n(1));
    group.ifPresent(g -> values.put(":group", s(g)));
    return conditionalUpdate(
        siteId,
        agentId,
        "SET holds.#chat = :gen, lastAssignedAt = :now ADD pv :one",
        group.isPresent() ? GRANTABLE + " AND " + IN_GROUP : GRANTABLE,
        values,
        Map.of("#chat", chatId));
  }

  /** Tells the feed of a view-changing write that succeeded unpublished. */
  public void publish(AgentState written) {
    feed.changed(written);
  }

  /**
   * Frees the agent's holding of a chat if it is the one granted for {@code generation}. Empty if it
   * was not (already released, or another generation's), in which case nothing changed.
   */
  public Optional<AgentState> release(String siteId, String agentId, String chatId, long generation) {
    return published(
        conditionalUpdate(
            siteId,
            agentId,
            "REMOVE holds.#chat ADD pv :one",
            "holds.#chat = :gen",
            Map.of(":gen", n(generation), ":one", n(1)),
            Map.of("#chat", chatId)));
  }

  /** Tells the feed of a view-changing write that succeeded, after it is durable. */
  private Optional<AgentState> published(Optional<AgentState> written) {
    written.ifPresent(feed::changed);
    return written;
  }

  private Optional<AgentState> conditionalUpdate(
      String siteId,
      String agentId,
      String expression,
      String condition,
      Map<String, AttributeValue> values,
      Map<String, String> names) {
    try {
      var result =
          dynamo.updateItem(
              r -> {
                r.tableName(table)
                    .key(key(siteId, agentId))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW);
                if (!names.isEmpty()) {
                  r.expressionAttributeNames(names);
                }
              });
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException superseded) {
      return Optional.empty();
    }
  }

  /** Stored compactly ({@link StoredTimeline}), since every write of the agent item pays for its size. */
  private static AttributeValue historyValue(List<StatusChange> history) {
    return AttributeValue.fromL(StoredTimeline.encode(history).stream().map(AttributeValue::fromS).toList());
  }

  private static List<StatusChange> history(Map<String, AttributeValue> item) {
    AttributeValue value = item.get("history");
    if (value == null || !value.hasL()) {
      return List.of();
    }
    // An entry stored as a map, before entries were strings, is left out: the timeline restarts.
    return StoredTimeline.decode(value.l().stream().map(AttributeValue::s).filter(Objects::nonNull).toList());
  }

  private static Map<String, Long> holdings(Map<String, AttributeValue> item) {
    AttributeValue value = item.get("holds");
    Map<String, Long> holdings = new TreeMap<>();
    if (value != null && value.hasM()) {
      value.m().forEach((chatId, generation) -> holdings.put(chatId, Long.parseLong(generation.n())));
    }
    return holdings;
  }

  /**
   * The agent's groups as the connecting token names them (the latest connection's token decides):
   * a string set cannot be empty, so an agent of no group has none.
   */
  private static String groupsClause(Identity agent, Map<String, AttributeValue> values) {
    if (agent.groups().isEmpty()) {
      return " REMOVE inGroups";
    }
    values.put(":groups", ss(agent.groups()));
    return ", inGroups = :groups";
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
        holdings(item),
        Attr.optionalTime(item, "lastDisconnectAt"),
        Instant.ofEpochMilli(Attr.number(item, "lastAssignedAt", 0)),
        Attr.number(item, "rev", 0),
        Attr.optionalString(item, "lastDisconnectReason").flatMap(TransitionReason::fromWire),
        history(item),
        Attr.optionalTime(item, "unresponsiveSince"),
        Attr.stringSet(item, "inGroups"),
        Attr.number(item, "pv", 0));
  }
}
