package chat.presence.functions.aws;

import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link RoutingQueue} on SQS FIFO (or ElasticMQ locally). */
public final class SqsRoutingQueue implements RoutingQueue {
  private final SqsClient sqs;
  private final String queueUrl;

  public SqsRoutingQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void publish(RoutingEvent event) {
    sqs.sendMessage(
        r ->
            r.queueUrl(queueUrl)
                .messageGroupId(event.siteId())
                .messageDeduplicationId(event.deduplicationId())
                .messageBody(RoutingEventCodec.encode(event)));
  }

  @Override
  public void retryAfter(String receiptHandle, Duration delay) {
    sqs.changeMessageVisibility(
        r ->
            r.queueUrl(queueUrl)
                .receiptHandle(receiptHandle)
                .visibilityTimeout((int) Math.max(0, (delay.toMillis() + 999) / 1000)));
  }
}
