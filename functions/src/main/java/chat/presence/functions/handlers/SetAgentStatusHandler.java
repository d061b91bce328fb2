package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;

/**
 * {@code setAgentStatus}: a supervisor chooses an agent's status, the only way anyone but the agent
 * changes it. Stored before the ack, with reason {@code admin} and the supervisor's id in the
 * agent's timeline; then the agent's connections are told ({@code status.changed}).
 */
public final class SetAgentStatusHandler extends TypedFrameHandler<ClientRequest.SetAgentStatus> {
  private final StatusTimeline timeline;
  private final RoutingHints hints;
  private final Notifier notifier;
  private final Clock clock;

  public SetAgentStatusHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().timeline(),
        Services.shared().hints(),
        Services.shared().notifier(),
        Services.shared().clock());
  }

  public SetAgentStatusHandler(
      FrameContext context, StatusTimeline timeline, RoutingHints hints, Notifier notifier, Clock clock) {
    super(context, ClientRequest.SetAgentStatus.class);
    this.timeline = timeline;
    this.hints = hints;
    this.notifier = notifier;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange, ClientRequest.SetAgentStatus set, Identity supervisor) {
    AgentState written =
        timeline
            .chooseFor(supervisor.siteId(), set.agentId(), set.status(), supervisor.userId(), clock.instant())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND, "no agent " + set.agentId() + " on this site", set.requestId()));
    if (set.status() == ChosenStatus.AVAILABLE) {
      hints.send(
          new RoutingEvent.AgentEligible(supervisor.siteId(), set.agentId(), Long.toString(written.version())));
    }
    exchange.reply(ServerMessages.setAgentStatusAck(set, written.version()));
    notifier.toAgent(supervisor.siteId(), set.agentId(), ServerMessages.statusChanged(set.status(), supervisor.userId()));
  }
}
