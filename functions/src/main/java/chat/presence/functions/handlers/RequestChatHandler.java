package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code requestChat}: stores the chat as queued and hands it to the site's router. Asking again
 * for an existing chat changes nothing and answers its current state. The connection's record lists
 * the chat, so that closing the connection finds it at once (the chats' visitor index may lag).
 */
public final class RequestChatHandler extends FrameHandler {
  private final ChatStore chats;
  private final ConnectionStore connections;
  private final RoutingHints hints;
  private final Clock clock;

  public RequestChatHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().connections(),
        Services.shared().hints(),
        Services.shared().clock());
  }

  public RequestChatHandler(
      FrameContext context, ChatStore chats, ConnectionStore connections, RoutingHints hints, Clock clock) {
    super(context);
    this.chats = chats;
    this.connections = connections;
    this.hints = hints;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.RequestChat requestChat)) {
      throw misrouted(request);
    }
    Identity visitor = exchange.caller();
    String chatId = requestChat.chatId().orElseGet(() -> UUID.randomUUID().toString());
    // Listed first: a close right after the request then finds the chat, and stores it if this
    // request has not yet. A connection already dropped takes no more requests.
    if (!connections.addChat(exchange.connectionId(), chatId)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "connection is not registered", request.requestId());
    }
    boolean created =
        chats.create(visitor.siteId(), chatId, visitor.userId(), requestChat.routing(), clock.instant());
    if (created) {
      hints.send(new RoutingEvent.ChatRequested(visitor.siteId(), chatId));
      exchange.reply(ServerMessages.requestChatAck(chatId, request.requestId()));
      return;
    }
    Chat existing =
        chats
            .get(visitor.siteId(), chatId)
            .orElseThrow(() -> new IllegalStateException("chat " + chatId + " vanished"));
    if (!existing.visitorId().equals(visitor.userId())) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "chat " + chatId + " belongs to another visitor", request.requestId());
    }
    if (existing.pendingKey().isPresent()) {
      // The first request's hint may have been lost; routing the site again is harmless.
      hints.send(new RoutingEvent.ChatRequested(visitor.siteId(), chatId));
    }
    exchange.reply(ServerMessages.requestChatAck(chatId, request.requestId()));
    exchange.reply(currentState(existing));
  }

  private String currentState(Chat chat) {
    return switch (chat.state()) {
      // An offer is between the router and one agent: to the visitor the chat still waits.
      case QUEUED, OFFERED ->
          ServerMessages.chatQueued(
              chat.chatId(),
              chat.siteId(),
              chats.queuePositions(chat.siteId(), List.of(chat), clock.instant()).get(chat.chatId()));
      case ASSIGNED ->
          ServerMessages.chatAssigned(
              chat.chatId(), chat.siteId(), chat.agentId().orElseThrow(), chat.visitorId());
      case ENDED -> ServerMessages.chatEnded(chat.chatId(), chat.endedBy().orElse("system"));
    };
  }
}
