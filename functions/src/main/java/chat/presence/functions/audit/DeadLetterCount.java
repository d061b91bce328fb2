package chat.presence.functions.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * How many routing events sit in the dead-letter queue (SQS's approximate count), or why it could
 * not be read.
 */
public record DeadLetterCount(String queueName, long messages, Optional<String> unreadBecause) {
  public DeadLetterCount {
    Objects.requireNonNull(queueName);
    Objects.requireNonNull(unreadBecause);
  }

  public DeadLetterCount(String queueName, long messages) {
    this(queueName, messages, Optional.empty());
  }

  /** The queue could not be read: the audit reports that and goes on with everything else. */
  public static DeadLetterCount unread(String queueName, String reason) {
    return new DeadLetterCount(queueName, 0, Optional.of(reason));
  }
}
