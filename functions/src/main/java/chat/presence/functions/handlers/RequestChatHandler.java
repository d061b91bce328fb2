package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.functions.store.VisitorChatsStore;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.VisitorLimits;
import chat.presence.model.routing.VisitorLimits.Listing;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code requestChat}: stores the chat as queued and hands it to the site's router, if the visitor
 * holds fewer open chats than {@link VisitorLimits} allows (else {@code RATE_LIMITED}, nothing
 * changed). Asking again for an existing chat changes nothing and answers its current state. The connection's record lists
 * the chat, so that closing the connection finds it at once (the chats' visitor index may lag).
 */
public final class RequestChatHandler extends FrameHandler {
  private final ChatStore chats;
  private final ConnectionStore connections;
  private final VisitorChatsStore visitorChats;
  private final VisitorLimits limits;
  private final RoutingHints hints;
  private final Clock clock;

  public RequestChatHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().connections(),
        Services.shared().visitorChats(),
        Services.shared().visitorLimits(),
        Services.shared().hints(),
        Services.shared().clock());
  }

  public RequestChatHandler(
      FrameContext context,
      ChatStore chats,
      ConnectionStore connections,
      VisitorChatsStore visitorChats,
      VisitorLimits limits,
      RoutingHints hints,
      Clock clock) {
    super(context);
    this.chats = chats;
    this.connections = connections;
    this.visitorChats = visitorChats;
    this.limits = limits;
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
    if (!admitted(visitor, chatId)) {
      throw new ProtocolException(
          ErrorCode.RATE_LIMITED,
          "a visitor may hold at most " + limits.maxOpenChats() + " chats that have not ended",
          request.requestId());
    }
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

  /**
   * Whether the visitor may hold this chat: fewer than the limit are listed, or the chat is listed
   * already (a repeated request). A full list is checked first: listings that no longer hold a place
   * ({@link VisitorLimits#released}) are taken off. A chat listed but not stored yet keeps its place
   * while its request may still be running, so a visitor racing itself from many tabs gets no more.
   */
  private boolean admitted(Identity visitor, String chatId) {
    String siteId = visitor.siteId();
    String visitorId = visitor.userId();
    Instant now = clock.instant();
    if (visitorChats.admit(siteId, visitorId, new Listing(chatId, now), limits.maxOpenChats(), now)) {
      return true;
    }
    List<Listing> listed = visitorChats.listed(siteId, visitorId);
    if (listed.stream().anyMatch(listing -> listing.chatId().equals(chatId))) {
      return true;
    }
    Map<String, ChatState> stored = new HashMap<>();
    for (Listing listing : listed) {
      chats.get(siteId, listing.chatId()).ifPresent(chat -> stored.put(chat.chatId(), chat.state()));
    }
    for (Listing released : limits.released(listed, stored, now)) {
      visitorChats.forget(siteId, visitorId, released);
    }
    return visitorChats.admit(siteId, visitorId, new Listing(chatId, now), limits.maxOpenChats(), now);
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
