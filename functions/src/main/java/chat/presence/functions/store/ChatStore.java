package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.time;

import chat.presence.model.routing.AnnouncedPosition;
import chat.presence.model.routing.AssignmentDecision;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.ChatTransfer;
import chat.presence.model.routing.PendingKey;
import chat.presence.model.routing.QueuePositions;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.routing.VisitorAbsence;
import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The chats table. A chat's {@code pendingKey} keeps it in the site's sparse queue index for as
 * long as the router has work on it ({@link PendingKey}); {@code gen} is its routing generation.
 */
public final class ChatStore {
  /** How long a chat is kept for audits before TTL may clean it up. */
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final int MAX_KEYS_PER_BATCH_GET = 100;

  private static final String QUEUED = ChatState.QUEUED.storedName();
  private static final String OFFERED = ChatState.OFFERED.storedName();
  private static final String ASSIGNED = ChatState.ASSIGNED.storedName();
  private static final String ENDED = ChatState.ENDED.storedName();
  private static final PagedQuery.Filter NOT_ENDED =
      new PagedQuery.Filter("chatState <> :ended", Map.of(":ended", s(ENDED)));
  /** The condition that the chat is still assigned to the agent and generation it was read with. */
  private static final String ASSIGNED_AS_SEEN = "chatState = :assigned AND agentId = :agent AND gen = :gen";

  private final DynamoDbClient dynamo;
  private final String table;

  public ChatStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Stores a new queued chat; false if a chat with this id already exists on the site. */
  public boolean create(
      String siteId, String chatId, String visitorId, ChatRouting routing, Instant requestedAt) {
    var item = new HashMap<String, AttributeValue>();
    item.put("siteId", s(siteId));
    item.put("chatId", s(chatId));
    item.put("visitorId", s(visitorId));
    item.put("visitorKey", s(Identity.userKey(siteId, visitorId)));
    item.put("chatState", s(QUEUED));
    item.put("gen", n(1));
    item.put("requestedAt", time(requestedAt));
    item.put("waitingSince", time(requestedAt));
    item.put("pendingKey", s(PendingKey.forRequest(routing.priority(), requestedAt, chatId)));
    item.put("priority", n(routing.priority()));
    routing.group().ifPresent(group -> item.put("forGroup", s(group)));
    routing.preferredAgentId().ifPresent(agentId -> item.put("preferredAgentId", s(agentId)));
    item.put(Schema.TTL_ATTRIBUTE, n(requestedAt.plus(RETENTION).getEpochSecond()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(chatId)"));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    }
  }

  public Optional<Chat> get(String siteId, String chatId) {
    return item(siteId, chatId).map(ChatStore::fromItem);
  }

  /**
   * The stored chats of these ids, read consistently in as few calls as DynamoDB allows (100 keys
   * each); the ids of chats that do not exist are missing from the answer.
   */
  public Map<String, Chat> getAll(String siteId, Collection<String> chatIds) {
    Map<String, Chat> found = new HashMap<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(chatIds));
    for (int from = 0; from < ids.size(); from += MAX_KEYS_PER_BATCH_GET) {
      List<Map<String, AttributeValue>> keys =
          ids.subList(from, Math.min(ids.size(), from + MAX_KEYS_PER_BATCH_GET)).stream()
              .map(chatId -> key(siteId, chatId))
              .toList();
      Map<String, KeysAndAttributes> unread =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      // DynamoDB may leave keys unprocessed under load; each call reads at least one of them.
      while (!unread.isEmpty()) {
        Map<String, KeysAndAttributes> asked = unread;
        BatchGetItemResponse answer = dynamo.batchGetItem(r -> r.requestItems(asked));
        answer.responses().getOrDefault(table, List.of()).stream()
            .map(ChatStore::fromItem)
            .forEach(chat -> found.put(chat.chatId(), chat));
        unread = answer.unprocessedKeys();
      }
    }
    return found;
  }

  /** The chat's stored item, read consistently. */
  private Optional<Map<String, AttributeValue>> item(String siteId, String chatId) {
    var item =
        dynamo.getItem(r -> r.tableName(table).key(key(siteId, chatId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /**
   * The site's chats with router work due at {@code now}, in queue order. The index is eventually
   * consistent: a listed chat may have moved on, so it is read again before anything is done to it.
   */
  public List<Chat> pending(String siteId, Instant now) {
    return PagedQuery.items(
            dynamo,
            r -> r.tableName(table).indexName(Schema.CHATS_PENDING_INDEX),
            "siteId = :site AND pendingKey < :due",
            Map.of(":site", s(siteId), ":due", s(PendingKey.dueBefore(now))),
            Optional.empty())
        .map(ChatStore::fromItem)
        .toList();
  }

  /**
   * The places of the site's waiting chats ({@link QueuePositions}), from the index, with the
   * given fresher copies of some chats in place of the index's.
   */
  public Map<String, Integer> queuePositions(String siteId, Collection<Chat> fresher, Instant now) {
    Map<String, Chat> line = new HashMap<>();
    pending(siteId, now).forEach(chat -> line.put(chat.chatId(), chat));
    fresher.forEach(chat -> line.put(chat.chatId(), chat));
    return QueuePositions.of(line.values());
  }

  /**
   * Sites with router work waiting: a chat queued or unannounced since before {@code
   * requestedBefore}, or one whose settling time has come.
   */
  public Set<String> sitesWaitingSince(Instant requestedBefore, Instant now) {
    return dynamo
        .scanPaginator(
            r ->
                r.tableName(table)
                    .indexName(Schema.CHATS_PENDING_INDEX)
                    .filterExpression(
                        "(pendingKey < :settling AND requestedAt < :before)"
                            + " OR pendingKey BETWEEN :settling AND :due")
                    .projectionExpression("siteId")
                    .expressionAttributeValues(
                        Map.of(
                            ":before", time(requestedBefore),
                            ":settling", s(PendingKey.settlingFloor()),
                            ":due", s(PendingKey.dueBefore(now)))))
        .items()
        .stream()
        .map(item -> Attr.string(item, "siteId"))
        .collect(Collectors.toSet());
  }

  /** The visitor's chats, read again one by one: the index may lag behind a change. */
  public List<Chat> ofVisitor(String siteId, String visitorId) {
    return byVisitor(siteId, visitorId, Optional.empty())
        .map(item -> get(siteId, Attr.string(item, "chatId")))
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * The visitor's chats that had not ended when the index last saw them: to be marked, each by a
   * conditional write.
   */
  public List<Chat> openOfVisitor(String siteId, String visitorId) {
    return byVisitor(siteId, visitorId, Optional.of(NOT_ENDED)).map(ChatStore::fromItem).toList();
  }

  /** The items the by-visitor index lists for the visitor; with a filter, only those it keeps. */
  private Stream<Map<String, AttributeValue>> byVisitor(
      String siteId, String visitorId, Optional<PagedQuery.Filter> filter) {
    return PagedQuery.items(
        dynamo,
        r -> r.tableName(table).indexName(Schema.CHATS_BY_VISITOR_INDEX),
        "visitorKey = :visitor",
        Map.of(":visitor", s(Identity.userKey(siteId, visitorId))),
        filter);
  }

  /** Every chat of the site that has not ended. */
  public List<Chat> openOfSite(String siteId) {
    return PagedQuery.ofSite(dynamo, table, siteId, Optional.of(NOT_ENDED)).map(ChatStore::fromItem).toList();
  }

  public List<Chat> all() {
    return dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
        .map(ChatStore::fromItem)
        .toList();
  }

  /**
   * Records on the chat the grant that the agent's item already holds, if the chat is still queued
   * in the generation the grant was made for: as an assignment, or as an offer expiring at {@code
   * offerExpiresAt}. Empty otherwise (ended, revoked, or recorded by another attempt).
   */
  public Optional<Chat> recordAssignment(
      String siteId,
      String chatId,
      String agentId,
      long generation,
      Instant at,
      long agentVersion,
      Optional<Instant> offerExpiresAt,
      Optional<AssignmentDecision> decision) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":state", s(offerExpiresAt.isPresent() ? OFFERED : ASSIGNED));
    values.put(":queued", s(QUEUED));
    values.put(":agent", s(agentId));
    values.put(":gen", n(generation));
    values.put(":at", time(at));
    values.put(":version", n(agentVersion));
    values.put(":announce", s(PendingKey.forAnnouncement(at, chatId)));
    String expression =
        "SET chatState = :state, agentId = :agent, assignedAt = :at,"
            + " assignedAgentVersion = :version, pendingKey = :announce";
    String removed = " REMOVE transferredFrom";
    if (offerExpiresAt.isPresent()) {
      expression += ", offerExpiresAt = :expires";
      values.put(":expires", time(offerExpiresAt.get()));
    }
    if (decision.isPresent()) {
      expression += ", why = :why";
      values.put(":why", decisionValue(decision.get()));
    }
    return update(siteId, chatId, expression + removed, "chatState = :queued AND gen = :gen", values);
  }

  /**
   * Starts a transfer of the assigned chat as read ({@code seen}) to {@code toAgentId}: the target
   * may then be granted the chat's next generation, and the chat stays in the pending index until
   * {@code until}, so that the router finds and releases that grant if the attempt never completes.
   * Empty if the chat moved on since it was read, another transfer of it is under way, or its
   * assignment is not yet announced.
   */
  public Optional<Chat> markTransfer(Chat seen, String toAgentId, Instant until) {
    var values = assignedAs(seen);
    values.put(":to", s(toAgentId));
    values.put(":next", n(seen.generation() + 1));
    values.put(":until", time(until));
    values.put(":settle", s(PendingKey.forSettling(until, seen.chatId())));
    values.put(":settling", s(PendingKey.settlingFloor()));
    return update(
        seen.siteId(),
        seen.chatId(),
        "SET transferTo = :to, transferGen = :next, transferUntil = :until, pendingKey = :settle",
        ASSIGNED_AS_SEEN
            + " AND attribute_not_exists(transferTo)"
            + " AND (attribute_not_exists(pendingKey) OR begins_with(pendingKey, :settling))",
        values);
  }

  /**
   * Clears the transfer attempt to {@code toAgentId} for {@code generation}: once its target was
   * refused, or once the target's holding the attempt made is released. Empty if it is not the
   * chat's attempt (completed or already cleared).
   */
  public Optional<Chat> clearTransfer(String siteId, String chatId, String toAgentId, long generation) {
    return update(
        siteId,
        chatId,
        "REMOVE transferTo, transferGen, transferUntil",
        "transferTo = :to AND transferGen = :gen",
        Map.of(":to", s(toAgentId), ":gen", n(generation)));
  }

  /**
   * Completes the transfer attempt of the chat as marked ({@code marked}), whose target now holds it
   * for the next generation (at the agent's {@code agentVersion}): the chat names the target, waits
   * to be announced, and forgets the visitor's preferred agent. Empty if the attempt can no longer
   * complete (expired, or the chat moved on).
   */
  public Optional<Chat> completeTransfer(Chat marked, long agentVersion, Instant now) {
    ChatTransfer.Attempt attempt = marked.transfer().attempt().orElseThrow();
    var values = assignedAs(marked);
    values.put(":to", s(attempt.toAgentId()));
    values.put(":next", n(attempt.generation()));
    values.put(":now", time(now));
    values.put(":version", n(agentVersion));
    values.put(":announce", s(PendingKey.forAnnouncement(now, marked.chatId())));
    values.put(":why", decisionValue(AssignmentDecision.transferredTo(attempt.toAgentId(), marked)));
    return update(
        marked.siteId(),
        marked.chatId(),
        "SET agentId = :to, gen = :next, transferredFrom = :agent, assignedAt = :now,"
            + " assignedAgentVersion = :version, pendingKey = :announce, why = :why"
            + " REMOVE transferTo, transferGen, transferUntil, preferredAgentId, visitorNoticedAt",
        ASSIGNED_AS_SEEN + " AND transferTo = :to AND transferGen = :next AND transferUntil > :now",
        values);
  }

  /**
   * Puts the assigned chat as read ({@code seen}) back at the front of the queue, for agents of
   * {@code group}, in a new generation; its agent's holding is then released. Its wait (and so its
   * overflow) starts again {@code now}. Empty if the chat moved on or a transfer of it is under way.
   */
  public Optional<Chat> transferToGroup(Chat seen, String group, Instant now) {
    var values = assignedAs(seen);
    values.put(":queued", s(QUEUED));
    values.put(":group", s(group));
    values.put(":now", time(now));
    values.put(":next", n(seen.generation() + 1));
    values.put(
        ":front", s(PendingKey.forRequeue(seen.routing().priority(), seen.requestedAt(), seen.chatId())));
    return update(
        seen.siteId(),
        seen.chatId(),
        "SET chatState = :queued, gen = :next, forGroup = :group, waitingSince = :now, pendingKey = :front"
            + " REMOVE agentId, assignedAt, assignedAgentVersion, queuePosition, queuePositionAt, why,"
            + " preferredAgentId, transferredFrom",
        ASSIGNED_AS_SEEN + " AND attribute_not_exists(transferTo)",
        values);
  }

  private static HashMap<String, AttributeValue> assignedAs(Chat seen) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":assigned", s(ASSIGNED));
    values.put(":agent", s(seen.agentId().orElseThrow()));
    values.put(":gen", n(seen.generation()));
    return values;
  }

  /** The chat with why it went to its agent, if it did and that was recorded. */
  public Optional<Explained> explain(String siteId, String chatId) {
    return item(siteId, chatId)
        .map(item -> new Explained(fromItem(item), Optional.ofNullable(item.get("why")).map(ChatStore::decision)));
  }

  /** A chat and the decision recorded with its assignment. */
  public record Explained(Chat chat, Optional<AssignmentDecision> decision) {}

  /** Stored compactly, as an agent's timeline is. */
  private static AttributeValue decisionValue(AssignmentDecision decision) {
    Map<String, AttributeValue> value = new HashMap<>();
    value.put("a", s(decision.agentId()));
    value.put("r", s(decision.rule().wireName()));
    value.put("o", AttributeValue.fromBool(decision.overflowed()));
    decision.group().ifPresent(group -> value.put("g", s(group)));
    value.put(
        "c",
        AttributeValue.fromL(
            decision.candidates().stream()
                .map(
                    candidate ->
                        AttributeValue.fromM(
                            Map.of(
                                "a", s(candidate.agentId()),
                                "n", n(candidate.activeChats()),
                                "t", time(candidate.lastAssignedAt()))))
                .toList()));
    return AttributeValue.fromM(value);
  }

  private static AssignmentDecision decision(AttributeValue stored) {
    Map<String, AttributeValue> value = stored.m();
    return new AssignmentDecision(
        Attr.string(value, "a"),
        AssignmentDecision.Rule.fromWire(Attr.string(value, "r"))
            .orElseThrow(() -> new IllegalStateException("stored decision has an unknown rule")),
        value.get("c").l().stream()
            .map(AttributeValue::m)
            .map(
                candidate ->
                    new AssignmentDecision.Candidate(
                        Attr.string(candidate, "a"),
                        (int) Attr.number(candidate, "n", 0),
                        Instant.ofEpochMilli(Attr.number(candidate, "t", 0))))
            .toList(),
        Attr.optionalString(value, "g"),
        Boolean.TRUE.equals(value.get("o").bool()));
  }

  /**
   * The agent accepts the chat offered to it, if the offer is still its own and unexpired at {@code
   * now}: the chat is assigned, to be announced to both sides. Empty otherwise.
   */
  public Optional<Chat> accept(Chat offered, String agentId, Instant now) {
    return update(
        offered.siteId(),
        offered.chatId(),
        "SET chatState = :assigned, assignedAt = :now, pendingKey = :announce REMOVE offerExpiresAt",
        "chatState = :offered AND agentId = :agent AND gen = :gen AND offerExpiresAt > :now",
        Map.of(
            ":assigned", s(ASSIGNED),
            ":offered", s(OFFERED),
            ":agent", s(agentId),
            ":gen", n(offered.generation()),
            ":now", time(now),
            ":announce", s(PendingKey.forAnnouncement(now, offered.chatId()))));
  }

  /**
   * An offer comes back unaccepted (declined, or expired): the chat goes to the front of the queue
   * in a new generation, never to be offered to this agent again. Empty if it was no longer this
   * agent's offer in that generation.
   */
  public Optional<Chat> returnOffer(Chat offered, String agentId) {
    return update(
        offered.siteId(),
        offered.chatId(),
        "SET chatState = :queued, pendingKey = :front, gen = gen + :one ADD declined :agentSet"
            + " REMOVE agentId, assignedAt, assignedAgentVersion, offerExpiresAt, why",
        "chatState = :offered AND agentId = :agent AND gen = :gen",
        Map.of(
            ":queued", s(QUEUED),
            ":offered", s(OFFERED),
            ":agent", s(agentId),
            ":agentSet", Attr.ss(Set.of(agentId)),
            ":gen", n(offered.generation()),
            ":one", n(1),
            ":front", s(PendingKey.forRequeue(offered.routing().priority(), offered.requestedAt(), offered.chatId()))));
  }

  /**
   * The assignment or offer as read ({@code announced}) has been announced: an assignment settles
   * at {@code settleAt}, an offer waits for its answer or its expiry. Empty if the chat moved on
   * meanwhile.
   */
  public Optional<Chat> recordAnnounced(Chat announced, Instant settleAt) {
    String next =
        announced.state() == ChatState.OFFERED
            ? PendingKey.forOffer(announced.offerExpiresAt().orElseThrow(), announced.chatId())
            : PendingKey.forSettling(settleAt, announced.chatId());
    return update(
        announced.siteId(),
        announced.chatId(),
        "SET pendingKey = :next",
        "pendingKey = :announce",
        Map.of(":announce", s(announced.pendingKey().orElseThrow()), ":next", s(next)));
  }

  /**
   * Puts a chat assigned or offered to an agent who went offline back at the front of the site's
   * queue, in a new generation; the agent's holding of the old one is then released. Its wait starts
   * again {@code at}, and its visitor is told its new place.
   */
  public Optional<Chat> requeue(Chat chat, String fromAgentId, long generation, Instant at) {
    return update(
        chat.siteId(),
        chat.chatId(),
        "SET chatState = :queued, pendingKey = :front, gen = gen + :one, waitingSince = :at"
            + " REMOVE agentId, assignedAt, assignedAgentVersion, offerExpiresAt, queuePosition, queuePositionAt, why",
        "(chatState = :assigned OR chatState = :offered) AND agentId = :agent AND gen = :gen",
        Map.of(
            ":queued", s(QUEUED),
            ":assigned", s(ASSIGNED),
            ":offered", s(OFFERED),
            ":agent", s(fromAgentId),
            ":gen", n(generation),
            ":one", n(1),
            ":at", time(at),
            ":front", s(PendingKey.forRequeue(chat.routing().priority(), chat.requestedAt(), chat.chatId()))));
  }

  /**
   * Moves a queued chat to its next generation, so that a grant for {@code generation} that no live
   * attempt will record can never be recorded. Empty if the chat is no longer queued in it.
   */
  public Optional<Chat> revoke(String siteId, String chatId, long generation) {
    return update(
        siteId,
        chatId,
        "SET gen = gen + :one",
        "chatState = :queued AND gen = :gen",
        Map.of(":queued", s(QUEUED), ":gen", n(generation), ":one", n(1)));
  }

  /** The router is done with the chat: it leaves the pending index. */
  public Optional<Chat> settle(String siteId, String chatId, String pendingKey) {
    return update(
        siteId, chatId, "REMOVE pendingKey", "pendingKey = :key", Map.of(":key", s(pendingKey)));
  }

  /**
   * Records that the visitor of the waiting chat as read ({@code seen}) is told its place {@code
   * position} {@code at}: true for the one caller that gets to tell it, as long as no other told it
   * a place since {@code seen} was read.
   */
  public boolean claimPositionAnnouncement(Chat seen, int position, Instant at) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":queued", s(QUEUED));
    values.put(":offered", s(OFFERED));
    values.put(":position", n(position));
    values.put(":at", time(at));
    String condition = "(chatState = :queued OR chatState = :offered) AND ";
    if (seen.announcedPosition().isPresent()) {
      condition += "queuePositionAt = :last";
      values.put(":last", time(seen.announcedPosition().get().at()));
    } else {
      condition += "attribute_not_exists(queuePositionAt)";
    }
    return update(
            seen.siteId(),
            seen.chatId(),
            "SET queuePosition = :position, queuePositionAt = :at",
            condition,
            values)
        .isPresent();
  }

  /**
   * Ends a chat that the router found as read ({@code seen}) and that has not moved on since: it
   * waited too long ({@code timeout}), or its visitor is still recorded away ({@code
   * visitor_left}, with {@code visitorStillAway}).
   */
  public Optional<Chat> endUnchanged(Chat seen, String by, Instant at, boolean visitorStillAway) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":state", s(seen.state().storedName()));
    values.put(":gen", n(seen.generation()));
    values.put(":ended", s(ENDED));
    values.put(":by", s(by));
    values.put(":at", time(at));
    values.put(":settle", s(PendingKey.forSettling(at.plus(RoutingRules.ATTEMPT_LIFETIME), seen.chatId())));
    String condition = "chatState = :state AND gen = :gen";
    if (visitorStillAway) {
      condition += " AND " + stillAway(seen, values);
    }
    return update(
        seen.siteId(),
        seen.chatId(),
        "SET chatState = :ended, endedBy = :by, endedAt = :at, pendingKey = :settle",
        condition,
        values);
  }

  /**
   * A connection of the chat's visitor closed {@code at}: the chat records it, if it is this
   * visitor's, has not ended and knows of no later departure.
   */
  public Optional<Chat> markVisitorLeft(String siteId, String chatId, String visitorId, Instant at) {
    return update(
        siteId,
        chatId,
        "SET visitorLeftAt = :at",
        "visitorId = :visitor AND chatState <> :ended"
            + " AND (attribute_not_exists(visitorLeftAt) OR visitorLeftAt < :at)",
        Map.of(":at", time(at), ":ended", s(ENDED), ":visitor", s(visitorId)));
  }

  /**
   * A connection of the chat's visitor was live {@code at}: the chat records the visitor back, if it
   * has not ended and knows of no later return.
   *
   * @return the chat as it was before this write; empty if nothing was written
   */
  public Optional<Chat> markVisitorBack(String siteId, String chatId, Instant at) {
    return update(
        siteId,
        chatId,
        "SET visitorBackAt = :at",
        "attribute_exists(chatId) AND chatState <> :ended"
            + " AND (attribute_not_exists(visitorBackAt) OR visitorBackAt < :at)",
        Map.of(":at", time(at), ":ended", s(ENDED)),
        ReturnValue.ALL_OLD);
  }

  /**
   * The agent of the assigned chat as read ({@code seen}) has been told, at {@code now}, that its
   * visitor left; empty if the chat moved on or the visitor is no longer recorded away.
   */
  public Optional<Chat> recordVisitorLeftNotice(Chat seen, Instant now) {
    var values = new HashMap<String, AttributeValue>();
    values.put(":assigned", s(ASSIGNED));
    values.put(":gen", n(seen.generation()));
    values.put(":at", time(seen.visitor().noticeTime(now)));
    return update(
        seen.siteId(),
        seen.chatId(),
        "SET visitorNoticedAt = :at",
        "chatState = :assigned AND gen = :gen AND " + stillAway(seen, values),
        values);
  }

  /** The condition that the visitor is still recorded away since the departure {@code seen} has. */
  private static String stillAway(Chat seen, Map<String, AttributeValue> values) {
    values.put(":left", time(seen.visitor().leftAt().orElseThrow()));
    return "visitorLeftAt = :left AND (attribute_not_exists(visitorBackAt) OR visitorBackAt <= :left)";
  }

  /**
   * Ends a chat. It stays in the pending index until no attempt that saw it queued can still be
   * running, so that the settling pass releases any grant such an attempt made. Empty if it had
   * already ended, in which case nothing changed.
   */
  public Optional<Chat> end(String siteId, String chatId, String by, Instant at) {
    return update(
        siteId,
        chatId,
        "SET chatState = :ended, endedBy = :by, endedAt = :at, pendingKey = :settle",
        "attribute_exists(chatId) AND chatState <> :ended",
        Map.of(
            ":ended", s(ENDED),
            ":by", s(by),
            ":at", time(at),
            ":settle", s(PendingKey.forSettling(at.plus(RoutingRules.ATTEMPT_LIFETIME), chatId))));
  }

  /** A conditional update of the chat: the chat as written, or empty if the condition did not hold. */
  private Optional<Chat> update(
      String siteId, String chatId, String expression, String condition, Map<String, AttributeValue> values) {
    return update(siteId, chatId, expression, condition, values, ReturnValue.ALL_NEW);
  }

  /**
   * A conditional update of the chat: the chat as {@code returned} names it, as written ({@code
   * ALL_NEW}) or as it was before ({@code ALL_OLD}); empty if the condition did not hold.
   */
  private Optional<Chat> update(
      String siteId,
      String chatId,
      String expression,
      String condition,
      Map<String, AttributeValue> values,
      ReturnValue returned) {
    try {
      var result =
          dynamo.updateItem(
              r ->
                  r.tableName(table)
                      .key(key(siteId, chatId))
                      .updateExpression(expression)
                      .conditionExpression(condition)
                      .expressionAttributeValues(new HashMap<>(values))
                      .returnValues(returned));
      return Optional.of(fromItem(result.attributes()));
    } catch (ConditionalCheckFailedException conditionNotMet) {
      return Optional.empty();
    }
  }

  private static Map<String, AttributeValue> key(String siteId, String chatId) {
    return Map.of("siteId", s(siteId), "chatId", s(chatId));
  }

  static Chat fromItem(Map<String, AttributeValue> item) {
    ChatState state =
        ChatState.fromStored(Attr.string(item, "chatState"))
            .orElseThrow(() -> new IllegalStateException("stored chat has an unknown state"));
    Instant requestedAt = Instant.ofEpochMilli(Attr.number(item, "requestedAt", 0));
    return new Chat(
        Attr.string(item, "siteId"),
        Attr.string(item, "chatId"),
        Attr.string(item, "visitorId"),
        state,
        Attr.optionalString(item, "agentId"),
        Attr.number(item, "gen", 1),
        requestedAt,
        Attr.optionalString(item, "pendingKey"),
        Attr.optionalTime(item, "assignedAt"),
        Optional.ofNullable(item.get("assignedAgentVersion")).map(v -> Long.parseLong(v.n())),
        Attr.optionalString(item, "endedBy"),
        Attr.optionalTime(item, "endedAt"),
        Attr.optionalTime(item, "offerExpiresAt"),
        Attr.stringSet(item, "declined"),
        Attr.optionalTime(item, "waitingSince").orElse(requestedAt),
        Attr.optionalTime(item, "queuePositionAt")
            .map(at -> new AnnouncedPosition((int) Attr.number(item, "queuePosition", 0), at)),
        new VisitorAbsence(
            Attr.optionalTime(item, "visitorLeftAt"),
            Attr.optionalTime(item, "visitorBackAt"),
            Attr.optionalTime(item, "visitorNoticedAt")),
        new ChatRouting(
            Attr.optionalString(item, "forGroup"),
            (int) Attr.number(item, "priority", 0),
            Attr.optionalString(item, "preferredAgentId")),
        new ChatTransfer(
            Attr.optionalString(item, "transferTo")
                .map(
                    to ->
                        new ChatTransfer.Attempt(
                            to,
                            Attr.number(item, "transferGen", 0),
                            Attr.optionalTime(item, "transferUntil").orElse(Instant.EPOCH))),
            Attr.optionalString(item, "transferredFrom")));
  }
}
