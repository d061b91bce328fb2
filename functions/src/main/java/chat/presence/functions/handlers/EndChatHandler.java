package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code endChat}: by the assigned agent or the chat's visitor. The chat is ended first and the
 * agent's seat freed here, not by a routing event that could be lost; a crash in between leaves an
 * ended chat in the queue index, whose settling pass frees the seat. Asking again frees it again.
 */
public final class EndChatHandler extends TypedFrameHandler<ClientRequest.EndChat> {
  private final ChatStore chats;
  private final AgentStore agents;
  private final RoutingHints hints;
  private final Notifier notifier;
  private final Clock clock;

  public EndChatHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().agents(),
        Services.shared().hints(),
        Services.shared().notifier(),
        Services.shared().clock());
  }

  public EndChatHandler(
      FrameContext context,
      ChatStore chats,
      AgentStore agents,
      RoutingHints hints,
      Notifier notifier,
      Clock clock) {
    super(context, ClientRequest.EndChat.class);
    this.chats = chats;
    this.agents = agents;
    this.hints = hints;
    this.notifier = notifier;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange, ClientRequest.EndChat endChat, Identity caller) {
    Chat chat =
        chats
            .get(caller.siteId(), endChat.chatId())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND,
                        "no chat " + endChat.chatId() + " on this site",
                        endChat.requestId()));
    boolean mine =
        switch (caller.role()) {
          case AGENT -> chat.agentId().filter(caller.userId()::equals).isPresent();
          case VISITOR -> chat.visitorId().equals(caller.userId());
          case SUPERVISOR -> true;
        };
    if (!mine) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "chat " + chat.chatId() + " is not yours", endChat.requestId());
    }
    Optional<Chat> endedNow = chats.end(caller.siteId(), chat.chatId(), caller.userId(), clock.instant());
    Chat ended = endedNow.or(() -> chats.get(caller.siteId(), chat.chatId())).orElse(chat);
    if (ended.state() == ChatState.ENDED) {
      ended.agentId().ifPresent(agent -> agents.release(caller.siteId(), agent, chat.chatId(), ended.generation()));
    }
    hints.send(new RoutingEvent.ChatEnded(caller.siteId(), chat.chatId()));
    exchange.reply(ServerMessages.ack(endChat));
    String frame = ServerMessages.chatEnded(chat.chatId(), ended.endedBy().orElse(caller.userId()));
    notifier.toVisitor(caller.siteId(), chat.visitorId(), frame);
    ended.agentId().ifPresent(agent -> notifier.toAgent(caller.siteId(), agent, frame));
  }
}
