package chat.presence.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.aws.ConnectionsGateway;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code $default} answers: the contract's error, except to a ping. */
class DefaultRouteHandlerTest {
  private final List<String> sent = new ArrayList<>();
  private final ConnectionsGateway gateway =
      new ConnectionsGateway() {
        @Override
        public boolean send(String connectionId, String frame) {
          sent.add(frame);
          return true;
        }

        @Override
        public Optional<Instant> lastActiveAt(String connectionId) {
          return Optional.of(Instant.EPOCH);
        }

        @Override
        public void close(String connectionId) {}
      };

  // Neither frame asks who sent it, so the handler needs no connection store.
  private final DefaultRouteHandler handler = new DefaultRouteHandler(new FrameContext(null, gateway));

  @Test
  void pingOnADeploymentWithoutItsRouteIsNotAnswered() {
    handler.handleRequest(frame("{\"action\":\"ping\",\"requestId\":\"r-1\"}"), null);

    assertThat(sent).isEmpty();
  }

  @Test
  void unknownActionIsStillAnsweredWithItsError() {
    handler.handleRequest(frame("{\"action\":\"dance\",\"requestId\":\"r-1\"}"), null);

    assertThat(sent).singleElement().asString().contains("\"code\":\"UNKNOWN_ACTION\"", "\"requestId\":\"r-1\"");
  }

  private static APIGatewayV2WebSocketEvent frame(String body) {
    var context = new APIGatewayV2WebSocketEvent.RequestContext();
    context.setConnectionId("c1");
    context.setRouteKey("$default");
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    event.setBody(body);
    return event;
  }
}
