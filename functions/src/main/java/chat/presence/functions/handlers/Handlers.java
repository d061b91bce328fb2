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
    return Map.of(
        "$connect",
        new ConnectHandler(services::tokens, services.connections(), services.timeline(), services.hints(), clock),
        "$disconnect", new DisconnectHandler(services.lifecycle(), clock),
        "$default", new DefaultRouteHandler(frames),
        Actions.HEARTBEAT, new HeartbeatHandler(frames),
        Actions.SET_STATUS, new SetStatusHandler(frames, services.timeline(), services.hints(), clock),
        Actions.GET_PRESENCE, new GetPresenceHandler(frames, services.agents(), services.rules(), clock),
        Actions.REQUEST_CHAT, new RequestChatHandler(frames, services.chats(), services.hints(), clock),
        Actions.END_CHAT,
        new EndChatHandler(frames, services.chats(), services.agents(), services.hints(), services.notifier(), clock),
        Actions.EXPLAIN, new ExplainHandler(frames, services.agents(), services.rules(), clock),
        Actions.GET_CHATS, new GetChatsHandler(frames, services.chats(), services.agents(), clock));
  }

  public static RouterHandler router(Services services, RetryPolicy retry, Pause pause) {
    return new RouterHandler(services.siteRouter(), services.routingQueue(), retry, pause);
  }

  public static ReaperHandler reaper(Services services) {
    return new ReaperHandler(services);
  }
}
