package chat.presence.bench.measure;

import chat.presence.local.sqs.BatchListener;
import chat.presence.local.sqs.BatchOutcome;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.concurrent.atomic.LongAdder;

/** Counts the router's invocations and the routing events they consumed: Lambda and SQS requests. */
public final class RouterBatches implements BatchListener {
  private final LongAdder batches = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final LongAdder failedMessages = new LongAdder();

  @Override
  public void batchSettled(SQSEvent batch, BatchOutcome outcome) {
    batches.increment();
    messages.add(batch.getRecords().size());
    failedMessages.add(outcome.failedMessageIds().size());
  }

  public Counts counts() {
    return new Counts(batches.sum(), messages.sum(), failedMessages.sum());
  }

  /** Router invocations, the events they received, and those they reported failed. */
  public record Counts(long batches, long messages, long failedMessages) {
    public Counts since(Counts earlier) {
      return new Counts(
          batches - earlier.batches, messages - earlier.messages, failedMessages - earlier.failedMessages);
    }
  }
}
