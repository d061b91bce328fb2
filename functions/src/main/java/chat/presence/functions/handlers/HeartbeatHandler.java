package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code heartbeat}: only acknowledged. The gateway itself records each frame's arrival
 * (lastActiveAt), so liveness costs no write here; it is checked with the gateway when a decision
 * needs it.
 */
public final class HeartbeatHandler extends FrameHandler {
  public HeartbeatHandler() {
    this(FrameContext.of(Services.shared()));
  }

  public HeartbeatHandler(FrameContext context) {
    super(context);
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.Heartbeat)) {
      throw misrouted(request);
    }
    exchange.reply(ServerMessages.ack(request));
  }
}
