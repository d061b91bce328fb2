// The presence client for browsers (no dependencies). Node.js: the package's "node" entry
// (node.js) is the same with the `ws` package as its WebSocket.

export { PresenceClient } from './client.js';
export { ChatBook } from './chat-book.js';
export { PresenceBoard } from './presence-board.js';
export { claimsOf, expiryOf, TokenExpiredError } from './token.js';
export {
  PresenceError,
  BadRequestError,
  UnknownActionError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  InternalError,
  ConflictError,
  RateLimitedError,
  NotConnectedError,
  TimeoutError,
  ConnectionClosedError,
  errorFromFrame,
} from './errors.js';
