package chat.presence.bench.measure;

import chat.presence.local.emulator.DynamoEmulator;
import chat.presence.model.schema.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The emulator's ceiling of conditional writes per second, measured in the run: a short burst of
 * conditional UpdateItems, from a few threads at once, on copies of real agent items (so the items
 * are as large as the router's), in a table of their own, through a DynamoDB client built as the
 * handlers build theirs. dynalite is one Node.js process: more threads than a few only queue.
 */
public final class WriteCeiling {
  public static final String TABLE = "bench-ceiling-agents";
  private static final String KEY_SITE = "siteId";
  private static final String KEY_AGENT = "agentId";

  /**
   * @param items distinct items written, round robin per thread
   * @param failed writes that threw (a failed condition included; none is expected)
   */
  public record Result(int threads, int items, double seconds, long writes, long failed, double writesPerSecond, LatencySummary latency) {}

  private WriteCeiling() {}

  /**
   * Copies {@code agents} into the ceiling's table, then writes them for {@code warmup} (not
   * counted) and {@code duration} (counted).
   */
  public static Result measure(
      DynamoEmulator emulator,
      DynamoDbClient client,
      List<Map<String, AttributeValue>> agents,
      int threads,
      Duration warmup,
      Duration duration)
      throws InterruptedException {
    emulator.createTables(List.of(Schema.AGENTS), spec -> TABLE);
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (Map<String, AttributeValue> item : agents) {
      client.putItem(r -> r.tableName(TABLE).item(item));
      keys.add(Map.of(KEY_SITE, item.get(KEY_SITE), KEY_AGENT, item.get(KEY_AGENT)));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the write ceiling needs agent items to copy");
    }
    LongAdder writes = new LongAdder();
    LongAdder failed = new LongAdder();
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long countFrom = start + warmup.toNanos();
    long end = countFrom + duration.toNanos();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = offset; System.nanoTime() < end; i += threads) {
                    Map<String, AttributeValue> key = keys.get(i % keys.size());
                    long before = System.nanoTime();
                    boolean ok = writeOnce(client, key);
                    long after = System.nanoTime();
                    if (before >= countFrom && after <= end) {
                      if (ok) {
                        writes.increment();
                        latencies.add(after - before);
                      } else {
                        failed.increment();
                      }
                    }
                  }
                } finally {
                  done.countDown();
                }
              },
              "bench-write-ceiling-" + t);
      writer.setDaemon(true);
      writer.start();
    }
    done.await();
    double seconds = duration.toNanos() / 1e9;
    return new Result(
        threads,
        keys.size(),
        seconds,
        writes.sum(),
        failed.sum(),
        Math.round(writes.sum() / seconds * 10) / 10.0,
        LatencySummary.ofNanos(List.copyOf(latencies)));
  }

  /** One conditional UpdateItem that succeeds on an existing agent item. */
  private static boolean writeOnce(DynamoDbClient client, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":zero", AttributeValue.fromN("0"));
    try {
      client.updateItem(
          r ->
              r.tableName(TABLE)
                  .key(key)
                  .updateExpression("SET benchWrites = if_not_exists(benchWrites, :zero) + :one")
                  .conditionExpression("attribute_exists(agentId) AND attribute_exists(siteId)")
                  .expressionAttributeValues(values));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
