package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.aws.RoutingQueue;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the timer queue: each routing event that has waited out its delay goes into its site's
 * group of the routing FIFO queue, where the router takes it in order with the site's other events.
 */
public final class TimerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(TimerHandler.class);

  private final RoutingQueue routing;

  public TimerHandler() {
    this(Services.shared().routingQueue());
  }

  public TimerHandler(RoutingQueue routing) {
    this.routing = routing;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<BatchItemFailure> failures = new ArrayList<>();
    for (SQSMessage message : event.getRecords()) {
      try {
        RoutingEvent due = RoutingEventCodec.decode(message.getBody());
        routing.publish(due);
      } catch (RuntimeException failure) {
        LOG.error("timer {} not forwarded; it comes back after the queue's visibility timeout", message.getMessageId(), failure);
        failures.add(new BatchItemFailure(message.getMessageId()));
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
