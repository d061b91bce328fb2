package chat.presence.functions.aws;

import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link TimerQueue} on an SQS standard queue, whose messages take a delay of up to 15 minutes. */
public final class SqsTimerQueue implements TimerQueue {
  private static final long LONGEST_DELAY_SECONDS = 900;

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsTimerQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void schedule(RoutingEvent event, Duration delay) {
    // Rounded up: a timer that fires early finds nothing due and waits for the next one.
    long seconds = Math.min(LONGEST_DELAY_SECONDS, Math.max(0, (delay.toMillis() + 999) / 1000));
    sqs.sendMessage(
        r ->
            r.queueUrl(queueUrl)
                .delaySeconds((int) seconds)
                .messageBody(RoutingEventCodec.encode(event)));
  }
}
