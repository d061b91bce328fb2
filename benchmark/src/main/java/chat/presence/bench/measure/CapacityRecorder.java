package chat.presence.bench.measure;

import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the DynamoDB capacity the handlers consume: every request is sent with {@code
 * ReturnConsumedCapacity=TOTAL} and the units in each response are added up by the handler that made
 * the call (found on the calling thread's stack) and by table. A conditional write whose condition
 * fails is charged by DynamoDB but reported by no response, so it is counted as one write unit.
 * The index entries each write touched are counted too ({@link IndexWrites}).
 */
public final class CapacityRecorder implements ExecutionInterceptor {
  /** Calls made outside any handler, e.g. by the runtime itself. */
  public static final String NO_HANDLER = HandlerOnStack.NO_HANDLER;

  private final ConcurrentMap<CapacityKey, CapacityTally> tallies = new ConcurrentHashMap<>();

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = IndexWrites.withImage(context.request());
    var total = ReturnConsumedCapacity.TOTAL;
    if (request instanceof PutItemRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof UpdateItemRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof DeleteItemRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof GetItemRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof QueryRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof ScanRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof BatchGetItemRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof BatchWriteItemRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof TransactGetItemsRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    } else if (request instanceof TransactWriteItemsRequest r) {
      return r.toBuilder().returnConsumedCapacity(total).build();
    }
    return request;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    boolean write = isWrite(context.request());
    String handler = callingHandler();
    int indexWrites = IndexWrites.of(context.request(), context.response());
    for (ConsumedCapacity consumed : consumedCapacity(context.response())) {
      double units = consumed.capacityUnits() == null ? 0 : consumed.capacityUnits();
      tally(handler, consumed.tableName()).add(write, units, false, indexWrites);
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (context.exception() instanceof ConditionalCheckFailedException && isWrite(context.request())) {
      tally(callingHandler(), tableOf(context.request())).add(true, 1, true, 0);
    }
  }

  /** What has been counted so far. */
  public CapacitySnapshot snapshot() {
    var totals = new HashMap<CapacityKey, CapacityTotals>();
    tallies.forEach((key, tally) -> totals.put(key, tally.totals()));
    return new CapacitySnapshot(totals);
  }

  private CapacityTally tally(String handler, String table) {
    return tallies.computeIfAbsent(new CapacityKey(handler, table), k -> new CapacityTally());
  }

  private static String callingHandler() {
    return HandlerOnStack.current();
  }

  private static boolean isWrite(SdkRequest request) {
    return request instanceof PutItemRequest
        || request instanceof UpdateItemRequest
        || request instanceof DeleteItemRequest
        || request instanceof BatchWriteItemRequest
        || request instanceof TransactWriteItemsRequest;
  }

  private static String tableOf(SdkRequest request) {
    if (request instanceof PutItemRequest r) {
      return r.tableName();
    } else if (request instanceof UpdateItemRequest r) {
      return r.tableName();
    } else if (request instanceof DeleteItemRequest r) {
      return r.tableName();
    }
    return "(several)";
  }

  private static List<ConsumedCapacity> consumedCapacity(SdkResponse response) {
    Optional<ConsumedCapacity> single = Optional.empty();
    if (response instanceof PutItemResponse r) {
      single = Optional.ofNullable(r.consumedCapacity());
    } else if (response instanceof UpdateItemResponse r) {
      single = Optional.ofNullable(r.consumedCapacity());
    } else if (response instanceof DeleteItemResponse r) {
      single = Optional.ofNullable(r.consumedCapacity());
    } else if (response instanceof GetItemResponse r) {
      single = Optional.ofNullable(r.consumedCapacity());
    } else if (response instanceof QueryResponse r) {
      single = Optional.ofNullable(r.consumedCapacity());
    } else if (response instanceof ScanResponse r) {
      single = Optional.ofNullable(r.consumedCapacity());
    } else if (response instanceof BatchGetItemResponse r) {
      return r.consumedCapacity();
    } else if (response instanceof BatchWriteItemResponse r) {
      return r.consumedCapacity();
    } else if (response instanceof TransactGetItemsResponse r) {
      return r.consumedCapacity();
    } else if (response instanceof TransactWriteItemsResponse r) {
      return r.consumedCapacity();
    }
    return single.map(List::of).orElse(List.of());
  }
}
