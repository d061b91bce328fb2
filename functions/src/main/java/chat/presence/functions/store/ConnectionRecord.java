package chat.presence.functions.store;

import chat.presence.model.wire.Identity;
import java.time.Instant;
import java.util.Set;

/**
 * A stored WebSocket connection and whom it belongs to.
 *
 * @param chats for a visitor's connection, the chats requested on it: found when it closes even if
 *     the chats' visitor index has not caught up with a request made a moment before
 */
public record ConnectionRecord(String connectionId, Identity identity, Instant connectedAt, Set<String> chats) {
  public ConnectionRecord {
    chats = Set.copyOf(chats);
  }
}
