/*
 * Errors as types. The server answers a failed request with
 * `{"type":"error","code":CODE,"message":TEXT,"requestId":…}` and changes nothing (contract v2,
 * "Errors"); the client rejects the request's promise with the subclass of PresenceError named by
 * the code, so that callers can write `catch (e) { if (e instanceof ConflictError) … }`. The
 * client's own failures (no connection, no answer in time, the connection lost while a request
 * waited) are PresenceErrors too, with codes of their own that no server frame carries.
 */

/** Any failed request. `code` is the server's code, or one of the client's (see below). */
export class PresenceError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{action?: string, requestId?: string}} [details]
   */
  constructor(code, message, details = {}) {
    super(`${code}: ${message}`);
    this.name = new.target.name;
    this.code = code;
    this.serverMessage = message;
    this.action = details.action;
    this.requestId = details.requestId;
  }

  /** Whether sending the same request again later may succeed (the server changed nothing). */
  get retryable() {
    return false;
  }
}

/** Not JSON, not an object, a missing or ill-typed field, an unknown status. */
export class BadRequestError extends PresenceError {}
/** `action` names no route (e.g. a v2 action sent to a v1 server). */
export class UnknownActionError extends PresenceError {}
/** The caller's role may not do this, or the chat is not theirs. */
export class ForbiddenError extends PresenceError {}
/** The chat (or agent) does not exist on the caller's site. */
export class NotFoundError extends PresenceError {}
/** The frame is over 32 KiB. */
export class PayloadTooLargeError extends PresenceError {}
/** The server failed; details are in its log. */
export class InternalError extends PresenceError {
  get retryable() {
    return true;
  }
}
/**
 * The request was valid but the state it needs no longer holds: an offer that expired or went to
 * someone else, a transfer target that is not eligible. Read the state again (getChats) first.
 */
export class ConflictError extends PresenceError {}
/** Too many open chats for the visitor, or frames sent faster than the deployment allows. */
export class RateLimitedError extends PresenceError {
  get retryable() {
    return true;
  }
}

/** The client's own: there is no open connection to send on (connecting, reconnecting, stopped). */
export class NotConnectedError extends PresenceError {
  constructor(action) {
    super('NOT_CONNECTED', 'not connected', { action });
  }

  get retryable() {
    return true;
  }
}

/**
 * The client's own: no answer came in time. The request may or may not have been applied:
 * every action of the contract may be sent again (a repeat changes nothing or answers the state).
 */
export class TimeoutError extends PresenceError {
  constructor(action, requestId) {
    super('TIMEOUT', `${action}: no answer`, { action, requestId });
    this.timedOut = true;
  }

  get retryable() {
    return true;
  }
}

/** The client's own: the connection closed (or the tab holding it went) before the answer came. */
export class ConnectionClosedError extends PresenceError {
  constructor(action, requestId) {
    super('CONNECTION_CLOSED', 'connection closed', { action, requestId });
  }

  get retryable() {
    return true;
  }
}

const BY_CODE = new Map([
  ['BAD_REQUEST', BadRequestError],
  ['UNKNOWN_ACTION', UnknownActionError],
  ['FORBIDDEN', ForbiddenError],
  ['NOT_FOUND', NotFoundError],
  ['PAYLOAD_TOO_LARGE', PayloadTooLargeError],
  ['INTERNAL', InternalError],
  ['CONFLICT', ConflictError],
  ['RATE_LIMITED', RateLimitedError],
]);

/**
 * The typed error for a server's error frame. A code this client does not know (a later contract
 * version's) is a plain PresenceError with that code.
 *
 * @param {{code?: string, message?: string, requestId?: string}} frame
 * @param {string} [action] the action of the request it answers
 */
export function errorFromFrame(frame, action) {
  const code = typeof frame.code === 'string' ? frame.code : 'INTERNAL';
  const Type = BY_CODE.get(code) ?? PresenceError;
  return new Type(code, frame.message ?? '', { action, requestId: frame.requestId });
}

/** A plain object that crosses a BroadcastChannel (errors do not keep their class there). */
export function serializeError(error) {
  return {
    code: error.code ?? 'INTERNAL',
    message: error.serverMessage ?? error.message ?? String(error),
    action: error.action,
    requestId: error.requestId,
  };
}

/** The typed error again, in the tab that receives a serialized one. */
export function deserializeError(data) {
  switch (data.code) {
    case 'NOT_CONNECTED':
      return new NotConnectedError(data.action);
    case 'TIMEOUT':
      return new TimeoutError(data.action, data.requestId);
    case 'CONNECTION_CLOSED':
      return new ConnectionClosedError(data.action, data.requestId);
    default:
      return errorFromFrame(data, data.action);
  }
}
