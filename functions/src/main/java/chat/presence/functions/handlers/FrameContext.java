package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.ConnectionStore;

/** What every frame route needs: who a connection belongs to, and the way to answer it. */
public record FrameContext(ConnectionStore connections, ConnectionsGateway gateway) {
  static FrameContext of(Services services) {
    return new FrameContext(services.connections(), services.gateway());
  }
}
