package chat.presence.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.util.Objects;

/**
 * A {@code $disconnect} request context. API Gateway sends {@code disconnectStatusCode} and {@code
 * disconnectReason}, which the Lambda events library has no fields for; they show when the event is
 * logged or serialized, while handlers typed on the library class simply ignore them.
 */
public final class DisconnectRequestContext extends APIGatewayV2WebSocketEvent.RequestContext {
  private int disconnectStatusCode;
  private String disconnectReason;

  public int getDisconnectStatusCode() {
    return disconnectStatusCode;
  }

  public void setDisconnectStatusCode(int disconnectStatusCode) {
    this.disconnectStatusCode = disconnectStatusCode;
  }

  public String getDisconnectReason() {
    return disconnectReason;
  }

  public void setDisconnectReason(String disconnectReason) {
    this.disconnectReason = disconnectReason;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DisconnectRequestContext that
        && super.equals(that)
        && disconnectStatusCode == that.disconnectStatusCode
        && Objects.equals(disconnectReason, that.disconnectReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), disconnectStatusCode, disconnectReason);
  }

  @Override
  public String toString() {
    return super.toString()
        + "{disconnectStatusCode: "
        + disconnectStatusCode
        + ", disconnectReason: "
        + disconnectReason
        + "}";
  }
}
