package chat.presence.functions.handlers;

import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.FrameParser;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common path of every frame route: parse and validate the frame, answer a refused frame with
 * the contract's error, and never let an exception's details reach the client.
 */
abstract class FrameHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

  private final FrameContext context;

  protected FrameHandler(FrameContext context) {
    this.context = context;
  }

  @Override
  public final APIGatewayV2WebSocketResponse handleRequest(
      APIGatewayV2WebSocketEvent event, Context context) {
    String connectionId = event.getRequestContext().getConnectionId();
    Optional<String> requestId = Optional.empty();
    try {
      ClientRequest request = FrameParser.parse(event.getBody());
      requestId = request.requestId();
      handle(connectionId, request);
    } catch (ProtocolException refused) {
      reply(connectionId, ServerMessages.error(refused.code(), refused.getMessage(), refused.requestId()));
    } catch (RuntimeException failure) {
      LOG.error("frame on connection {} failed", connectionId, failure);
      reply(connectionId, ServerMessages.error(ErrorCode.INTERNAL, "internal error", requestId));
    }
    return Responses.ok();
  }

  /** Handles a valid frame; throws {@link ProtocolException} to refuse it. */
  protected abstract void handle(String connectionId, ClientRequest request);

  /** Who sent the frame, from the connection's verified token; refused if the role may not send it. */
  protected Identity caller(String connectionId, ClientRequest request) {
    Identity identity =
        context
            .connections()
            .get(connectionId)
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.FORBIDDEN, "connection is not registered", request.requestId()))
            .identity();
    if (!request.allowedRoles().contains(identity.role())) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN,
          "a " + identity.role().wireName() + " may not " + request.action(),
          request.requestId());
    }
    return identity;
  }

  protected void reply(String connectionId, String frame) {
    context.gateway().send(connectionId, frame);
  }

  /** The frame reached a route that does not handle its action: the deployment lacks a route. */
  protected static ProtocolException misrouted(ClientRequest request) {
    return new ProtocolException(
        ErrorCode.UNKNOWN_ACTION, "no route for action '" + request.action() + "'", request.requestId());
  }
}
