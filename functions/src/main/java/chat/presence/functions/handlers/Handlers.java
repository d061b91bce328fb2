package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.routing.Pause;
import chat.presence.functions.routing.RetryPolicy;
import chat.presence.model.wire.Route;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers built on one {@link Services}, each given exactly the collaborators it uses: for the
 * local runtime and the explorer, which run every handler in one process. A deployed function
 * builds only its own, through its no-argument constructor.
 */
public final class Handlers {
  private Handlers() {}

  /**
   * The WebSocket routes and their handlers, as the gateway selects them by route key: one for each
   * route of the {@link Route} table that a handler serves.
   */
  public static Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
      routes(Services services) {
    FrameContext frames = FrameContext.of(services);
    Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> routes =
        new LinkedHashMap<>();
    for (Route route : Route.values()) {
      handlerOf(route, services, frames).ifPresent(handler -> routes.put(route.key(), handler));
    }
    return Collections.unmodifiableMap(routes);
  }

  /** An exhaustive switch: a route added to the table does not compile until it is served here. */
  private static Optional<RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> handlerOf(
      Route route, Services services, FrameContext frames) {
    var clock = services.clock();
    return Optional.ofNullable(
        switch (route) {
          case CONNECT ->
              new ConnectHandler(
                  services::tokens,
                  services.connections(),
                  services.timeline(),
                  services.visitors(),
                  services.notifier(),
                  services.hints(),
                  clock);
          case DISCONNECT -> new DisconnectHandler(services.lifecycle(), clock);
          case DEFAULT -> new DefaultRouteHandler(frames);
          case HEARTBEAT -> new HeartbeatHandler(frames);
          case PING -> null;
          case SET_STATUS -> new SetStatusHandler(frames, services.timeline(), services.hints(), clock);
          case SET_AGENT_STATUS ->
              new SetAgentStatusHandler(frames, services.timeline(), services.hints(), services.notifier(), clock);
          case GET_PRESENCE -> new GetPresenceHandler(frames, services.agents(), services.rules(), clock);
          case REQUEST_CHAT ->
              new RequestChatHandler(
                  frames,
                  services.chats(),
                  services.connections(),
                  services.visitorChats(),
                  services.visitorLimits(),
                  services.hints(),
                  clock);
          case END_CHAT ->
              new EndChatHandler(
                  frames, services.chats(), services.agents(), services.hints(), services.notifier(), clock);
          case EXPLAIN -> new ExplainHandler(frames, services.agents(), services.chats(), services.rules(), clock);
          case GET_CHATS -> new GetChatsHandler(frames, services.chats(), services.agents(), clock);
          case ACCEPT_CHAT ->
              new AcceptChatHandler(
                  frames, services.chats(), services.sites(), services.timeline(), services.notifier(), clock);
          case DECLINE_CHAT -> new DeclineChatHandler(frames, services.chats(), services.agents(), services.hints());
          case TRANSFER_CHAT ->
              new TransferChatHandler(
                  frames,
                  services.chats(),
                  services.agents(),
                  services.gateway(),
                  services.rules(),
                  services.hints(),
                  services.notifier(),
                  clock);
          case SUBSCRIBE_PRESENCE -> new SubscribePresenceHandler(frames, services.connections());
          case UNSUBSCRIBE_PRESENCE -> new UnsubscribePresenceHandler(frames, services.connections());
          case GET_AVAILABILITY ->
              new GetAvailabilityHandler(
                  frames, services.agents(), services.chats(), services.sites(), services.rules(), clock);
        });
  }

  public static RouterHandler router(Services services, RetryPolicy retry, Pause pause) {
    return new RouterHandler(services.siteRouter(), services.routingQueue(), retry, pause);
  }

  public static ReaperHandler reaper(Services services) {
    return new ReaperHandler(services);
  }
}
