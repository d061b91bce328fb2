package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.aws.RoutingQueue;
import chat.presence.functions.routing.Pause;
import chat.presence.functions.routing.RetryPolicy;
import chat.presence.functions.routing.SiteRouter;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the routing FIFO queue. A batch's events are grouped by site and each site is routed
 * once. A failing site is retried within the invocation (a pass is idempotent); if it still fails,
 * its records are reported as failures and made visible again after a short backoff, so they come
 * back in order soon, while other sites' records are done.
 */
public final class RouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);
  private static final String RECEIVE_COUNT = "ApproximateReceiveCount";

  private final SiteRouter router;
  private final RoutingQueue queue;
  private final RetryPolicy retry;
  private final Pause pause;

  public RouterHandler() {
    this(Services.shared().siteRouter(), Services.shared().routingQueue(), RetryPolicy.DEFAULT, Pause.SLEEP);
  }

  public RouterHandler(SiteRouter router, RoutingQueue queue, RetryPolicy retry, Pause pause) {
    this.router = router;
    this.queue = queue;
    this.retry = retry;
    this.pause = pause;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<BatchItemFailure> failures = new ArrayList<>();
    Map<String, List<SQSMessage>> bySite = new LinkedHashMap<>();
    Map<String, List<RoutingEvent>> eventsBySite = new LinkedHashMap<>();
    for (SQSMessage message : event.getRecords()) {
      RoutingEvent decoded;
      try {
        decoded = RoutingEventCodec.decode(message.getBody());
      } catch (IllegalArgumentException poison) {
        LOG.error("message {} is not a routing event; it will reach the DLQ", message.getMessageId(), poison);
        failures.add(new BatchItemFailure(message.getMessageId()));
        continue;
      }
      bySite.computeIfAbsent(decoded.siteId(), s -> new ArrayList<>()).add(message);
      eventsBySite.computeIfAbsent(decoded.siteId(), s -> new ArrayList<>()).add(decoded);
    }
    eventsBySite.forEach(
        (siteId, events) -> {
          if (!routeWithRetries(siteId, events)) {
            for (SQSMessage message : bySite.get(siteId)) {
              failures.add(new BatchItemFailure(message.getMessageId()));
              backOff(message);
            }
          }
        });
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private boolean routeWithRetries(String siteId, List<RoutingEvent> events) {
    for (int attempt = 1; ; attempt++) {
      try {
        router.route(siteId, events);
        return true;
      } catch (RuntimeException failure) {
        if (attempt >= retry.attempts()) {
          LOG.error("routing site {} failed {} times; its {} events come back after a backoff", siteId, attempt, events.size(), failure);
          return false;
        }
        LOG.warn("routing site {} failed (attempt {}); retrying", siteId, attempt, failure);
        pause.pause(retry.pauses().get(attempt - 1));
      }
    }
  }

  /** Best effort: if it fails too, the message comes back after the queue's visibility timeout. */
  private void backOff(SQSMessage message) {
    int receiveCount = receiveCount(message);
    try {
      queue.retryAfter(message.getReceiptHandle(), retry.redeliveryAfter(receiveCount));
    } catch (RuntimeException failure) {
      LOG.warn("could not shorten the backoff of message {}", message.getMessageId(), failure);
    }
  }

  private static int receiveCount(SQSMessage message) {
    Map<String, String> attributes = message.getAttributes();
    try {
      return attributes == null ? 1 : Integer.parseInt(attributes.getOrDefault(RECEIVE_COUNT, "1"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
