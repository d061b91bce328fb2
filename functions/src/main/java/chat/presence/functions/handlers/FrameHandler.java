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
    Exchange exchange = new Exchange(connectionId);
    try {
      exchange.request = FrameParser.parse(event.getBody());
      handle(exchange);
    } catch (ProtocolException refused) {
      exchange.answerFailure(
          ServerMessages.error(refused.code(), refused.getMessage(), refused.requestId()), refused);
    } catch (RuntimeException failure) {
      LOG.error("frame on connection {} failed", connectionId, failure);
      exchange.answerFailure(
          ServerMessages.error(
              ErrorCode.INTERNAL,
              "internal error",
              exchange.request == null ? Optional.empty() : exchange.request.requestId()),
          failure);
    }
    return Responses.ok();
  }

  /** Handles a valid frame; throws {@link ProtocolException} to refuse it. */
  protected abstract void handle(Exchange exchange);

  /** One frame and its answer: a request gets one answer, never an ack and then an error. */
  protected final class Exchange {
    private final String connectionId;
    private ClientRequest request;
    private boolean answered;

    private Exchange(String connectionId) {
      this.connectionId = connectionId;
    }

    public ClientRequest request() {
      return request;
    }

    public String connectionId() {
      return connectionId;
    }

    /**
     * Who sent the frame, from the connection's verified token; refused if the role may not send
     * it.
     */
    public Identity caller() {
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

    /** Sends a frame to the caller; the first one sent answers the request. */
    public void reply(String frame) {
      answered = true;
      context.gateway().send(connectionId, frame);
    }

    /**
     * A failure after the request was answered (the ack went out, then something failed, even the
     * send of the ack itself) must not give the client a second, contradicting answer: the change
     * the ack confirmed was made.
     */
    private void answerFailure(String error, RuntimeException failure) {
      if (answered) {
        LOG.warn("frame on connection {} failed after it was answered", connectionId, failure);
        return;
      }
      reply(error);
    }
  }

  /** The frame reached a route that does not handle its action: the deployment lacks a route. */
  protected static ProtocolException misrouted(ClientRequest request) {
    return new ProtocolException(
        ErrorCode.UNKNOWN_ACTION, "no route for action '" + request.action() + "'", request.requestId());
  }
}
