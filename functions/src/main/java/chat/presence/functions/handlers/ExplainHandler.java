package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.presence.AgentState;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code explain}: why an agent of the caller's site shows the status it shows: its recent status
 * changes with their reasons.
 */
public final class ExplainHandler extends FrameHandler {
  public ExplainHandler() {
    this(Services.shared());
  }

  public ExplainHandler(Services services) {
    super(services);
  }

  @Override
  protected void handle(String connectionId, ClientRequest request) {
    if (!(request instanceof ClientRequest.Explain explain)) {
      throw misrouted(request);
    }
    Identity caller = caller(connectionId, request);
    AgentState agent =
        services
            .agents()
            .get(caller.siteId(), explain.agentId())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND,
                        "no agent " + explain.agentId() + " on this site",
                        request.requestId()));
    String status = services.rules().effectiveStatus(agent, services.clock().instant()).wireName();
    reply(
        connectionId,
        ServerMessages.explanation(agent.agentId(), status, agent.history(), request.requestId()));
  }
}
