package chat.presence.local.gateway;

import chat.presence.local.LocalLambdaContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes' integrations: Lambda proxy integrations, invoked in process, and mock integrations,
 * which invoke nothing and, having no route response, send nothing back.
 */
final class Integration {
  static final String CONNECT = "$connect";
  static final String DISCONNECT = "$disconnect";
  static final String DEFAULT = "$default";

  private static final Logger log = LoggerFactory.getLogger(Integration.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** API Gateway's integration timeout: the most time any handler is given. */
  private static final int TIMEOUT_SECONDS = 29;

  private final Map<
          String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
      routes;
  private final Set<String> mockRoutes;

  Integration(
      Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
          routes,
      Set<String> mockRoutes) {
    this.routes = Map.copyOf(routes);
    this.mockRoutes = Set.copyOf(mockRoutes);
  }

  boolean isMock(String routeKey) {
    return mockRoutes.contains(routeKey);
  }

  /** API Gateway's {@code $request.body.action} route selection. */
  String routeFor(String body) {
    String action = actionOf(body);
    return action != null
            && !action.startsWith("$")
            && (routes.containsKey(action) || mockRoutes.contains(action))
        ? action
        : DEFAULT;
  }

  /**
   * Invokes the route's handler and answers the status code it returned: 200 when it returned none
   * or the route has no handler (API Gateway then accepts), 500 when it threw.
   */
  int invoke(String routeKey, APIGatewayV2WebSocketEvent event) {
    var handler = routes.get(routeKey);
    String connectionId = event.getRequestContext().getConnectionId();
    if (handler == null) {
      log.debug("No handler for route {}; connection {}", routeKey, connectionId);
      return 200;
    }
    try {
      var response =
          handler.handleRequest(
              event, new LocalLambdaContext(functionName(routeKey), TIMEOUT_SECONDS));
      int status =
          response == null || response.getStatusCode() == 0 ? 200 : response.getStatusCode();
      if (status / 100 != 2) {
        log.info("Route {} answered {} for connection {}", routeKey, status, connectionId);
      }
      return status;
    } catch (RuntimeException e) {
      log.error("Route {} failed for connection {}", routeKey, connectionId, e);
      return 500;
    }
  }

  private static String functionName(String routeKey) {
    return "route-" + routeKey.replace("$", "");
  }

  private static String actionOf(String body) {
    try {
      JsonNode action = JSON.readTree(body).path("action");
      return action.isTextual() ? action.asText() : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }
}
