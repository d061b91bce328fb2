package chat.presence.local.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A route handler that records the events it gets and answers a chosen status code. */
final class RecordingHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private final List<APIGatewayV2WebSocketEvent> events = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile Consumer<APIGatewayV2WebSocketEvent> work = event -> {};

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(
      APIGatewayV2WebSocketEvent event, Context context) {
    work.accept(event);
    events.add(event);
    var response = new APIGatewayV2WebSocketResponse();
    response.setStatusCode(status);
    return response;
  }

  void answer(int statusCode) {
    status = statusCode;
  }

  /** Runs before the event is recorded; may block or throw. */
  void doing(Consumer<APIGatewayV2WebSocketEvent> action) {
    work = action;
  }

  List<APIGatewayV2WebSocketEvent> events() {
    return events;
  }

  APIGatewayV2WebSocketEvent lastEvent() {
    return events.get(events.size() - 1);
  }

  List<String> bodies() {
    return events.stream().map(APIGatewayV2WebSocketEvent::getBody).toList();
  }
}
