package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.presence.ConnectionLifecycle;
import chat.presence.model.presence.TransitionReason;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;

/**
 * {@code $disconnect}: forgets the connection. The agent's chosen status is untouched; with no
 * connection left, the agent shows offline only once the grace period has passed.
 */
public final class DisconnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private final ConnectionLifecycle lifecycle;
  private final Clock clock;

  public DisconnectHandler() {
    this(Services.shared().lifecycle(), Services.shared().clock());
  }

  public DisconnectHandler(ConnectionLifecycle lifecycle, Clock clock) {
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(
      APIGatewayV2WebSocketEvent event, Context context) {
    lifecycle.drop(
        event.getRequestContext().getConnectionId(), clock.instant(), TransitionReason.DISCONNECT);
    return Responses.ok();
  }
}
