package chat.presence.functions.handlers;

import chat.presence.functions.Services;
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
 * once; if a site fails, all its records are reported as failures, so they come back in order
 * while other sites' records are done.
 */
public final class RouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

  private final SiteRouter router;

  public RouterHandler() {
    this(Services.shared());
  }

  public RouterHandler(Services services) {
    this.router = new SiteRouter(services);
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
          try {
            router.route(siteId, events);
          } catch (RuntimeException failure) {
            LOG.error("routing site {} failed; its {} events will be retried", siteId, events.size(), failure);
            bySite.get(siteId).forEach(m -> failures.add(new BatchItemFailure(m.getMessageId())));
          }
        });
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
