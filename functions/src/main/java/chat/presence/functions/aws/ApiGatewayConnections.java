package chat.presence.functions.aws;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** {@link ConnectionsGateway} over API Gateway's management API (or the local emulator's). */
public final class ApiGatewayConnections implements ConnectionsGateway {
  private final ApiGatewayManagementApiClient api;

  public ApiGatewayConnections(ApiGatewayManagementApiClient api) {
    this.api = api;
  }

  @Override
  public boolean send(String connectionId, String frame) {
    try {
      api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
      return true;
    } catch (GoneException gone) {
      return false;
    }
  }

  @Override
  public Optional<Instant> lastActiveAt(String connectionId) {
    try {
      return Optional.of(api.getConnection(r -> r.connectionId(connectionId)).lastActiveAt());
    } catch (GoneException gone) {
      return Optional.empty();
    }
  }

  @Override
  public void close(String connectionId) {
    try {
      api.deleteConnection(r -> r.connectionId(connectionId));
    } catch (GoneException alreadyGone) {
      // Closing a connection that is already closed is the outcome we wanted.
    }
  }
}
