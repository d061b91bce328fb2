package chat.presence.infra;

import chat.presence.model.schema.Schema;
import java.util.Optional;

/** The Lambda handlers in the functions jar, with the WebSocket route each one serves, if any. */
public enum Handler {
  CONNECT("ConnectHandler", "$connect", 10),
  DISCONNECT("DisconnectHandler", "$disconnect", 10),
  DEFAULT_ROUTE("DefaultRouteHandler", "$default", 10),
  HEARTBEAT("HeartbeatHandler", "heartbeat", 10),
  SET_STATUS("SetStatusHandler", "setStatus", 10),
  GET_PRESENCE("GetPresenceHandler", "getPresence", 10),
  REQUEST_CHAT("RequestChatHandler", "requestChat", 10),
  END_CHAT("EndChatHandler", "endChat", 10),
  EXPLAIN("ExplainHandler", "explain", 10),
  GET_CHATS("GetChatsHandler", "getChats", 10),
  ACCEPT_CHAT("AcceptChatHandler", "acceptChat", 10),
  DECLINE_CHAT("DeclineChatHandler", "declineChat", 10),
  GET_AVAILABILITY("GetAvailabilityHandler", "getAvailability", 10),
  SET_AGENT_STATUS("SetAgentStatusHandler", "setAgentStatus", 10),
  // Within the router's timeout: a transfer attempt lives as long as a routing attempt.
  TRANSFER_CHAT("TransferChatHandler", "transferChat", 10),
  SUBSCRIBE_PRESENCE("SubscribePresenceHandler", "subscribePresence", 10),
  UNSUBSCRIBE_PRESENCE("UnsubscribePresenceHandler", "unsubscribePresence", 10),
  ROUTER("RouterHandler", null, Schema.ROUTER_TIMEOUT_SECONDS),
  TIMER("TimerHandler", null, Schema.ROUTER_TIMEOUT_SECONDS),
  REAPER("ReaperHandler", null, 60),
  AUDIT("AuditHandler", null, 10);

  private static final String PACKAGE = "chat.presence.functions.handlers.";

  private final String className;
  private final String routeKey;
  private final int timeoutSeconds;

  Handler(String className, String routeKey, int timeoutSeconds) {
    this.className = className;
    this.routeKey = routeKey;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The simple class name, also used as the construct id of the handler's resources. */
  public String className() {
    return className;
  }

  /** The Lambda handler string: {@code <fully qualified class>::handleRequest}. */
  public String handlerString() {
    return PACKAGE + className + "::handleRequest";
  }

  /** The WebSocket route key, for handlers behind the API. */
  public Optional<String> routeKey() {
    return Optional.ofNullable(routeKey);
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }
}
