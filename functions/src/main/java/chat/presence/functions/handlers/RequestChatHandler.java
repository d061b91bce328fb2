package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.util.UUID;

/**
 * {@code requestChat}: stores the chat as queued and hands it to the site's router. Asking again
 * for an existing chat changes nothing and answers its current state.
 */
public final class RequestChatHandler extends FrameHandler {
  public RequestChatHandler() {
    this(Services.shared());
  }

  public RequestChatHandler(Services services) {
    super(services);
  }

  @Override
  protected void handle(String connectionId, ClientRequest request) {
    if (!(request instanceof ClientRequest.RequestChat requestChat)) {
      throw misrouted(request);
    }
    Identity visitor = caller(connectionId, request);
    String chatId = requestChat.chatId().orElseGet(() -> UUID.randomUUID().toString());
    boolean created =
        services
            .chats()
            .create(visitor.siteId(), chatId, visitor.userId(), services.clock().instant());
    if (created) {
      reply(connectionId, ServerMessages.requestChatAck(chatId, request.requestId()));
      services.routingEvents().publish(new RoutingEvent.ChatRequested(visitor.siteId(), chatId));
      return;
    }
    Chat existing =
        services
            .chats()
            .get(visitor.siteId(), chatId)
            .orElseThrow(() -> new IllegalStateException("chat " + chatId + " vanished"));
    if (!existing.visitorId().equals(visitor.userId())) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "chat " + chatId + " belongs to another visitor", request.requestId());
    }
    reply(connectionId, ServerMessages.requestChatAck(chatId, request.requestId()));
    reply(connectionId, currentState(existing));
    if (existing.pendingKey().isPresent()) {
      // The first request's hint may have been lost; routing the site again is harmless.
      services.routingEvents().publish(new RoutingEvent.ChatRequested(visitor.siteId(), chatId));
    }
  }

  private static String currentState(Chat chat) {
    return switch (chat.state()) {
      case QUEUED -> ServerMessages.chatQueued(chat.chatId(), chat.siteId());
      case ASSIGNED ->
          ServerMessages.chatAssigned(
              chat.chatId(), chat.siteId(), chat.agentId().orElseThrow(), chat.visitorId());
      case ENDED -> ServerMessages.chatEnded(chat.chatId(), chat.endedBy().orElse("system"));
    };
  }
}
