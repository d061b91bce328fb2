package chat.presence.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchOutcomeTest {
  private final SQSEvent batch = batchOf("m-1", "m-2", "m-3");

  @Test
  void noResponseMeansEveryRecordSucceeded() {
    BatchOutcome outcome = BatchOutcome.fromResponse(batch, null);

    assertThat(outcome.failedMessageIds()).isEmpty();
    assertThat(outcome.error()).isEmpty();
  }

  @Test
  void responseWithoutAFailureListMeansEveryRecordSucceeded() {
    BatchOutcome outcome = BatchOutcome.fromResponse(batch, new SQSBatchResponse(null));

    assertThat(outcome.failedMessageIds()).isEmpty();
  }

  @Test
  void emptyFailureListMeansEveryRecordSucceeded() {
    BatchOutcome outcome = BatchOutcome.fromResponse(batch, failures());

    assertThat(outcome.failedMessageIds()).isEmpty();
  }

  @Test
  void listedRecordsFailAndTheOthersSucceed() {
    BatchOutcome outcome = BatchOutcome.fromResponse(batch, failures("m-2"));

    assertThat(outcome.failedMessageIds()).containsExactly("m-2");
    assertThat(outcome.succeeded("m-1")).isTrue();
    assertThat(outcome.succeeded("m-2")).isFalse();
    assertThat(outcome.error()).isEmpty();
  }

  @Test
  void failureNamingNoRecordOfTheBatchFailsTheWholeBatch() {
    BatchOutcome outcome = BatchOutcome.fromResponse(batch, failures("m-2", "elsewhere"));

    assertThat(outcome.failedMessageIds()).isEqualTo(Set.of("m-1", "m-2", "m-3"));
    assertThat(outcome.error()).get(THROWABLE).hasMessageContaining("elsewhere");
  }

  @Test
  void failureWithoutAnIdentifierFailsTheWholeBatch() {
    BatchOutcome outcome = BatchOutcome.fromResponse(batch, failures((String) null));

    assertThat(outcome.failedMessageIds()).isEqualTo(Set.of("m-1", "m-2", "m-3"));
    assertThat(outcome.error()).isPresent();
  }

  private static SQSBatchResponse failures(String... messageIds) {
    List<BatchItemFailure> failures = new ArrayList<>();
    Arrays.stream(messageIds).forEach(id -> failures.add(new BatchItemFailure(id)));
    return new SQSBatchResponse(failures);
  }

  private static SQSEvent batchOf(String... messageIds) {
    SQSEvent event = new SQSEvent();
    event.setRecords(
        Arrays.stream(messageIds)
            .map(
                id -> {
                  SQSMessage record = new SQSMessage();
                  record.setMessageId(id);
                  return record;
                })
            .toList());
    return event;
  }
}
