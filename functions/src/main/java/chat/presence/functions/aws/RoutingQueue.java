package chat.presence.functions.aws;

import chat.presence.model.routing.RoutingEvent;
import java.time.Duration;

/**
 * The routing FIFO queue as the handlers use it: one message group per site, so a site routes in
 * order, and a deduplication id derived from the event.
 */
public interface RoutingQueue {
  void publish(RoutingEvent event);

  /**
   * Makes a received message that the router failed on visible again after {@code delay}, instead
   * of after the queue's whole visibility timeout: its site waits one backoff, not minutes.
   */
  void retryAfter(String receiptHandle, Duration delay);
}
