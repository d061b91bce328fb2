package chat.presence.model.wire;

import java.util.List;

/** The action names of the contract; each is a WebSocket route. */
public final class Actions {
  public static final String HEARTBEAT = "heartbeat";
  /**
   * Keeps a connection live as {@link #HEARTBEAT} does, unanswered. Deployed it is a one-way route
   * with a mock integration: the gateway records the frame and invokes no function.
   */
  public static final String PING = "ping";
  public static final String SET_STATUS = "setStatus";
  public static final String REQUEST_CHAT = "requestChat";
  public static final String END_CHAT = "endChat";
  public static final String GET_PRESENCE = "getPresence";
  public static final String EXPLAIN = "explain";
  public static final String GET_CHATS = "getChats";
  public static final String ACCEPT_CHAT = "acceptChat";
  public static final String DECLINE_CHAT = "declineChat";
  public static final String GET_AVAILABILITY = "getAvailability";
  public static final String SET_AGENT_STATUS = "setAgentStatus";
  public static final String TRANSFER_CHAT = "transferChat";
  public static final String SUBSCRIBE_PRESENCE = "subscribePresence";
  public static final String UNSUBSCRIBE_PRESENCE = "unsubscribePresence";

  public static final List<String> ALL =
      List.of(
          HEARTBEAT,
          PING,
          SET_STATUS,
          REQUEST_CHAT,
          END_CHAT,
          GET_PRESENCE,
          EXPLAIN,
          GET_CHATS,
          ACCEPT_CHAT,
          DECLINE_CHAT,
          GET_AVAILABILITY,
          SET_AGENT_STATUS,
          TRANSFER_CHAT,
          SUBSCRIBE_PRESENCE,
          UNSUBSCRIBE_PRESENCE);

  private Actions() {}
}
