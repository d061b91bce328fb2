package chat.presence.model.routing;

import java.time.Instant;

/**
 * Sort keys of a site's queue. Chats taken back from an agent who went offline go before every new
 * request; within each group, the order of request.
 */
public final class PendingKey {
  private static final String REQUEUED = "0";
  private static final String REQUESTED = "1";

  private PendingKey() {}

  public static String forRequest(Instant requestedAt, String chatId) {
    return key(REQUESTED, requestedAt, chatId);
  }

  public static String forRequeue(Instant requestedAt, String chatId) {
    return key(REQUEUED, requestedAt, chatId);
  }

  private static String key(String group, Instant requestedAt, String chatId) {
    return String.format("%s#%015d#%s", group, requestedAt.toEpochMilli(), chatId);
  }
}
