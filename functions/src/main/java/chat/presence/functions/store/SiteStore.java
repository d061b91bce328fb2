package chat.presence.functions.store;

import static chat.presence.functions.store.Attr.n;
import static chat.presence.functions.store.Attr.s;

import chat.presence.model.routing.RecentWaits;
import chat.presence.model.routing.RecentWaits.Bucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The sites table: per site, the recent waits of its visitors in {@link RecentWaits} slots. Slot
 * {@code k} is three attributes: {@code w<k>b} (its bucket), {@code w<k>t} (the sum of the waits in
 * milliseconds), {@code w<k>n} (their count). A wait is one conditional write: added to its
 * bucket's slot, or starting the slot afresh when it still holds an older bucket.
 */
public final class SiteStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public SiteStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Counts one visitor's wait, which ended at {@code at}. Best effort: the estimate is a hint, so
   * a wait lost to a crash or to two writers starting the same slot at once is not worth a retry
   * loop.
   */
  public void recordWait(String siteId, Duration wait, Instant at) {
    recordWaits(siteId, wait, 1, at);
  }

  /**
   * Counts {@code count} waits that ended by {@code at}, in one write: a router pass that assigns
   * many chats writes the site's item once, not once per chat.
   */
  public void recordWaits(String siteId, Duration total, int count, Instant at) {
    long bucket = RecentWaits.bucketOf(at);
    int slot = RecentWaits.slotOf(bucket);
    Map<String, String> names = Map.of("#b", "w" + slot + "b", "#t", "w" + slot + "t", "#n", "w" + slot + "n");
    Map<String, AttributeValue> values =
        Map.of(":bucket", n(bucket), ":millis", n(Math.max(0, total.toMillis())), ":count", n(count));
    if (!update(siteId, "ADD #t :millis, #n :count", "#b = :bucket", names, values)) {
      update(
          siteId,
          "SET #b = :bucket, #t = :millis, #n = :count",
          "attribute_not_exists(#b) OR #b < :bucket",
          names,
          values);
    }
  }

  /** The stored buckets of the site's recent waits, old ones included. */
  public List<Bucket> recentWaits(String siteId) {
    var item = dynamo.getItem(r -> r.tableName(table).key(Map.of("siteId", s(siteId)))).item();
    List<Bucket> buckets = new ArrayList<>();
    if (item == null) {
      return buckets;
    }
    for (int slot = 0; slot < RecentWaits.SLOTS; slot++) {
      if (item.containsKey("w" + slot + "b")) {
        buckets.add(
            new Bucket(
                Attr.number(item, "w" + slot + "b", 0),
                Attr.number(item, "w" + slot + "t", 0),
                Attr.number(item, "w" + slot + "n", 0)));
      }
    }
    return buckets;
  }

  private boolean update(
      String siteId,
      String expression,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(Map.of("siteId", s(siteId)))
                  .updateExpression(expression)
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException slotHoldsAnotherBucket) {
      return false;
    }
  }
}
