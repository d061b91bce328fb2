package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.wire.ClientRequest;

/**
 * {@code $default}: frames whose action names no route. Parsing them yields the contract's error
 * (not JSON, no action, unknown action, too large). A {@code ping} lands here only on a deployment
 * without its mock route; it is still never answered, since its client expects no frame back.
 */
public final class DefaultRouteHandler extends FrameHandler {
  public DefaultRouteHandler() {
    this(FrameContext.of(Services.shared()));
  }

  public DefaultRouteHandler(FrameContext context) {
    super(context);
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (request instanceof ClientRequest.Ping) {
      return;
    }
    throw misrouted(request);
  }
}
