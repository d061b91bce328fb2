package chat.presence.functions.audit;

import java.util.Objects;

/** How many routing events sit in the dead-letter queue (SQS's approximate count). */
public record DeadLetterCount(String queueName, long messages) {
  public DeadLetterCount {
    Objects.requireNonNull(queueName);
  }
}
