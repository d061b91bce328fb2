package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code declineChat}: the agent turns down a chat offered to it. The chat goes back to the front
 * of the queue in a new generation, never to be offered to this agent again, and the agent's seat
 * is freed (a crash in between leaves a holding of an old generation, which the router releases).
 */
public final class DeclineChatHandler extends FrameHandler {
  private final ChatStore chats;
  private final AgentStore agents;
  private final RoutingHints hints;

  public DeclineChatHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().agents(),
        Services.shared().hints());
  }

  public DeclineChatHandler(FrameContext context, ChatStore chats, AgentStore agents, RoutingHints hints) {
    super(context);
    this.chats = chats;
    this.agents = agents;
    this.hints = hints;
  }

  @Override
  protected void handle(Exchange exchange) {
    if (!(exchange.request() instanceof ClientRequest.DeclineChat decline)) {
      throw misrouted(exchange.request());
    }
    Identity agent = exchange.caller();
    Chat chat =
        chats
            .get(agent.siteId(), decline.chatId())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND, "no chat " + decline.chatId() + " on this site", decline.requestId()));
    boolean returned =
        chat.isOfferedTo(agent.userId()) && chats.returnOffer(chat, agent.userId()).isPresent();
    if (!returned) {
      // Also a decline sent again: the first one already took the offer away.
      throw new ProtocolException(
          ErrorCode.CONFLICT, "chat " + chat.chatId() + " is not offered to you", decline.requestId());
    }
    agents.release(agent.siteId(), agent.userId(), chat.chatId(), chat.generation());
    hints.send(new RoutingEvent.ChatReturned(agent.siteId(), chat.chatId(), chat.generation()));
    exchange.reply(ServerMessages.ack(decline));
  }
}
