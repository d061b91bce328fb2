package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.model.presence.TransitionReason;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

/**
 * {@code $disconnect}: forgets the connection. The agent's chosen status is untouched; with no
 * connection left, the agent shows offline only once the grace period has passed.
 */
public final class DisconnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private final Services services;

  public DisconnectHandler() {
    this(Services.shared());
  }

  public DisconnectHandler(Services services) {
    this.services = services;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(
      APIGatewayV2WebSocketEvent event, Context context) {
    services
        .lifecycle()
        .drop(
            event.getRequestContext().getConnectionId(),
            services.clock().instant(),
            TransitionReason.DISCONNECT);
    return Responses.ok();
  }
}
