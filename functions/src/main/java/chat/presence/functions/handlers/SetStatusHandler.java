package chat.presence.functions.handlers;

import chat.presence.functions.Services;
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
 * {@code setStatus}: stores the agent's choice before acknowledging it, so that an ack means no
 * chat is assigned against it afterwards. The routing hint goes out before the ack, so the client
 * gets exactly one answer.
 */
public final class SetStatusHandler extends FrameHandler {
  private final StatusTimeline timeline;
  private final RoutingHints hints;
  private final Clock clock;

  public SetStatusHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().timeline(),
        Services.shared().hints(),
        Services.shared().clock());
  }

  public SetStatusHandler(
      FrameContext context, StatusTimeline timeline, RoutingHints hints, Clock clock) {
    super(context);
    this.timeline = timeline;
    this.hints = hints;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.SetStatus setStatus)) {
      throw misrouted(request);
    }
    Identity agent = exchange.caller();
    AgentState written =
        timeline
            .choose(agent.siteId(), agent.userId(), setStatus.status(), clock.instant())
            .orElseThrow(
                () -> new ProtocolException(ErrorCode.FORBIDDEN, "unknown agent", request.requestId()));
    if (setStatus.status() == ChosenStatus.AVAILABLE) {
      hints.send(
          new RoutingEvent.AgentEligible(
              agent.siteId(), agent.userId(), Long.toString(written.version())));
    }
    exchange.reply(ServerMessages.setStatusAck(setStatus, written.version()));
  }
}
