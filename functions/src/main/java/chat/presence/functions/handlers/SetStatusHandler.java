package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code setStatus}: stores the agent's choice before acknowledging it, so that an ack means no
 * chat is assigned against it afterwards.
 */
public final class SetStatusHandler extends FrameHandler {
  public SetStatusHandler() {
    this(Services.shared());
  }

  public SetStatusHandler(Services services) {
    super(services);
  }

  @Override
  protected void handle(String connectionId, ClientRequest request) {
    if (!(request instanceof ClientRequest.SetStatus setStatus)) {
      throw misrouted(request);
    }
    Identity agent = caller(connectionId, request);
    AgentState written =
        services
            .timeline()
            .choose(agent.siteId(), agent.userId(), setStatus.status(), services.clock().instant())
            .orElseThrow(
                () -> new ProtocolException(ErrorCode.FORBIDDEN, "unknown agent", request.requestId()));
    reply(connectionId, ServerMessages.setStatusAck(setStatus, written.version()));
    if (setStatus.status() == ChosenStatus.AVAILABLE) {
      services
          .routingEvents()
          .publish(
              new RoutingEvent.AgentEligible(
                  agent.siteId(), agent.userId(), Long.toString(written.version())));
    }
  }
}
