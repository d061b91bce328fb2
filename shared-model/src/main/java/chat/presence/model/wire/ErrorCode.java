package chat.presence.model.wire;

/** The error codes of the wire contract. */
public enum ErrorCode {
  BAD_REQUEST,
  UNKNOWN_ACTION,
  FORBIDDEN,
  NOT_FOUND,
  PAYLOAD_TOO_LARGE,
  INTERNAL
}
