package chat.presence.functions.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

/** Integration responses to the gateway. Frames to clients go through @connections instead. */
final class Responses {
  private Responses() {}

  static APIGatewayV2WebSocketResponse ok() {
    return status(200, null);
  }

  static APIGatewayV2WebSocketResponse status(int statusCode, String body) {
    var response = new APIGatewayV2WebSocketResponse();
    response.setStatusCode(statusCode);
    response.setBody(body);
    return response;
  }
}
