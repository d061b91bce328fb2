package chat.presence.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent.RequestIdentity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the events API Gateway hands to a WebSocket API's Lambda integrations. */
final class WebSocketEvents {
  private static final String API_ID = "local";

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final String stage;
  private final String domainName;

  WebSocketEvents(String stage, String domainName) {
    this.stage = stage;
    this.domainName = domainName;
  }

  APIGatewayV2WebSocketEvent connect(Handshake handshake) {
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(
        fill(
            new RequestContext(),
            handshake,
            Integration.CONNECT,
            "CONNECT",
            handshake.connectedAt()));
    event.setMultiValueHeaders(handshake.headers());
    event.setHeaders(lastValues(handshake.headers()));
    // API Gateway sends null, not empty maps, for a handshake without a query string.
    if (!handshake.queryParameters().isEmpty()) {
      event.setMultiValueQueryStringParameters(handshake.queryParameters());
      event.setQueryStringParameters(lastValues(handshake.queryParameters()));
    }
    event.setIsBase64Encoded(false);
    return event;
  }

  APIGatewayV2WebSocketEvent message(
      Handshake handshake, String routeKey, String body, long receivedAt) {
    RequestContext context = fill(new RequestContext(), handshake, routeKey, "MESSAGE", receivedAt);
    context.setMessageId(Ids.next());
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    event.setBody(body);
    event.setIsBase64Encoded(false);
    return event;
  }

  APIGatewayV2WebSocketEvent disconnect(Handshake handshake, DisconnectCause cause, long at) {
    var context =
        fill(new DisconnectRequestContext(), handshake, Integration.DISCONNECT, "DISCONNECT", at);
    context.setDisconnectStatusCode(cause.statusCode());
    context.setDisconnectReason(cause.reason());
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    event.setIsBase64Encoded(false);
    return event;
  }

  private <C extends RequestContext> C fill(
      C context, Handshake handshake, String routeKey, String eventType, long at) {
    String requestId = Ids.next();
    context.setRouteKey(routeKey);
    context.setEventType(eventType);
    context.setConnectionId(handshake.connectionId());
    context.setConnectedAt(handshake.connectedAt());
    context.setRequestId(requestId);
    context.setExtendedRequestId(requestId);
    context.setRequestTimeEpoch(at);
    context.setRequestTime(REQUEST_TIME.format(Instant.ofEpochMilli(at)));
    context.setStage(stage);
    context.setDomainName(domainName);
    context.setApiId(API_ID);
    context.setMessageDirection("IN");
    var identity = new RequestIdentity();
    identity.setSourceIp(handshake.sourceIp());
    identity.setUserAgent(handshake.userAgent());
    context.setIdentity(identity);
    return context;
  }

  private static Map<String, String> lastValues(Map<String, List<String>> multiValues) {
    return multiValues.entrySet().stream()
        .filter(entry -> !entry.getValue().isEmpty())
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, entry -> entry.getValue().get(entry.getValue().size() - 1)));
  }
}
