package chat.presence.functions.aws;

import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends routing events to the FIFO queue: one message group per site, so a site routes in order. */
public final class RoutingEvents {
  private final SqsClient sqs;
  private final String queueUrl;

  public RoutingEvents(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  public void publish(RoutingEvent event) {
    sqs.sendMessage(
        r ->
            r.queueUrl(queueUrl)
                .messageGroupId(event.siteId())
                .messageDeduplicationId(event.deduplicationId())
                .messageBody(RoutingEventCodec.encode(event)));
  }
}
