package chat.presence.functions.routing;

import chat.presence.functions.aws.Metrics;
import chat.presence.functions.aws.RoutingQueue;
import chat.presence.model.routing.RoutingEvent;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends routing events from the handlers that changed something. An event is only a hint: the
 * change it follows is already durable, and the reaper nudges every site whose chats wait, so a hint
 * that cannot be sent is logged and counted ({@code RoutingHintLost}), never turned into an error
 * for a change the client's request did make.
 */
public final class RoutingHints {
  public static final String LOST_METRIC = "RoutingHintLost";
  private static final Logger LOG = LoggerFactory.getLogger(RoutingHints.class);

  private final RoutingQueue queue;
  private final Metrics metrics;

  public RoutingHints(RoutingQueue queue, Metrics metrics) {
    this.queue = queue;
    this.metrics = metrics;
  }

  public void send(RoutingEvent event) {
    try {
      queue.publish(event);
    } catch (RuntimeException failure) {
      LOG.error("routing hint {} for site {} lost; the reaper's queue check covers it", event.occurrence(), event.siteId(), failure);
      metrics.emit(LOST_METRIC, 1, Map.of());
    }
  }
}
