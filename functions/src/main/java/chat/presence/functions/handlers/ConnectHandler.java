package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.auth.TokenVerifier.Verification;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.Identity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $connect}: authenticates the token and registers the connection. A refused handshake
 * writes nothing; the gateway answers the client with the status returned here.
 */
public final class ConnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

  private final Services services;

  public ConnectHandler() {
    this(Services.shared());
  }

  public ConnectHandler(Services services) {
    this.services = services;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(
      APIGatewayV2WebSocketEvent event, Context context) {
    String connectionId = event.getRequestContext().getConnectionId();
    Map<String, String> query =
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    try {
      Verification verification = services.tokens().verify(Optional.ofNullable(query.get("token")));
      if (verification.identity().isEmpty()) {
        LOG.info("handshake {} refused: {}", connectionId, verification.reason());
        return Responses.status(verification.refusalStatus(), verification.reason());
      }
      Identity identity = verification.identity().get();
      Optional<ChosenStatus> requested = Optional.empty();
      String status = query.get("status");
      if (identity.isAgent() && status != null) {
        requested = ChosenStatus.fromWire(status);
        if (requested.isEmpty()) {
          return Responses.status(400, "status must be 'available' or 'away'");
        }
      }
      var now = services.clock().instant();
      services.connections().put(connectionId, identity, now);
      if (identity.isAgent()) {
        AgentState written = services.timeline().connect(identity, connectionId, requested, now);
        if (written.chosenStatus() == ChosenStatus.AVAILABLE) {
          services
              .routingEvents()
              .publish(
                  new RoutingEvent.AgentEligible(
                      identity.siteId(), identity.userId(), Long.toString(written.version())));
        }
      }
      return Responses.ok();
    } catch (RuntimeException failure) {
      LOG.error("handshake {} failed", connectionId, failure);
      return Responses.status(500, "internal error");
    }
  }
}
