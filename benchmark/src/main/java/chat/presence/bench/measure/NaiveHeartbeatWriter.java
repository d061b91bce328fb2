package chat.presence.bench.measure;

import chat.presence.bench.sim.LoadPhase;
import chat.presence.local.emulator.DynamoEmulator;
import chat.presence.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The design this backend avoids, measured in the same run: a backend that stores every heartbeat
 * on the agent's item. For each heartbeat a simulated agent sends, it performs the UpdateItem such a
 * design would, on a table of its own with the agents table's key and a copy of the agent's item,
 * and adds up the write units DynamoDB reports.
 */
public final class NaiveHeartbeatWriter implements LoadPhase.HeartbeatObserver, AutoCloseable {
  public static final String TABLE = "bench-naive-agents";

  private final DynamoDbClient dynamo;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-naive-writer");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> seeded = ConcurrentHashMap.newKeySet();
  private final LongAdder writes = new LongAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();

  private NaiveHeartbeatWriter(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  /** Creates the naive design's table next to the real ones. */
  public static NaiveHeartbeatWriter create(DynamoEmulator emulator) {
    emulator.createTables(List.of(Schema.AGENTS), spec -> TABLE);
    return new NaiveHeartbeatWriter(emulator.client());
  }

  @Override
  public void agentHeartbeat(String siteId, String agentId, int connection) {
    try {
      writer.execute(() -> write(siteId, agentId, connection));
    } catch (RejectedExecutionException closed) {
      // A heartbeat sent as the load ended, after the totals were taken: not part of them.
    }
  }

  private void write(String siteId, String agentId, int connection) {
    Map<String, AttributeValue> key =
        Map.of("siteId", AttributeValue.fromS(siteId), "agentId", AttributeValue.fromS(agentId));
    if (seeded.add(siteId + "#" + agentId)) {
      copyAgentItem(key);
    }
    var response =
        dynamo.updateItem(
            r ->
                r.tableName(TABLE)
                    .key(key)
                    .updateExpression("SET lastHeartbeatAt = :now, lastHeartbeatConnection = :connection")
                    .expressionAttributeValues(
                        Map.of(
                            ":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis())),
                            ":connection", AttributeValue.fromN(Integer.toString(connection))))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    writes.increment();
    writeUnits.add(response.consumedCapacity().capacityUnits());
  }

  /** The naive item starts as the real one, so that both have the same shape and size. */
  private void copyAgentItem(Map<String, AttributeValue> key) {
    var item =
        dynamo.getItem(r -> r.tableName(Schema.AGENTS.logicalName()).key(key).consistentRead(true)).item();
    if (item != null && !item.isEmpty()) {
      dynamo.putItem(r -> r.tableName(TABLE).item(item));
    }
  }

  /** Waits for the writes still queued. */
  @Override
  public void close() throws InterruptedException {
    writer.shutdown();
    if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
      writer.shutdownNow();
    }
  }

  public long writes() {
    return writes.sum();
  }

  public double writeUnits() {
    return writeUnits.sum();
  }
}
