package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code endChat}: by the assigned agent or the chat's visitor. The router frees the agent's
 * capacity and routes the site's queue again.
 */
public final class EndChatHandler extends FrameHandler {
  public EndChatHandler() {
    this(Services.shared());
  }

  public EndChatHandler(Services services) {
    super(services);
  }

  @Override
  protected void handle(String connectionId, ClientRequest request) {
    if (!(request instanceof ClientRequest.EndChat endChat)) {
      throw misrouted(request);
    }
    Identity caller = caller(connectionId, request);
    Chat chat =
        services
            .chats()
            .get(caller.siteId(), endChat.chatId())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND,
                        "no chat " + endChat.chatId() + " on this site",
                        request.requestId()));
    boolean mine =
        caller.isAgent()
            ? chat.agentId().filter(caller.userId()::equals).isPresent()
            : chat.visitorId().equals(caller.userId());
    if (!mine) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "chat " + chat.chatId() + " is not yours", request.requestId());
    }
    Chat ended =
        services
            .chats()
            .end(caller.siteId(), chat.chatId(), caller.userId(), services.clock().instant())
            .orElse(chat);
    reply(connectionId, ServerMessages.ack(request));
    services.routingEvents().publish(new RoutingEvent.ChatEnded(caller.siteId(), chat.chatId()));
    String frame = ServerMessages.chatEnded(chat.chatId(), ended.endedBy().orElse(caller.userId()));
    services.notifier().toUser(caller.siteId(), chat.visitorId(), frame);
    chat.agentId().ifPresent(agent -> services.notifier().toUser(caller.siteId(), agent, frame));
  }
}
