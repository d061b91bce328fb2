package chat.presence.functions.aws;

import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link TimerQueue} on an SQS standard queue, whose messages take a delay of up to 15 minutes. A
 * longer delay is served in hops: the message carries its due time ({@value #DUE_AT}), and the
 * forwarder sends it round again until that time has come.
 */
public final class SqsTimerQueue implements TimerQueue {
  /** The message attribute with a timer's due time in epoch milliseconds, for delays over 15 min. */
  public static final String DUE_AT = "dueAt";

  private static final long LONGEST_DELAY_SECONDS = 900;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Clock clock;

  public SqsTimerQueue(SqsClient sqs, String queueUrl, Clock clock) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.clock = clock;
  }

  @Override
  public void schedule(RoutingEvent event, Duration delay) {
    // Rounded up: a timer that fires early finds nothing due and waits for the next one.
    long seconds = Math.max(0, (delay.toMillis() + 999) / 1000);
    Map<String, MessageAttributeValue> attributes =
        seconds <= LONGEST_DELAY_SECONDS
            ? Map.of()
            : Map.of(
                DUE_AT,
                MessageAttributeValue.builder()
                    .dataType("Number")
                    .stringValue(Long.toString(clock.instant().plus(delay).toEpochMilli()))
                    .build());
    sqs.sendMessage(
        r ->
            r.queueUrl(queueUrl)
                .delaySeconds((int) Math.min(LONGEST_DELAY_SECONDS, seconds))
                .messageAttributes(attributes)
                .messageBody(RoutingEventCodec.encode(event)));
  }

  /** The due time a message of a long timer carries; empty for a timer due when delivered. */
  public static Optional<Instant> dueAt(Map<String, String> messageAttributes) {
    return Optional.ofNullable(messageAttributes.get(DUE_AT)).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
  }
}
