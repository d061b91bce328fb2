package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;
import static chat.presence.functions.store.Attr.ss;

import chat.presence.model.routing.VisitorLimits.Listing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The visitors table: per visitor of a site, the chats it holds open ({@code open}, a string set of
 * {@link Listing}s: each chat's id and when it was listed). A chat is admitted by one conditional
 * write while fewer than the limit are listed; ended chats are not taken off when they end but when
 * the list is full, so that no path that ends a chat has one more write to make (or to lose in a
 * crash).
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

  /** Lists the chat as the visitor's if fewer than {@code max} are listed; false if the list is full. */
  public boolean admit(String siteId, String visitorId, Listing listing, int max, Instant now) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(siteId, visitorId))
                  .updateExpression("ADD #open :listing SET expiresAt = :expires")
                  .conditionExpression("attribute_not_exists(#open) OR size(#open) < :max")
                  .expressionAttributeNames(Map.of("#open", "open"))
                  .expressionAttributeValues(
                      Map.of(
                          ":listing", ss(Set.of(listing.stored())),
                          ":max", n(max),
                          ":expires", n(now.plus(KEPT).getEpochSecond()))));
      return true;
    } catch (ConditionalCheckFailedException full) {
      return false;
    }
  }

  /** The visitor's listings (some of their chats may have ended since). */
  public List<Listing> listed(String siteId, String visitorId) {
    var item =
        dynamo.getItem(r -> r.tableName(table).key(key(siteId, visitorId)).consistentRead(true)).item();
    return item == null ? List.of() : Attr.stringSet(item, "open").stream().map(Listing::parse).toList();
  }

  /** Takes a listing that no longer holds a place off the visitor's list. */
  public void forget(String siteId, String visitorId, Listing listing) {
    dynamo.updateItem(
        r ->
            r.tableName(table)
                .key(key(siteId, visitorId))
                .updateExpression("DELETE #open :listing")
                .expressionAttributeNames(Map.of("#open", "open"))
                .expressionAttributeValues(Map.of(":listing", ss(Set.of(listing.stored())))));
  }

  private static Map<String, AttributeValue> key(String siteId, String visitorId) {
    return Map.of("siteId", s(siteId), "visitorId", s(visitorId));
  }
}
