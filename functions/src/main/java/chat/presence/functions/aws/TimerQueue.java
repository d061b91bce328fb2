package chat.presence.functions.aws;

import chat.presence.model.routing.RoutingEvent;
import java.time.Duration;

/**
 * Routing events that must arrive later, on their own: an offer's expiry. The routing FIFO queue
 * takes no per-message delay, so they wait in a standard queue and a forwarder puts each into its
 * site's group when it is due.
 */
public interface TimerQueue {
  /** Sends the event to the routing queue after {@code delay} (whole seconds, at most 900 s). */
  void schedule(RoutingEvent event, Duration delay);
}
