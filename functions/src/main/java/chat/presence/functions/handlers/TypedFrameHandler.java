package chat.presence.functions.handlers;

import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;

/**
 * A frame route that serves one request type. A frame of another type reached it only because the
 * deployment lacks a route: it is refused as misrouted before the caller is looked up.
 */
abstract class TypedFrameHandler<R extends ClientRequest> extends FrameHandler {
  private final Class<R> type;

  protected TypedFrameHandler(FrameContext context, Class<R> type) {
    super(context);
    this.type = type;
  }

  @Override
  protected final void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!type.isInstance(request)) {
      throw misrouted(request);
    }
    handle(exchange, type.cast(request), exchange.caller());
  }

  /**
   * Handles a valid frame of the route's type, sent by {@code caller} in a role that may send it;
   * throws {@link ProtocolException} to refuse it.
   */
  protected abstract void handle(Exchange exchange, R request, Identity caller);
}
