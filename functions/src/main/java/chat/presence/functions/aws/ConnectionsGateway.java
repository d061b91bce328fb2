package chat.presence.functions.aws;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** The gateway's @connections API: send to a connection, ask about it, close it. */
public final class ConnectionsGateway {
  private final ApiGatewayManagementApiClient api;

  public ConnectionsGateway(ApiGatewayManagementApiClient api) {
    this.api = api;
  }

  /** Sends a frame; false if the gateway says the connection is gone. */
  public boolean send(String connectionId, String frame) {
    try {
      api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
      return true;
    } catch (GoneException gone) {
      return false;
    }
  }

  /** When the gateway last received a frame on the connection; empty if it is gone. */
  public Optional<Instant> lastActiveAt(String connectionId) {
    try {
      return Optional.of(api.getConnection(r -> r.connectionId(connectionId)).lastActiveAt());
    } catch (GoneException gone) {
      return Optional.empty();
    }
  }

  public void close(String connectionId) {
    try {
      api.deleteConnection(r -> r.connectionId(connectionId));
    } catch (GoneException alreadyGone) {
      // Closing a connection that is already closed is the outcome we wanted.
    }
  }
}
