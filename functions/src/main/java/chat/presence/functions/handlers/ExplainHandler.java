package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;

/**
 * {@code explain}: why an agent of the caller's site shows the status it shows (its recent status
 * changes with their reasons), or why a chat of the site went to its agent (the decision recorded
 * with the assignment: the candidates, their load and last assignment, the rule that decided).
 */
public final class ExplainHandler extends FrameHandler {
  private final AgentStore agents;
  private final ChatStore chats;
  private final PresenceRules rules;
  private final Clock clock;

  public ExplainHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().agents(),
        Services.shared().chats(),
        Services.shared().rules(),
        Services.shared().clock());
  }

  public ExplainHandler(
      FrameContext context, AgentStore agents, ChatStore chats, PresenceRules rules, Clock clock) {
    super(context);
    this.agents = agents;
    this.chats = chats;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    Identity caller = exchange.caller();
    if (request instanceof ClientRequest.ExplainChat explainChat) {
      ChatStore.Explained explained =
          chats
              .explain(caller.siteId(), explainChat.chatId())
              .orElseThrow(
                  () ->
                      new ProtocolException(
                          ErrorCode.NOT_FOUND,
                          "no chat " + explainChat.chatId() + " on this site",
                          request.requestId()));
      exchange.reply(
          ServerMessages.chatExplanation(explained.chat(), explained.decision(), request.requestId()));
      return;
    }
    if (!(request instanceof ClientRequest.Explain explain)) {
      throw misrouted(request);
    }
    AgentState agent =
        agents
            .get(caller.siteId(), explain.agentId())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND,
                        "no agent " + explain.agentId() + " on this site",
                        request.requestId()));
    String status = rules.effectiveStatus(agent, clock.instant()).wireName();
    exchange.reply(ServerMessages.explanation(agent.agentId(), status, agent.history(), request.requestId()));
  }
}
