/*
 * Session: one lasting session with the presence WebSocket API (wire contract v2), made of
 * WebSocket connections that come and go underneath it. In a browser whose tabs share one socket
 * (tabs.js), only the leading tab runs a Session.
 *
 * Keep-alive. A `ping` frame every `keepAliveMs` (PRESENCE_HEARTBEAT_INTERVAL_SECONDS): deployed, a
 * ping is one billed message and invokes no function, where a `heartbeat` and its ack are two
 * messages and an invocation. Nothing answers a ping, so a ping cannot tell a dead socket from a
 * live one; any frame from the server can. So when nothing has come on the connection for
 * PINGS_BEFORE_CHECK keep-alives in a row, the next keep-alive is an answered `heartbeat` instead,
 * and one left unanswered for the longer of the interval and 10 s means the socket is dead without
 * having said so: it is dropped and replaced. A client that reads every few seconds never needs
 * that heartbeat; a quiet one sends it every third interval. A socket that closes or fails says so
 * by its close event.
 *
 * Reconnecting. A connection that fails or closes without being asked to is replaced after a
 * backoff: 1 s, 2 s, 4 s ... up to 30 s, each stretched by up to half at random (jitter) so that
 * clients cut off together do not all return in the same instant. An open connection resets it.
 *
 * Handover at the 2-hour limit. API Gateway closes every connection when it is two hours old.
 * Reconnecting only after that close would leave the agent with no connection for a moment, and
 * presence (which aggregates an agent's connections) would count it as a disconnect. So the
 * session hands over instead: when its connection is `handoverAfterMs` old (1 h 55 min by
 * default), it opens a second connection and no `status` (so the status the agent chose is kept);
 * only when that one is open, which means the gateway has run its $connect, does it send on the
 * new one and close the old one (its unanswered requests first, for at most 5 s). The agent has a
 * live connection at every instant, and presence never drops. While the two overlap, server events
 * may arrive on both: an event identical to one that came on the other connection moments before
 * is passed on once. If the server closes the connection with 1001 "Going away" (the age limit
 * reached all the same, the idle limit, or the gateway stopping), the session reconnects at once,
 * without backoff: the server asked for it and nothing is broken, and the offline grace period
 * covers the short gap.
 *
 * Every connection it adopts (the first, each reconnect, each handover) is handed to
 * `hooks.onAdopt`, which resynchronises (getChats) on it.
 */

import { Connection } from './connection.js';
import { NotConnectedError } from './errors.js';
import { TokenExpiredError } from './token.js';

export const DEFAULTS = Object.freeze({
  keepAliveMs: 30_000,
  handoverAfterMs: 115 * 60_000,
  requestTimeoutMs: 10_000,
  firstBackoffMs: 1_000,
  maxBackoffMs: 30_000,
});

const RETIRE_WAIT_MS = 5_000;
const GOING_AWAY = 1001;
const PINGS_BEFORE_CHECK = 2;
const HEARTBEAT_DEADLINE_MIN_MS = 10_000;
/** How long an event that came on one connection is remembered to drop its twin from another. */
const TWIN_WINDOW_MS = 5_000;

export class Session {
  /**
   * @param {object} options
   * @param {string} options.url the WebSocket URL, without the token
   * @param {import('./token.js').TokenSource} options.tokens
   * @param {typeof WebSocket} options.WebSocket
   * @param {number} options.keepAliveMs
   * @param {number} options.handoverAfterMs
   * @param {number} options.requestTimeoutMs
   * @param {number} options.firstBackoffMs
   * @param {number} options.maxBackoffMs
   * @param {string} [options.status] an agent's status for its first connection only
   * @param {number} [options.heartbeatDeadlineMs] how long the check heartbeat may go unanswered
   *     (default: the longer of the keep-alive interval and 10 s)
   * @param {object} hooks {onEvent(frame), onState(state, detail), onLog(line), onAdopt(connection)}
   */
  constructor(options, hooks) {
    this.options = options;
    this.hooks = hooks;
    this.current = null;
    this.next = null;
    this.stopped = false;
    this.failures = 0;
    this.retryTimer = null;
    this.keepAliveTimer = null;
    this.status = options.status;
    this.recentEvents = [];
    /** Connections opened so far: for logs and tests. */
    this.connectionsOpened = 0;
  }

  start() {
    this.connect('connecting', 'sign in');
    this.keepAliveTimer = setInterval(() => this.keepAlive(), this.options.keepAliveMs);
  }

  stop(reason = 'signed out') {
    this.stopped = true;
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.retryTimer);
    for (const connection of [this.current, this.next]) {
      if (connection instanceof Connection) {
        connection.retiring = true;
        connection.close(1000, reason);
      }
    }
    this.current = this.next = null;
    this.state('stopped');
  }

  get connected() {
    return this.current !== null && this.current.open;
  }

  /** Sends a frame on the current connection; resolves with its answer, rejects with a typed error. */
  request(action, fields = {}, timeoutMs = this.options.requestTimeoutMs) {
    if (!this.current) {
      return Promise.reject(new NotConnectedError(action));
    }
    return this.current.request(action, fields, timeoutMs);
  }

  /** A frame nothing answers (`ping`), on the current connection if there is one. */
  send(frame) {
    this.current?.send(frame);
  }

  connect(state, reason) {
    clearTimeout(this.retryTimer); // whatever calls now supersedes a retry still scheduled
    if (this.stopped || this.next) {
      return;
    }
    this.state(state, reason);
    const attempt = {}; // holds the place of the connection while the token is fetched
    this.next = attempt;
    this.options.tokens.get().then(
      (token) => {
        if (this.next !== attempt || this.stopped) {
          return;
        }
        const connection = new Connection(this.urlWith(token), this.options.WebSocket, {
          onOpen: () => this.adopt(connection),
          onEvent: (frame, raw) => this.event(connection, frame, raw),
          onClose: (event) => this.closed(connection, event),
        });
        this.next = connection;
      },
      (error) => {
        if (this.next !== attempt || this.stopped) {
          return;
        }
        this.next = null;
        if (error instanceof TokenExpiredError) {
          this.log(error.message);
          this.state('expired', error.message);
          return;
        }
        this.retryAfterBackoff(this.current ? 'handing-over' : 'reconnecting', `no token (${error.message})`);
      });
  }

  urlWith(token) {
    const url = new URL(this.options.url);
    url.searchParams.set('token', token);
    if (this.status) {
      url.searchParams.set('status', this.status);
    }
    return url.toString();
  }

  /** The new connection is open: it becomes the one to use, and the one it replaces retires. */
  adopt(connection) {
    if (this.stopped) {
      connection.close(1000, 'signed out');
      return;
    }
    this.next = null;
    this.status = undefined; // chosen on the first connection; later ones keep what the agent chose since
    this.connectionsOpened += 1;
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
    this.hooks.onAdopt(connection);
  }

  /** Passes an event on, once even if it came on both connections of a handover. */
  event(connection, frame, raw) {
    const now = Date.now();
    this.recentEvents = this.recentEvents.filter((seen) => now - seen.at < TWIN_WINDOW_MS);
    const twin = this.recentEvents.findIndex((seen) => seen.raw === raw && seen.connection !== connection);
    if (twin >= 0) {
      this.recentEvents.splice(twin, 1);
      return;
    }
    this.recentEvents.push({ raw, connection, at: now });
    this.hooks.onEvent(frame);
  }

  handOver(connection) {
    if (connection === this.current && !this.stopped) {
      this.log('handover: connection is old, opening its successor');
      this.connect('handing-over', 'opening the next connection before closing this one');
    }
  }

  closed(connection, event) {
    if (this.stopped || connection.retiring) {
      return;
    }
    const why = `closed ${event.code}${event.reason ? ' "' + event.reason + '"' : ''}`;
    if (!event.opened) {
      // 401/403: the token was refused. A browser does not say which status a failed handshake
      // had, so any failed handshake may have been one: a provider is asked for a new token.
      const refused = event.handshakeStatus === 401 || event.handshakeStatus === 403;
      if (this.options.tokens.refreshable && (refused || event.handshakeStatus === undefined)) {
        this.options.tokens.invalidate();
      }
      if (refused) {
        this.log(`handshake refused (HTTP ${event.handshakeStatus}): the token is not accepted`);
      }
    }
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
    const { firstBackoffMs, maxBackoffMs } = this.options;
    const base = Math.min(maxBackoffMs, firstBackoffMs * 2 ** this.failures);
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
      connection.send({ action: 'ping' });
      return;
    }
    const deadline = this.options.heartbeatDeadlineMs ?? Math.max(this.options.keepAliveMs, HEARTBEAT_DEADLINE_MIN_MS);
    connection.request('heartbeat', {}, deadline).catch((error) => {
      if (error.timedOut && connection === this.current) {
        this.log('heartbeat unanswered: dropping the connection');
        connection.abandon('heartbeat unanswered');
      }
    });
  }

  state(state, detail = '') {
    this.hooks.onState(state, detail);
  }

  log(line) {
    this.hooks.onLog(line);
  }
}
