package chat.presence.bench.init;

import chat.presence.local.LocalLambdaContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One handler's cold start in a fresh JVM, as Lambda's init and first invoke go: the handler class is
 * loaded and built through its no-argument constructor (which builds its SDK clients from the
 * environment), then handles one event. It runs with nothing but the deployable jar, this class and
 * {@link LocalLambdaContext} on the class path, so it must use nothing else. It prints one line: {@code handled <epoch millis
 * when the event was handled> <construct millis> <first invoke millis>}.
 *
 * <p>Arguments: the handler class, then the event: {@code connect CONNECTION_ID TOKEN}, {@code
 * disconnect CONNECTION_ID}, {@code message ROUTE CONNECTION_ID BODY}, {@code sqs GROUP BODY} or
 * {@code scheduled}.
 */
public final class InitProbe {
  private InitProbe() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    var handler =
        (RequestHandler<Object, Object>) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    long constructed = System.nanoTime();
    handler.handleRequest(event(args), new LocalLambdaContext(args[0], 30));
    long handled = System.nanoTime();
    System.out.println(
        "handled " + System.currentTimeMillis() + " " + millis(constructed - start) + " " + millis(handled - constructed));
    // The SDK's HTTP client may keep threads alive; the measurement is done.
    System.exit(0);
  }

  private static Object event(String[] args) {
    switch (args[1]) {
      case "connect":
        var connect = webSocketEvent("$connect", "CONNECT", args[2]);
        connect.setQueryStringParameters(Map.of("token", args[3]));
        return connect;
      case "disconnect":
        return webSocketEvent("$disconnect", "DISCONNECT", args[2]);
      case "message":
        var message = webSocketEvent(args[2], "MESSAGE", args[3]);
        message.setBody(args[4]);
        return message;
      case "sqs":
        var record = new SQSEvent.SQSMessage();
        record.setMessageId(UUID.randomUUID().toString());
        record.setBody(args[3]);
        record.setAttributes(Map.of("MessageGroupId", args[2], "ApproximateReceiveCount", "1"));
        record.setEventSource("aws:sqs");
        var sqs = new SQSEvent();
        sqs.setRecords(List.of(record));
        return sqs;
      case "scheduled":
        return new ScheduledEvent();
      default:
        throw new IllegalArgumentException("unknown event kind " + args[1]);
    }
  }

  private static APIGatewayV2WebSocketEvent webSocketEvent(String route, String type, String connectionId) {
    var context = new APIGatewayV2WebSocketEvent.RequestContext();
    long now = System.currentTimeMillis();
    context.setRouteKey(route);
    context.setEventType(type);
    context.setConnectionId(connectionId);
    context.setConnectedAt(now);
    context.setRequestTimeEpoch(now);
    context.setRequestId(UUID.randomUUID().toString());
    context.setStage("probe");
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    event.setIsBase64Encoded(false);
    return event;
  }

  private static String millis(long nanos) {
    return Double.toString(nanos / 1e6);
  }
}
