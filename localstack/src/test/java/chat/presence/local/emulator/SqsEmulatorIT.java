package chat.presence.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.QueueSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsEmulatorIT {
  private static final QueueSpec SPEC =
      new QueueSpec("test-routing.fifo", "test-routing-dlq.fifo", "UNUSED", 5, 180);

  @Test
  void createsAFifoQueueThatRedrivesToAFifoDeadLetterQueue() {
    try (SqsEmulator emulator = SqsEmulator.start()) {
      QueueUrls queues = emulator.createQueues(SPEC, 7, 3);

      Map<QueueAttributeName, String> queue = attributes(emulator.client(), queues.url());
      assertThat(queues.arn()).endsWith(":test-routing.fifo");
      assertThat(queue)
          .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
          .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
          .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "7");
      assertThat(queue.get(QueueAttributeName.REDRIVE_POLICY))
          .contains("\"deadLetterTargetArn\":\"" + queues.deadLetterArn() + "\"")
          .contains("\"maxReceiveCount\":3");
      assertThat(queues.deadLetterArn()).endsWith(":test-routing-dlq.fifo");
      assertThat(attributes(emulator.client(), queues.deadLetterUrl()))
          .containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
    }
  }

  private static Map<QueueAttributeName, String> attributes(SqsClient sqs, String url) {
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributes();
  }
}
