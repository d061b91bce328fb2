package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ServerMessages;
import chat.presence.model.wire.ServerMessages.ChatSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code getChats}: the caller's chats that have not ended, read from the stored state. Events are
 * delivered at least once and missed while a client has no connection; this answer is the truth a
 * client resynchronises from after every (re)connect. An agent gets the chats whose assignment it
 * holds, a visitor its own, a supervisor every chat of its site.
 */
public final class GetChatsHandler extends FrameHandler {
  private final ChatStore chats;
  private final AgentStore agents;
  private final Clock clock;

  public GetChatsHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().agents(),
        Services.shared().clock());
  }

  public GetChatsHandler(FrameContext context, ChatStore chats, AgentStore agents, Clock clock) {
    super(context);
    this.chats = chats;
    this.agents = agents;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.GetChats)) {
      throw misrouted(request);
    }
    Identity caller = exchange.caller();
    List<Chat> open =
        switch (caller.role()) {
          case AGENT -> heldBy(caller);
          case VISITOR ->
              chats.ofVisitor(caller.siteId(), caller.userId()).stream()
                  .filter(c -> c.state() != ChatState.ENDED)
                  .toList();
          case SUPERVISOR -> chats.openOfSite(caller.siteId());
        };
    Map<String, Integer> positions = positions(caller.siteId(), open);
    List<ChatSummary> summaries =
        open.stream()
            .sorted(Comparator.comparing(Chat::requestedAt).thenComparing(Chat::chatId))
            .map(chat -> ChatSummary.of(chat, Optional.ofNullable(positions.get(chat.chatId()))))
            .toList();
    exchange.reply(ServerMessages.chats(summaries, request.requestId()));
  }

  /**
   * The chats whose current assignment or offer the agent holds: a leftover holding is not the
   * agent's chat.
   */
  private List<Chat> heldBy(Identity caller) {
    Optional<AgentState> agent = agents.get(caller.siteId(), caller.userId());
    List<Chat> held = new ArrayList<>();
    agent.ifPresent(
        a ->
            a.holdings()
                .forEach(
                    (chatId, generation) ->
                        chats
                            .get(caller.siteId(), chatId)
                            .filter(chat -> chat.isHeldBy(a.agentId(), generation))
                            .ifPresent(held::add)));
    return held;
  }

  /** Each queued chat's place in the site's line, 1 being the next to be served. */
  private Map<String, Integer> positions(String siteId, List<Chat> open) {
    if (open.stream().noneMatch(c -> c.state() == ChatState.QUEUED)) {
      return Map.of();
    }
    return chats.queuePositions(siteId, open, clock.instant());
  }
}
