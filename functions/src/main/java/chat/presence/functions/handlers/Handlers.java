package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.routing.Pause;
import chat.presence.functions.routing.RetryPolicy;
import chat.presence.model.wire.Actions;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;

/**
 * The handlers built on one {@link Services}, each given exactly the collaborators it uses: for the
 * local runtime and the explorer, which run every handler in one process. A deployed function
 * builds only its own, through its no-argument constructor.
 */
public final class Handlers {
  private Handlers() {}

  /** The WebSocket routes and their handlers, as the gateway selects them by route key. */
  public static Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
      routes(Services services) {
    FrameContext frames = FrameContext.of(services);
    var clock = services.clock();
    return Map.ofEntries(
        Map.entry(
            "$connect",
            new ConnectHandler(
                services::tokens,
                services.connections(),
                services.timeline(),
                services.visitors(),
                services.notifier(),
                services.hints(),
                clock)),
        Map.entry("$disconnect", new DisconnectHandler(services.lifecycle(), clock)),
        Map.entry("$default", new DefaultRouteHandler(frames)),
        Map.entry(Actions.HEARTBEAT, new HeartbeatHandler(frames)),
        Map.entry(
            Actions.SET_STATUS, new SetStatusHandler(frames, services.timeline(), services.hints(), clock)),
        Map.entry(
            Actions.SET_AGENT_STATUS,
            new SetAgentStatusHandler(frames, services.timeline(), services.hints(), services.notifier(), clock)),
        Map.entry(
            Actions.GET_PRESENCE, new GetPresenceHandler(frames, services.agents(), services.rules(), clock)),
        Map.entry(
            Actions.REQUEST_CHAT,
            new RequestChatHandler(
                frames,
                services.chats(),
                services.connections(),
                services.visitorChats(),
                services.visitorLimits(),
                services.hints(),
                clock)),
        Map.entry(
            Actions.END_CHAT,
            new EndChatHandler(
                frames, services.chats(), services.agents(), services.hints(), services.notifier(), clock)),
        Map.entry(
            Actions.EXPLAIN,
            new ExplainHandler(frames, services.agents(), services.chats(), services.rules(), clock)),
        Map.entry(Actions.GET_CHATS, new GetChatsHandler(frames, services.chats(), services.agents(), clock)),
        Map.entry(
            Actions.ACCEPT_CHAT,
            new AcceptChatHandler(
                frames, services.chats(), services.sites(), services.timeline(), services.notifier(), clock)),
        Map.entry(
            Actions.DECLINE_CHAT,
            new DeclineChatHandler(frames, services.chats(), services.agents(), services.hints())),
        Map.entry(
            Actions.TRANSFER_CHAT,
            new TransferChatHandler(
                frames,
                services.chats(),
                services.agents(),
                services.gateway(),
                services.rules(),
                services.hints(),
                services.notifier(),
                clock)),
        Map.entry(
            Actions.SUBSCRIBE_PRESENCE, new SubscribePresenceHandler(frames, services.connections())),
        Map.entry(
            Actions.UNSUBSCRIBE_PRESENCE, new UnsubscribePresenceHandler(frames, services.connections())),
        Map.entry(
            Actions.GET_AVAILABILITY,
            new GetAvailabilityHandler(
                frames, services.agents(), services.chats(), services.sites(), services.rules(), clock)));
  }

  public static RouterHandler router(Services services, RetryPolicy retry, Pause pause) {
    return new RouterHandler(services.siteRouter(), services.routingQueue(), retry, pause);
  }

  public static ReaperHandler reaper(Services services) {
    return new ReaperHandler(services);
  }
}
