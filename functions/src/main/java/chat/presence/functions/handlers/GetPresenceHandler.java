package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.AgentStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ServerMessages;
import chat.presence.model.wire.ServerMessages.AgentPresence;
import java.time.Clock;
import java.util.Comparator;

/** {@code getPresence}: the caller's site's agents with their effective status. */
public final class GetPresenceHandler extends FrameHandler {
  private final AgentStore agents;
  private final PresenceRules rules;
  private final Clock clock;

  public GetPresenceHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().agents(),
        Services.shared().rules(),
        Services.shared().clock());
  }

  public GetPresenceHandler(FrameContext context, AgentStore agents, PresenceRules rules, Clock clock) {
    super(context);
    this.agents = agents;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.GetPresence)) {
      throw misrouted(request);
    }
    Identity caller = exchange.caller();
    var now = clock.instant();
    var presence =
        agents.ofSite(caller.siteId()).stream()
            .sorted(Comparator.comparing(AgentState::agentId))
            .map(a -> AgentPresence.of(a, rules.effectiveStatus(a, now)))
            .toList();
    exchange.reply(ServerMessages.presence(presence, request.requestId()));
  }
}
