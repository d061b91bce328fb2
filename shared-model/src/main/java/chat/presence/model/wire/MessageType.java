package chat.presence.model.wire;

/**
 * The {@code type} of every frame the server sends. {@link ServerMessages} writes frames of these
 * types only, so this is the list of what a client can receive (the AsyncAPI document is checked
 * against it).
 */
public enum MessageType {
  /** The answer to an action that returns no data. */
  ACK("ack"),
  ERROR("error"),
  /** The answer to {@code getPresence}. */
  PRESENCE("presence"),
  /** The answer to {@code getChats}. */
  CHATS("chats"),
  /** The answer to {@code getAvailability}. */
  AVAILABILITY("availability"),
  /** The answer to {@code explain}, for an agent or for a chat. */
  EXPLAIN("explain"),
  CHAT_ASSIGNED("chat.assigned"),
  CHAT_QUEUED("chat.queued"),
  CHAT_OFFERED("chat.offered"),
  CHAT_OFFER_WITHDRAWN("chat.offerWithdrawn"),
  CHAT_VISITOR_LEFT("chat.visitorLeft"),
  CHAT_VISITOR_RETURNED("chat.visitorReturned"),
  CHAT_TRANSFERRED("chat.transferred"),
  CHAT_ENDED("chat.ended"),
  STATUS_CHANGED("status.changed"),
  PRESENCE_CHANGED("presence.changed");

  private final String wireName;

  MessageType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
