package chat.presence.model.wire;

import java.util.Optional;

/** A frame the contract refuses; its message is safe to show to the client. */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;
  private final transient Optional<String> requestId;

  public ProtocolException(ErrorCode code, String message, Optional<String> requestId) {
    super(message, null, false, false);
    this.code = code;
    this.requestId = requestId;
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<String> requestId() {
    return requestId;
  }
}
