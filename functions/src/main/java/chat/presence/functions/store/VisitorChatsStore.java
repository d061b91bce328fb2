package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.ss;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The visitors table: per visitor of a site, the ids of the chats it holds open ({@code open}, a
 * string set). A chat is admitted by one conditional write while fewer than the limit are listed;
 * ended chats are not taken off when they end but when the list is full, so that no path that ends a
 * chat has one more write to make (or to lose in a crash).
 */
public final class VisitorChatsStore {
  /** A visitor's list outlives any chat of it; an idle visitor's item expires. */
  private static final Duration KEPT = Duration.ofDays(7);

  private final DynamoDbClient dynamo;
  private final String table;

  public VisitorChatsStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Lists the chat as the visitor's, if it is already listed or fewer than {@code max} are; false if
   * the visitor's list is full.
   */
  public boolean admit(String siteId, String visitorId, String chatId, int max, Instant now) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(siteId, visitorId))
                  .updateExpression("ADD #open :chat SET expiresAt = :expires")
                  .conditionExpression(
                      "attribute_not_exists(#open) OR size(#open) < :max OR contains(#open, :id)")
                  .expressionAttributeNames(Map.of("#open", "open"))
                  .expressionAttributeValues(
                      Map.of(
                          ":chat", ss(Set.of(chatId)),
                          ":id", s(chatId),
                          ":max", n(max),
                          ":expires", n(now.plus(KEPT).getEpochSecond()))));
      return true;
    } catch (ConditionalCheckFailedException full) {
      return false;
    }
  }

  /** The chats listed as the visitor's (some may have ended since). */
  public Set<String> listed(String siteId, String visitorId) {
    var item =
        dynamo.getItem(r -> r.tableName(table).key(key(siteId, visitorId)).consistentRead(true)).item();
    return item == null ? Set.of() : Attr.stringSet(item, "open");
  }

  /** Takes an ended (or never stored) chat off the visitor's list. */
  public void forget(String siteId, String visitorId, String chatId) {
    dynamo.updateItem(
        r ->
            r.tableName(table)
                .key(key(siteId, visitorId))
                .updateExpression("DELETE #open :chat")
                .expressionAttributeNames(Map.of("#open", "open"))
                .expressionAttributeValues(Map.of(":chat", ss(Set.of(chatId)))));
  }

  private static Map<String, AttributeValue> key(String siteId, String visitorId) {
    return Map.of("siteId", s(siteId), "visitorId", s(visitorId));
  }
}
