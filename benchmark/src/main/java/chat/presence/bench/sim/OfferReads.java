package chat.presence.bench.sim;

import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.StoredTimeline;
import chat.presence.model.routing.ChatState;
import chat.presence.model.schema.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reads that make an offer checkable, straight from the tables by the data model's attribute
 * names (as the checks read the chats), through a client whose calls the capacity figures do not
 * count. A withdrawn offer leaves no trace on its chat, so the chat is read as the offer arrives;
 * the agent's timeline is read after a withdrawal and after an accept, when it may hold the
 * {@code offer_timeout} entry that made the agent unresponsive or the entry that cleared it.
 */
final class OfferReads {
  private static final String OFFERED = ChatState.OFFERED.storedName();
  private static final String ENDED = ChatState.ENDED.storedName();

  private final DynamoDbClient dynamo;

  OfferReads(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  /** Reads the offer's chat, before the agent answers, and records what it showed. */
  void verify(OfferRecord offer) {
    Map<String, AttributeValue> item = item(Schema.CHATS.logicalName(), "chatId", offer.siteId(), offer.chatId());
    if (item.isEmpty()) {
      offer.stored(OfferRecord.Stored.OTHERWISE, -1, "no such chat stored");
      return;
    }
    String state = string(item, "chatState").orElse("?");
    String agent = string(item, "agentId").orElse("(none)");
    long expires = number(item, "offerExpiresAt");
    long version = number(item, "assignedAgentVersion");
    String detail = String.format("stored %s for %s, expiring at %d, agent version %d", state, agent, expires, version);
    if (OFFERED.equals(state) && offer.agentId().equals(agent) && expires == offer.expiresAt().toEpochMilli()) {
      offer.stored(version < 0 ? OfferRecord.Stored.OTHERWISE : OfferRecord.Stored.AS_RECEIVED, version, detail);
    } else if (ENDED.equals(state) || declined(item).contains(offer.agentId())) {
      offer.stored(OfferRecord.Stored.MOVED_ON, -1, detail);
    } else {
      offer.stored(OfferRecord.Stored.OTHERWISE, -1, detail);
    }
  }

  /** The agent's timeline as stored now: each entry's reason by the version it was made at. */
  Map<Long, String> timeline(SimAgent agent) {
    Map<Long, String> reasons = new HashMap<>();
    AttributeValue history = item(Schema.AGENTS.logicalName(), "agentId", agent.siteId(), agent.agentId()).get("history");
    if (history != null && history.hasL()) {
      for (AttributeValue entry : history.l()) {
        StatusChange change = StoredTimeline.decode(entry.s());
        reasons.put(change.version(), change.reason().wireName());
      }
    }
    return reasons;
  }

  private Map<String, AttributeValue> item(String table, String sortKey, String siteId, String id) {
    var item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("siteId", AttributeValue.fromS(siteId), sortKey, AttributeValue.fromS(id))))
            .item();
    return item == null ? Map.of() : item;
  }

  private static List<String> declined(Map<String, AttributeValue> item) {
    AttributeValue value = item.get("declined");
    return value == null || !value.hasSs() ? List.of() : value.ss();
  }

  private static Optional<String> string(Map<String, AttributeValue> item, String name) {
    return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? -1 : Long.parseLong(value.n());
  }
}
