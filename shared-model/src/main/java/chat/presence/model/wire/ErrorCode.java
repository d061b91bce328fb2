package chat.presence.model.wire;

/** The error codes of the wire contract. */
public enum ErrorCode {
  BAD_REQUEST,
  UNKNOWN_ACTION,
  FORBIDDEN,
  NOT_FOUND,
  PAYLOAD_TOO_LARGE,
  /** The request was valid but the state it needs no longer holds (an expired or foreign offer). */
  CONFLICT,
  /** Too many open chats for one visitor, or frames faster than the deployment allows. */
  RATE_LIMITED,
  INTERNAL
}
