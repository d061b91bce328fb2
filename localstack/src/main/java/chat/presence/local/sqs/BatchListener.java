package chat.presence.local.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/** Observes each batch an {@link SqsEventSource} handed to its function, once it is settled. */
@FunctionalInterface
public interface BatchListener {
  /**
   * Called on the poller thread after the succeeded records were deleted; the failed ones will be
   * received again after the visibility timeout. Must not block for long.
   */
  void batchSettled(SQSEvent batch, BatchOutcome outcome);
}
