package chat.presence.model.wire;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The WebSocket API's route table: each route key and the handler class that serves it. The CDK
 * stack deploys its routes from it and the local runtime's gateway serves them from it, so a route
 * is added here once and the compiler asks both sides for it.
 */
public enum Route {
  CONNECT("$connect", "ConnectHandler"),
  DISCONNECT("$disconnect", "DisconnectHandler"),
  DEFAULT("$default", "DefaultRouteHandler"),
  HEARTBEAT(Actions.HEARTBEAT, "HeartbeatHandler"),
  /** Answered by the gateway alone: deployed, a one-way route on a mock integration. */
  PING(Actions.PING, null),
  SET_STATUS(Actions.SET_STATUS, "SetStatusHandler"),
  SET_AGENT_STATUS(Actions.SET_AGENT_STATUS, "SetAgentStatusHandler"),
  GET_PRESENCE(Actions.GET_PRESENCE, "GetPresenceHandler"),
  REQUEST_CHAT(Actions.REQUEST_CHAT, "RequestChatHandler"),
  END_CHAT(Actions.END_CHAT, "EndChatHandler"),
  EXPLAIN(Actions.EXPLAIN, "ExplainHandler"),
  GET_CHATS(Actions.GET_CHATS, "GetChatsHandler"),
  ACCEPT_CHAT(Actions.ACCEPT_CHAT, "AcceptChatHandler"),
  DECLINE_CHAT(Actions.DECLINE_CHAT, "DeclineChatHandler"),
  TRANSFER_CHAT(Actions.TRANSFER_CHAT, "TransferChatHandler"),
  SUBSCRIBE_PRESENCE(Actions.SUBSCRIBE_PRESENCE, "SubscribePresenceHandler"),
  UNSUBSCRIBE_PRESENCE(Actions.UNSUBSCRIBE_PRESENCE, "UnsubscribePresenceHandler"),
  GET_AVAILABILITY(Actions.GET_AVAILABILITY, "GetAvailabilityHandler");

  private final String key;
  private final String handlerClass;

  Route(String key, String handlerClass) {
    this.key = key;
    this.handlerClass = handlerClass;
  }

  /** The route key the gateway selects by: {@code $connect}, {@code $disconnect}, {@code $default} or an action. */
  public String key() {
    return key;
  }

  /** The simple name of the handler class serving the route; empty where the gateway answers alone. */
  public Optional<String> handlerClass() {
    return Optional.ofNullable(handlerClass);
  }

  /** The keys of the routes the gateway answers without invoking a handler. */
  public static Set<String> gatewayOnlyKeys() {
    return Arrays.stream(values())
        .filter(route -> route.handlerClass().isEmpty())
        .map(Route::key)
        .collect(Collectors.toUnmodifiableSet());
  }
}
