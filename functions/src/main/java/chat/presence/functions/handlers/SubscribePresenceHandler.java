package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;

/**
 * {@code subscribePresence}: from the ack on, the connection receives {@code presence.changed} for
 * every change of an agent of its site. The subscription is an attribute of the connection's own
 * record, so it ends with the record, at disconnect.
 */
public final class SubscribePresenceHandler extends FrameHandler {
  private final ConnectionStore connections;

  public SubscribePresenceHandler() {
    this(FrameContext.of(Services.shared()), Services.shared().connections());
  }

  public SubscribePresenceHandler(FrameContext context, ConnectionStore connections) {
    super(context);
    this.connections = connections;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.SubscribePresence)) {
      throw misrouted(request);
    }
    Identity caller = exchange.caller();
    if (!connections.subscribePresence(exchange.connectionId(), caller.siteId())) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "connection is not registered", request.requestId());
    }
    exchange.reply(ServerMessages.ack(request));
  }
}
