/*
 * PresenceSocket: one lasting session with the presence WebSocket API (wire contract v2), made of
 * WebSocket connections that come and go underneath it.
 *
 * Keep-alive. A `ping` frame every PRESENCE_HEARTBEAT_INTERVAL_SECONDS (served by
 * /local/console-config): deployed, a ping is one billed message and invokes no function, where a
 * `heartbeat` and its ack are two messages and an invocation. Nothing answers a ping, so a ping
 * cannot tell a dead socket from a live one; any frame from the server can. So when nothing has
 * come on the connection for PINGS_BEFORE_CHECK keep-alives in a row, the next keep-alive is an
 * answered `heartbeat` instead, and one left unanswered for the longer of the interval and 10 s
 * means the socket is dead without having said so: it is dropped and replaced. A view that reads
 * every few seconds (the agent's team, the supervisor's board) never needs that heartbeat; a quiet
 * one sends it every third interval. A socket that closes or fails says so by its close event.
 *
 * Reconnecting. A connection that fails or closes without being asked to is replaced after a
 * backoff: 1 s, 2 s, 4 s ... up to 30 s, each stretched by up to half at random so that consoles
 * cut off together do not all return in the same instant. An open connection resets the backoff.
 *
 * Handover at the 2-hour limit. API Gateway closes every connection when it is two hours old.
 * Reconnecting only after that close would leave the agent with no connection for a moment, and
 * presence (which aggregates an agent's connections) would count it as a disconnect. So the
 * session hands over instead: when its connection is `handoverAfterMs` old (1 h 55 min by
 * default), it opens a second connection with the same token and no `status` (so the status the
 * agent chose is kept); only when that one is open, which means the gateway has run its $connect,
 * does it send on the new one and close the old one (its unanswered requests first, for at most
 * 5 s). The agent has a live connection at every instant, and presence never drops. While the two
 * overlap, server events may arrive on both: listeners must treat events as idempotent (by chatId).
 * If the server closes the connection with 1001 "Going away" (the age limit reached all the same,
 * the idle limit, or the gateway stopping), the session reconnects at once, without backoff: the
 * server asked for it and nothing is broken, and the offline grace period covers the short gap.
 *
 * Resynchronising (contract v2). Events are delivered at least once, and are lost while no
 * connection is open: before the first one, between a failure and the reconnect, and for a
 * connection still in its handshake. So after every connection it adopts (the first, each
 * reconnect, each handover) the session sends `getChats` on it and hands the answer to
 * `options.chats` (a ChatBook), which takes it as the truth. Doing it here, where connections
 * are adopted, is what makes it "every (re)connect" for every view at once.
 */

const MAX_BACKOFF_MS = 30_000;
const FIRST_BACKOFF_MS = 1_000;
const REQUEST_TIMEOUT_MS = 10_000;
const RETIRE_WAIT_MS = 5_000;
const GOING_AWAY = 1001;
const RESYNC_RETRY_MS = 5_000;
const PINGS_BEFORE_CHECK = 2;

let requestCounter = 0;

export class PresenceSocket {
  /**
   * @param options.url WebSocket URL with the token
   * @param options.heartbeatMs interval of keep-alives
   * @param options.handoverAfterMs age at which a connection is replaced by a new one
   * @param options.expiresAtMs the token's expiry: no reconnecting after it
   * @param options.onEvent (frame) for server events (frames without requestId)
   * @param options.onState (state, detail): connecting, connected, handing-over, reconnecting,
   *     expired, stopped
   * @param options.onLog (line) for a human-readable history of connections
   * @param options.chats optional ChatBook, resynchronised with `getChats` after each connect
   */
  constructor(options) {
    this.options = options;
    this.current = null;
    this.next = null;
    this.stopped = false;
    this.failures = 0;
    this.retryTimer = null;
    this.keepAliveTimer = null;
  }

  start() {
    this.connect('connecting', 'sign in');
    this.keepAliveTimer = setInterval(() => this.keepAlive(), this.options.heartbeatMs);
  }

  stop() {
    this.stopped = true;
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.retryTimer);
    for (const connection of [this.current, this.next]) {
      if (connection) {
        connection.retiring = true;
        connection.close(1000, 'signed out');
      }
    }
    this.current = this.next = null;
    this.state('stopped');
  }

  /** Sends a frame on the current connection; resolves with its answer, rejects on an error frame. */
  request(action, fields = {}) {
    if (!this.current) {
      return Promise.reject(new Error('not connected'));
    }
    return this.current.request(action, fields);
  }

  /**
   * Resynchronises the book now, on the current connection: for when the server said the view is
   * wrong (a CONFLICT on an offer the view still showed) and no event may come to correct it.
   */
  refreshChats() {
    if (this.current) {
      this.resync(this.current);
    }
  }

  connect(state, reason) {
    clearTimeout(this.retryTimer); // whatever calls now supersedes a retry still scheduled
    if (this.stopped || this.next) {
      return;
    }
    if (this.options.expiresAtMs && Date.now() >= this.options.expiresAtMs) {
      this.state('expired', 'the token has expired: sign in again');
      return;
    }
    this.state(state, reason);
    const connection = new Connection(this.options.url, {
      onOpen: () => this.adopt(connection),
      onEvent: (frame) => this.options.onEvent(frame),
      onClose: (event) => this.closed(connection, event),
    });
    this.next = connection;
  }

  /** The new connection is open: it becomes the one to use, and the one it replaces retires. */
  adopt(connection) {
    if (this.stopped) {
      connection.close(1000, 'signed out');
      return;
    }
    this.next = null;
    const previous = this.current;
    this.current = connection;
    this.failures = 0;
    if (previous) {
      previous.retire(RETIRE_WAIT_MS);
      this.log('handover complete: new connection open, old one closing');
    } else {
      this.log('connected');
    }
    this.state('connected');
    connection.handoverTimer = setTimeout(() => this.handOver(connection), this.options.handoverAfterMs);
    this.resync(connection);
  }

  /**
   * Asks for the caller's chats on a connection just adopted. The book's mark is taken before the
   * request goes out, so that it can tell the events that came while the answer was on its way.
   * A connection that closes first needs nothing: its successor resyncs when it is adopted.
   */
  resync(connection) {
    const book = this.options.chats;
    if (!book || this.stopped || connection !== this.current) {
      return;
    }
    const mark = book.beginResync();
    connection.request('getChats').then(
      (answer) => book.resync(mark, answer.chats),
      (error) => {
        if (this.stopped || connection !== this.current) {
          return;
        }
        if (error.code === 'UNKNOWN_ACTION') {
          // A v1 server: events are all there is.
          this.log('the server has no getChats: chats missed while disconnected will not show');
          return;
        }
        // Until it is answered, chats missed meanwhile stay missing: ask again on this connection.
        this.log(`getChats failed (${error.message}): asking again in ${RESYNC_RETRY_MS / 1000} s`);
        setTimeout(() => this.resync(connection), RESYNC_RETRY_MS);
      });
  }

  handOver(connection) {
    if (connection === this.current) {
      this.log('handover: connection is old, opening its successor');
      this.connect('handing-over', 'opening the next connection before closing this one');
    }
  }

  closed(connection, event) {
    clearTimeout(connection.handoverTimer);
    if (this.stopped || connection.retiring) {
      return;
    }
    const why = `closed ${event.code}${event.reason ? ' "' + event.reason + '"' : ''}`;
    if (connection === this.next) {
      this.next = null;
      // A failed handover leaves the current connection in use; try again after a backoff.
      this.retryAfterBackoff(this.current ? 'handing-over' : 'reconnecting', `could not connect (${why})`);
      return;
    }
    if (connection !== this.current) {
      return;
    }
    this.current = null;
    if (event.code === GOING_AWAY) {
      this.log(`server closed the connection (${why}): reconnecting now`);
      this.connect('reconnecting', 'the server is going away: reconnecting now');
    } else {
      this.retryAfterBackoff('reconnecting', `connection lost (${why})`);
    }
  }

  retryAfterBackoff(state, why) {
    const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.failures);
    const delay = Math.round(base * (1 + Math.random() / 2));
    this.failures += 1;
    this.log(`${why}: retrying in ${(delay / 1000).toFixed(1)} s`);
    this.state(state, `${why}; retrying in ${(delay / 1000).toFixed(1)} s`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(state, 'retrying'), delay);
  }

  keepAlive() {
    const connection = this.current;
    if (!connection) {
      return;
    }
    connection.keepAlivesSinceFrame += 1;
    if (connection.keepAlivesSinceFrame <= PINGS_BEFORE_CHECK) {
      connection.ping();
      return;
    }
    const deadline = Math.max(this.options.heartbeatMs, REQUEST_TIMEOUT_MS);
    connection.request('heartbeat', {}, deadline).catch((error) => {
      if (error.timedOut && connection === this.current) {
        this.log('heartbeat unanswered: dropping the connection');
        connection.abandon();
      }
    });
  }

  state(state, detail = '') {
    this.options.onState(state, detail);
  }

  log(line) {
    this.options.onLog?.(line);
  }
}

/** One WebSocket and the requests that wait for an answer on it. */
class Connection {
  constructor(url, listeners) {
    this.listeners = listeners;
    this.pending = new Map();
    this.retiring = false;
    this.handoverTimer = null;
    this.closedAlready = false;
    this.keepAlivesSinceFrame = 0;
    this.socket = new WebSocket(url);
    this.socket.onopen = () => listeners.onOpen();
    this.socket.onmessage = (message) => this.receive(message.data);
    this.socket.onclose = (event) => this.finish(event);
  }

  request(action, fields, timeoutMs = REQUEST_TIMEOUT_MS) {
    const requestId = `c${++requestCounter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(Object.assign(new Error(`${action}: no answer`), { timedOut: true }));
        this.closeIfRetiredAndIdle();
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ action, requestId, ...fields }));
    });
  }

  /** Unanswered by design: it only tells the gateway that this connection is in use. */
  ping() {
    this.socket.send(JSON.stringify({ action: 'ping' }));
  }

  receive(data) {
    this.keepAlivesSinceFrame = 0;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    const waiting = frame.requestId && this.pending.get(frame.requestId);
    if (!waiting) {
      this.listeners.onEvent(frame);
      return;
    }
    this.pending.delete(frame.requestId);
    clearTimeout(waiting.timer);
    if (frame.type === 'error') {
      waiting.reject(Object.assign(new Error(`${frame.code}: ${frame.message}`), { code: frame.code }));
    } else {
      waiting.resolve(frame);
    }
    this.closeIfRetiredAndIdle();
  }

  /** Closes once the answers still awaited have come, or after waitMs at the latest. */
  retire(waitMs) {
    this.retiring = true;
    clearTimeout(this.handoverTimer);
    this.closeIfRetiredAndIdle();
    setTimeout(() => this.close(1000, 'handover'), waitMs);
  }

  closeIfRetiredAndIdle() {
    if (this.retiring && this.pending.size === 0) {
      this.close(1000, 'handover');
    }
  }

  close(code, reason) {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(code, reason);
    }
  }

  /**
   * Gives up on a socket that stopped answering. Its close handshake could take minutes on a dead
   * network, so the session is told now, as for any lost connection.
   */
  abandon() {
    this.socket.onclose = null;
    this.close(4000, 'heartbeat unanswered');
    this.finish({ code: 4000, reason: 'heartbeat unanswered' });
  }

  finish(event) {
    if (this.closedAlready) {
      return;
    }
    this.closedAlready = true;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error('connection closed'));
    }
    this.pending.clear();
    this.listeners.onClose(event);
  }
}
