package chat.presence.local.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an invocation made of a batch, read as Lambda reads a function's answer when the mapping
 * reports batch item failures.
 *
 * @param failedMessageIds the records that stay on the queue; all of them when the batch failed
 * @param error why the whole batch failed, when it did
 */
public record BatchOutcome(Set<String> failedMessageIds, Optional<Throwable> error) {

  public BatchOutcome {
    failedMessageIds = Set.copyOf(failedMessageIds);
  }

  /**
   * No answer, no failure list or an empty one means every record succeeded; a failure naming no
   * record of the batch fails the whole batch.
   */
  static BatchOutcome fromResponse(SQSEvent batch, SQSBatchResponse response) {
    List<BatchItemFailure> failures = response == null ? null : response.getBatchItemFailures();
    if (failures == null || failures.isEmpty()) {
      return new BatchOutcome(Set.of(), Optional.empty());
    }
    Set<String> batchIds = messageIds(batch);
    Set<String> failedIds =
        failures.stream().map(BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
    if (!batchIds.containsAll(failedIds)) {
      return wholeBatchFailed(
          batch,
          new IllegalArgumentException(
              "batchItemFailures names an item that is not in the batch: " + failedIds));
    }
    return new BatchOutcome(failedIds, Optional.empty());
  }

  static BatchOutcome wholeBatchFailed(SQSEvent batch, Throwable error) {
    return new BatchOutcome(messageIds(batch), Optional.of(error));
  }

  public boolean succeeded(String messageId) {
    return !failedMessageIds.contains(messageId);
  }

  private static Set<String> messageIds(SQSEvent batch) {
    return batch.getRecords().stream().map(SQSMessage::getMessageId).collect(Collectors.toSet());
  }
}
