package chat.presence.infra;

import chat.presence.model.schema.QueueSpec;
import chat.presence.model.schema.Schema;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The routing FIFO queue ({@link Schema#ROUTING_QUEUE}) and its FIFO dead-letter queue, and the
 * standard timer queue whose delayed messages its forwarder puts into the routing queue when due.
 */
final class RoutingQueues extends Construct {
  /** Lambda's guidance for SQS sources: visibility at least six times the consumer's timeout. */
  static final int VISIBILITY_TO_ROUTER_TIMEOUT_RATIO = 6;

  private final Queue queue;
  private final Queue deadLetterQueue;
  private final Queue timers;

  RoutingQueues(Construct scope, String id, QueueSpec spec) {
    super(scope, id);
    requireVisibilityCoversRetries(spec);
    // Names are generated (CDK adds ".fifo") so that several stages fit in one account.
    deadLetterQueue =
        Queue.Builder.create(this, "DeadLetterQueue")
            .enforceSsl(true)
            .fifo(true)
            .contentBasedDeduplication(false)
            .retentionPeriod(Duration.days(14))
            .build();
    queue =
        Queue.Builder.create(this, "Queue")
            .enforceSsl(true)
            .fifo(true)
            // Producers must then pass a deduplication id: identical events are never merged by
            // accident.
            .contentBasedDeduplication(false)
            .visibilityTimeout(Duration.seconds(spec.visibilityTimeoutSeconds()))
            .deadLetterQueue(
                DeadLetterQueue.builder()
                    .queue(deadLetterQueue)
                    .maxReceiveCount(spec.maxReceiveCount())
                    .build())
            .build();
    timers =
        Queue.Builder.create(this, "Timers")
            .enforceSsl(true)
            .visibilityTimeout(Duration.seconds(VISIBILITY_TO_ROUTER_TIMEOUT_RATIO * Schema.ROUTER_TIMEOUT_SECONDS))
            .deadLetterQueue(
                DeadLetterQueue.builder()
                    .queue(
                        Queue.Builder.create(this, "TimersDeadLetterQueue")
                            .enforceSsl(true)
                            .retentionPeriod(Duration.days(14))
                            .build())
                    .maxReceiveCount(spec.maxReceiveCount())
                    .build())
            .build();
  }

  /** Standard: FIFO queues take no per-message delay. */
  Queue timers() {
    return timers;
  }

  Queue queue() {
    return queue;
  }

  Queue deadLetterQueue() {
    return deadLetterQueue;
  }

  private static void requireVisibilityCoversRetries(QueueSpec spec) {
    int expected = VISIBILITY_TO_ROUTER_TIMEOUT_RATIO * Schema.ROUTER_TIMEOUT_SECONDS;
    if (spec.visibilityTimeoutSeconds() != expected) {
      throw new IllegalStateException(
          "Visibility timeout of "
              + spec.name()
              + " is "
              + spec.visibilityTimeoutSeconds()
              + " s; it must be "
              + VISIBILITY_TO_ROUTER_TIMEOUT_RATIO
              + " x the router timeout = "
              + expected
              + " s");
    }
  }
}
