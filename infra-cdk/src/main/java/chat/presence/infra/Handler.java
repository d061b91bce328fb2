package chat.presence.infra;

import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Route;
import java.util.Optional;

/**
 * The Lambda handlers in the functions jar, with the route of the {@link Route} table each one
 * serves, if any.
 */
public enum Handler {
  CONNECT(Route.CONNECT, 10),
  DISCONNECT(Route.DISCONNECT, 10),
  DEFAULT_ROUTE(Route.DEFAULT, 10),
  HEARTBEAT(Route.HEARTBEAT, 10),
  SET_STATUS(Route.SET_STATUS, 10),
  GET_PRESENCE(Route.GET_PRESENCE, 10),
  REQUEST_CHAT(Route.REQUEST_CHAT, 10),
  END_CHAT(Route.END_CHAT, 10),
  EXPLAIN(Route.EXPLAIN, 10),
  GET_CHATS(Route.GET_CHATS, 10),
  ACCEPT_CHAT(Route.ACCEPT_CHAT, 10),
  DECLINE_CHAT(Route.DECLINE_CHAT, 10),
  GET_AVAILABILITY(Route.GET_AVAILABILITY, 10),
  SET_AGENT_STATUS(Route.SET_AGENT_STATUS, 10),
  // Within the router's timeout: a transfer attempt lives as long as a routing attempt.
  TRANSFER_CHAT(Route.TRANSFER_CHAT, 10),
  SUBSCRIBE_PRESENCE(Route.SUBSCRIBE_PRESENCE, 10),
  UNSUBSCRIBE_PRESENCE(Route.UNSUBSCRIBE_PRESENCE, 10),
  ROUTER("RouterHandler", Schema.ROUTER_TIMEOUT_SECONDS),
  TIMER("TimerHandler", Schema.ROUTER_TIMEOUT_SECONDS),
  REAPER("ReaperHandler", 60),
  AUDIT("AuditHandler", 10);

  private static final String PACKAGE = "chat.presence.functions.handlers.";

  private final String className;
  private final Route route;
  private final int timeoutSeconds;

  /** A handler behind the API, named by the route table. */
  Handler(Route route, int timeoutSeconds) {
    this.className = route.handlerClass().orElseThrow();
    this.route = route;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** A handler invoked by a queue or a schedule. */
  Handler(String className, int timeoutSeconds) {
    this.className = className;
    this.route = null;
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
    return Optional.ofNullable(route).map(Route::key);
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }
}
