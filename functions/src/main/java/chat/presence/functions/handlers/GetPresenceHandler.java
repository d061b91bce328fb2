package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.presence.AgentState;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ServerMessages;
import chat.presence.model.wire.ServerMessages.AgentPresence;
import java.util.Comparator;

/** {@code getPresence}: the caller's site's agents with their effective status. */
public final class GetPresenceHandler extends FrameHandler {
  public GetPresenceHandler() {
    this(Services.shared());
  }

  public GetPresenceHandler(Services services) {
    super(services);
  }

  @Override
  protected void handle(String connectionId, ClientRequest request) {
    if (!(request instanceof ClientRequest.GetPresence)) {
      throw misrouted(request);
    }
    Identity agent = caller(connectionId, request);
    var now = services.clock().instant();
    var agents =
        services.agents().ofSite(agent.siteId()).stream()
            .sorted(Comparator.comparing(AgentState::agentId))
            .map(
                a ->
                    new AgentPresence(
                        a.agentId(),
                        services.rules().effectiveStatus(a, now).wireName(),
                        a.activeCount(),
                        a.maxChats()))
            .toList();
    reply(connectionId, ServerMessages.presence(agents, request.requestId()));
  }
}
