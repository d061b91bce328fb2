package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.AgentStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;

/**
 * {@code explain}: why an agent of the caller's site shows the status it shows: its recent status
 * changes with their reasons.
 */
public final class ExplainHandler extends FrameHandler {
  private final AgentStore agents;
  private final PresenceRules rules;
  private final Clock clock;

  public ExplainHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().agents(),
        Services.shared().rules(),
        Services.shared().clock());
  }

  public ExplainHandler(FrameContext context, AgentStore agents, PresenceRules rules, Clock clock) {
    super(context);
    this.agents = agents;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.Explain explain)) {
      throw misrouted(request);
    }
    Identity caller = exchange.caller();
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
