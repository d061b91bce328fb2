package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.aws.RoutingQueue;
import chat.presence.functions.aws.SqsTimerQueue;
import chat.presence.functions.aws.TimerQueue;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the timer queue: each routing event that has waited out its delay goes into its site's
 * group of the routing FIFO queue, where the router takes it in order with the site's other events.
 * A timer longer than the queue's longest delay goes round again until it is due.
 */
public final class TimerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(TimerHandler.class);

  private final RoutingQueue routing;
  private final TimerQueue timers;
  private final Clock clock;

  public TimerHandler() {
    this(Services.shared().routingQueue(), Services.shared().timers(), Services.shared().clock());
  }

  public TimerHandler(RoutingQueue routing, TimerQueue timers, Clock clock) {
    this.routing = routing;
    this.timers = timers;
    this.clock = clock;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<BatchItemFailure> failures = new ArrayList<>();
    for (SQSMessage message : event.getRecords()) {
      try {
        RoutingEvent timer = RoutingEventCodec.decode(message.getBody());
        Optional<Instant> dueAt = SqsTimerQueue.dueAt(attributes(message));
        Instant now = clock.instant();
        if (dueAt.isPresent() && dueAt.get().isAfter(now)) {
          timers.schedule(timer, Duration.between(now, dueAt.get()));
        } else {
          routing.publish(timer);
        }
      } catch (RuntimeException failure) {
        LOG.error("timer {} not forwarded; it comes back after the queue's visibility timeout", message.getMessageId(), failure);
        failures.add(new BatchItemFailure(message.getMessageId()));
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private static Map<String, String> attributes(SQSMessage message) {
    Map<String, String> values = new HashMap<>();
    if (message.getMessageAttributes() != null) {
      message.getMessageAttributes().forEach((name, value) -> values.put(name, value.getStringValue()));
    }
    return values;
  }
}
