package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code unsubscribePresence}: the connection receives no more {@code presence.changed}, except one
 * whose post had already begun when the ack was sent.
 */
public final class UnsubscribePresenceHandler extends FrameHandler {
  private final ConnectionStore connections;

  public UnsubscribePresenceHandler() {
    this(FrameContext.of(Services.shared()), Services.shared().connections());
  }

  public UnsubscribePresenceHandler(FrameContext context, ConnectionStore connections) {
    super(context);
    this.connections = connections;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.UnsubscribePresence)) {
      throw misrouted(request);
    }
    exchange.caller(); // refuses a role that may not subscribe
    connections.unsubscribePresence(exchange.connectionId());
    exchange.reply(ServerMessages.ack(request));
  }
}
