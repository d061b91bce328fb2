/*
 * PresenceClient: the presence WebSocket API (wire contract v2) as a lasting session, for an
 * agent's console, a supervisor's view or a visitor's widget.
 *
 * - Connects with a token, or a token provider called again before expiry and after a refused
 *   handshake (token.js); reconnects with jittered backoff; keeps alive with `ping`; hands over
 *   to a new connection before the gateway's two-hour limit (session.js).
 * - After every (re)connect and handover it asks `getChats` and takes the answer as the truth
 *   (contract v2: events are at least once and are lost while there is no connection), into a
 *   ChatBook keyed by chatId, so that an event that comes twice changes nothing (chat-book.js);
 *   `presence.changed` and `getPresence` entries go into a PresenceBoard that keeps the highest
 *   `version` per agent (presence-board.js). A presence subscription is renewed on each new
 *   connection, since it belongs to the connection.
 * - Tabs of one browser signed in as the same user share one socket (tabs.js): the leading tab
 *   runs the session; the others send their requests through it and receive its events, states,
 *   log lines and resyncs, each into its own book.
 * - One helper per action, each a promise resolved with the answer frame (matched by requestId)
 *   or rejected with a typed error (errors.js): ConflictError, RateLimitedError, ...
 *
 * Events (`client.on(type, listener)`, which returns a function that removes the listener):
 * - `state` (state, detail): connecting, connected, handing-over, reconnecting, expired, stopped
 * - `event` (frame, {chat}): every server event; `chat` tells whether it concerned a chat (the
 *   book has taken it in by then)
 * - `chats` (): the book changed (an event, or a resync)
 * - `presence` (entry, previous): an agent's presence entry, not older than the one kept (previous,
 *   null for an agent not seen before); a staler one is dropped without a word
 * - `log` (line): a human-readable history of the connections
 */

import { ChatBook } from './chat-book.js';
import { ConnectionClosedError, NotConnectedError, TimeoutError, deserializeError, serializeError } from './errors.js';
import { nextRequestId } from './connection.js';
import { PresenceBoard } from './presence-board.js';
import { DEFAULTS, Session } from './session.js';
import { TabLeadership, canShare, shareKey } from './tabs.js';
import { TokenSource, claimsOf } from './token.js';

const RESYNC_RETRY_MS = 5_000;
/** A request relayed to the leading tab waits this much longer than the leader's own timeout. */
const RELAY_MARGIN_MS = 1_000;

/**
 * @typedef {'connecting'|'connected'|'handing-over'|'reconnecting'|'expired'|'stopped'} ConnectionState
 * @typedef {'available'|'away'} ChosenStatus
 * @typedef {{type: 'ack', action: string, requestId: string}} Ack
 * @typedef {{chatId: string, siteId: string, visitorId: string, agentId: string|null,
 *     state: 'queued'|'offered'|'assigned', position?: number, group?: string|null,
 *     priority?: number, waitingSince?: string, expiresAt?: string, visitorLeftAt?: string}} ChatListing
 * @typedef {{agentId: string, status: 'available'|'away'|'offline', activeChats: number,
 *     maxChats: number, unresponsive?: boolean, version?: number}} PresenceEntry
 *
 * @typedef {object} PresenceClientOptions
 * @property {string} url the WebSocket URL, e.g. `wss://abc.execute-api.eu-west-1.amazonaws.com/prod`
 *     (a `token` in its query is replaced)
 * @property {string | (() => string | Promise<string>)} token a JWT, or a function that returns one
 * @property {number} [keepAliveMs] PRESENCE_HEARTBEAT_INTERVAL_SECONDS in ms (default 30 000)
 * @property {number} [handoverAfterMs] age of a connection at which it is replaced (default 1 h 55 min)
 * @property {number} [requestTimeoutMs] default 10 000
 * @property {number} [firstBackoffMs] first reconnect delay, doubling to maxBackoffMs (default 1 000)
 * @property {number} [maxBackoffMs] default 30 000
 * @property {number} [tokenRefreshMarginMs] a provider's token is renewed this long before expiry (default 60 000)
 * @property {ChosenStatus} [status] an agent's status on its first connection (`&status=`)
 * @property {boolean} [share] share one socket between the tabs of this user (default: in a browser)
 * @property {LockManager|null} [locks] for tests: the Web Locks to elect with (null: the lease)
 * @property {number} [leaseMs] the lease of the election without Web Locks (default 3 000)
 * @property {ChatBook} [chats] the book to keep (default: a new one that shows every chat)
 * @property {typeof WebSocket} [WebSocket] default globalThis.WebSocket (Node: the `ws` package)
 */

export class PresenceClient {
  /** @param {PresenceClientOptions} options */
  constructor(options) {
    if (!options?.url) {
      throw new TypeError('PresenceClient: url is required');
    }
    if (!options.token) {
      throw new TypeError('PresenceClient: token (a JWT or a function returning one) is required');
    }
    this.options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.options.WebSocket ??= globalThis.WebSocket;
    if (typeof this.options.WebSocket !== 'function') {
      throw new TypeError('PresenceClient: no WebSocket here; in Node.js import from the package, which uses `ws`');
    }
    this.chats = options.chats ?? new ChatBook();
    this.presence = new PresenceBoard();
    this.tokens = new TokenSource(options.token, {
      refreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
      onLog: (line) => this.log(line),
    });
    this.listeners = new Map();
    this.session = null;
    this.tabs = null;
    this.role = 'idle';
    this.stopped = false;
    this.lastState = { state: 'connecting', detail: '' };
    this.presenceWanted = false;
    this.heardLeader = false;
    this.relayed = new Map(); // a follower's requests waiting for the leader's answer
    this.resyncMarks = new Map(); // a follower's marks of the leader's resyncs under way
    this.resyncCounter = 0;
    this.chats.onChange = chain(this.chats.onChange, () => this.emit('chats'));
  }

  // -- lifecycle ------------------------------------------------------------------------------

  /** Connects (or joins the tab that holds this user's connection). Resolves once that is decided. */
  async start() {
    if (this.role !== 'idle') {
      return;
    }
    this.role = 'starting';
    this.setState('connecting', 'sign in');
    const share = this.options.share ?? typeof globalThis.document !== 'undefined';
    if (!share || !canShare()) {
      this.lead();
      return;
    }
    let token;
    try {
      token = await this.tokens.get();
    } catch {
      token = null;
    }
    if (this.stopped) {
      return;
    }
    if (!token) {
      // No token to tell whose socket this would be: a socket of its own (the session says why
      // it cannot connect, and asks the provider again).
      this.lead();
      return;
    }
    this.tabs = new TabLeadership({
      key: shareKey(this.options.url, claimsOf(token), token),
      locks: this.options.locks,
      leaseMs: this.options.leaseMs,
      onMessage: (message) => this.fromTab(message),
      onLead: () => this.lead(),
      onFollow: () => this.follow(),
    });
    this.tabs.start();
  }

  /** Closes this tab's part: its connection, or its place among the tabs (another tab leads on). */
  stop() {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.tabs?.stop();
    this.session?.stop();
    this.session = null;
    this.tokens.stop();
    this.rejectRelayed();
    this.role = 'stopped';
    if (this.lastState.state !== 'stopped') {
      this.setState('stopped', '');
    }
  }

  /** Whether this client holds the connection (false in a tab that shares another tab's). */
  get leading() {
    return this.role === 'leader';
  }

  get state() {
    return this.lastState.state;
  }

  on(type, listener) {
    if (!this.listeners.has(type)) {
      this.listeners.set(type, new Set());
    }
    this.listeners.get(type).add(listener);
    return () => this.listeners.get(type)?.delete(listener);
  }

  emit(type, ...args) {
    for (const listener of this.listeners.get(type) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`presence client: a "${type}" listener failed`, error);
      }
    }
  }

  // -- requests -------------------------------------------------------------------------------

  /**
   * Sends any action (this contract's or a later one's) and resolves with its answer frame, or
   * rejects with a typed error. The helpers below are this, with the contract's fields.
   */
  request(action, fields = {}, timeoutMs = this.options.requestTimeoutMs) {
    if (this.role === 'leader') {
      return this.session.request(action, fields, timeoutMs).then((answer) => {
        this.requested(action);
        return answer;
      });
    }
    if (this.role === 'follower') {
      // Remembered here too: if this tab leads later, it renews the subscription it asked for.
      return this.relay(action, fields, timeoutMs).then((answer) => {
        this.requested(action);
        return answer;
      });
    }
    return Promise.reject(new NotConnectedError(action));
  }

  /**
   * `ping`: the keep-alive nothing answers. The client pings by itself every `keepAliveMs`; in a
   * tab that shares another tab's connection, that tab's pings keep it alive and this does nothing.
   */
  ping() {
    if (this.role === 'leader') {
      this.session.send({ action: 'ping' });
    }
  }

  /** `heartbeat`: the v1 keep-alive, answered. The client keeps alive by itself; for v1 servers. */
  heartbeat() {
    return this.request('heartbeat');
  }

  /**
   * `setStatus` (agent): resolves once the status is durable, with its `version` (beyond the contract).
   * @param {ChosenStatus} status
   * @returns {Promise<Ack & {status: ChosenStatus, version?: number}>}
   */
  setStatus(status) {
    return this.request('setStatus', { status });
  }

  /**
   * `requestChat` (visitor). The chat is in the book from the ack on; its `chat.assigned` or
   * `chat.queued` follows. RateLimitedError when the visitor has too many open chats.
   * @param {{chatId?: string, group?: string, priority?: number, preferredAgentId?: string}} [fields]
   * @returns {Promise<Ack & {chatId: string}>}
   */
  async requestChat(fields = {}) {
    const ack = await this.request('requestChat', definedOnly(fields));
    this.chats.requested(ack.chatId);
    return ack;
  }

  /**
   * `endChat` (its agent, its visitor, or a supervisor of its site).
   * @returns {Promise<Ack & {chatId: string}>}
   */
  endChat(chatId) {
    return this.request('endChat', { chatId });
  }

  /**
   * `getPresence` (agent, supervisor): the site's agents; the board keeps the newest of each.
   * @returns {Promise<{type: 'presence', agents: PresenceEntry[]}>}
   */
  async getPresence() {
    const answer = await this.request('getPresence');
    for (const entry of answer.agents ?? []) {
      this.applyPresence(entry);
    }
    return answer;
  }

  /**
   * `getChats`: the caller's chats that have not ended, taken into the book as the truth. The
   * client already asks after every (re)connect; ask again when the server said the view is wrong
   * (a ConflictError on an offer the view still showed).
   * @returns {Promise<{type: 'chats', chats: ChatListing[]}>}
   */
  async getChats() {
    const mark = this.chats.beginResync();
    const answer = await this.request('getChats');
    this.chats.resync(mark, answer.chats ?? []);
    return answer;
  }

  /**
   * `acceptChat` (the agent offered it). ConflictError when the offer expired or went elsewhere.
   * @returns {Promise<Ack & {chatId: string}>}
   */
  async acceptChat(chatId, agentId = this.subject()) {
    const ack = await this.request('acceptChat', { chatId });
    this.chats.accepted(chatId, agentId);
    return ack;
  }

  /**
   * `declineChat` (the agent offered it): no event follows, so the book drops the offer now.
   * @returns {Promise<Ack & {chatId: string}>}
   */
  async declineChat(chatId) {
    const ack = await this.request('declineChat', { chatId });
    this.chats.withdraw(chatId);
    return ack;
  }

  /**
   * `getAvailability` (visitor, also before any request): to choose between a chat and a form.
   * @param {{group?: string}} [fields]
   * @returns {Promise<{type: 'availability', agentsAvailable: number, queued: number, estimatedWaitSeconds: number|null}>}
   */
  getAvailability(fields = {}) {
    return this.request('getAvailability', definedOnly(fields));
  }

  /**
   * `transferChat` (its agent, or a supervisor): to an agent (ConflictError when it cannot take
   * the chat now) or back to the queue of a group.
   * @param {{chatId: string, toAgentId?: string, toGroup?: string}} fields
   * @returns {Promise<Ack & {chatId: string}>}
   */
  transferChat(fields) {
    return this.request('transferChat', definedOnly(fields));
  }

  /**
   * `setAgentStatus` (supervisor): an agent's chosen status, durable at the ack.
   * @param {string} agentId
   * @param {ChosenStatus} status
   * @returns {Promise<Ack & {agentId: string, status: ChosenStatus, version?: number}>}
   */
  setAgentStatus(agentId, status) {
    return this.request('setAgentStatus', { agentId, status });
  }

  /**
   * `subscribePresence` (agent, supervisor): `presence.changed` from now on, renewed by the client
   * on every new connection (a subscription belongs to its connection).
   * @returns {Promise<Ack>}
   */
  subscribePresence() {
    return this.request('subscribePresence');
  }

  /** `unsubscribePresence`. @returns {Promise<Ack>} */
  unsubscribePresence() {
    return this.request('unsubscribePresence');
  }

  /**
   * `explain` (beyond the contract; agents and supervisors): an agent's recent status changes, or
   * why a chat went to its agent.
   * @param {{agentId: string} | {chatId: string}} about
   */
  explain(about) {
    return this.request('explain', definedOnly(about));
  }

  /** Asks `getChats` again on the connection in use (through the leading tab if need be). */
  refreshChats() {
    if (this.role === 'leader') {
      this.resync(this.session.current);
    } else if (this.role === 'follower') {
      this.tabs.post({ t: 'refresh' });
    }
  }

  // -- the leading tab (or a client alone) ----------------------------------------------------

  lead() {
    if (this.stopped || this.role === 'leader') {
      return;
    }
    // With Web Locks every tab follows until its lock is granted, at once when no tab holds it:
    // only a tab that heard a leader took over from one.
    const tookOver = this.role === 'follower' && this.heardLeader;
    this.role = 'leader';
    this.rejectRelayed();
    if (tookOver) {
      this.log('this tab holds the connection now');
    }
    this.session = new Session(
      { ...this.options, tokens: this.tokens },
      {
        onEvent: (frame) => {
          this.handleEvent(frame);
          this.tabs?.post({ t: 'event', frame });
        },
        onState: (state, detail) => {
          this.setState(state, detail);
          if (state !== 'stopped') {
            this.tabs?.post({ t: 'state', state, detail });
          }
        },
        onLog: (line) => this.log(line),
        onAdopt: (connection) => this.adopted(connection),
      });
    this.session.start();
  }

  /** A connection adopted: resync the book, and renew the presence subscription. */
  adopted(connection) {
    this.resync(connection);
    if (this.presenceWanted) {
      connection.request('subscribePresence', {}, this.options.requestTimeoutMs).then(
        () => this.log('presence subscription renewed on the new connection'),
        (error) => this.log(`could not renew the presence subscription (${error.message})`));
    }
  }

  /**
   * Asks for the caller's chats on a connection just adopted. The book's mark is taken before the
   * request goes out, so that it can tell the events that came while the answer was on its way;
   * the other tabs take their marks at the same point of the stream of messages.
   * A connection that closes first needs nothing: its successor resyncs when it is adopted.
   */
  resync(connection) {
    if (this.stopped || !connection || connection !== this.session?.current) {
      return;
    }
    const n = ++this.resyncCounter;
    const mark = this.chats.beginResync();
    this.tabs?.post({ t: 'resync-begin', n });
    connection.request('getChats', {}, this.options.requestTimeoutMs).then(
      (answer) => {
        const chats = answer.chats ?? [];
        this.chats.resync(mark, chats);
        this.tabs?.post({ t: 'resync', n, chats });
      },
      (error) => {
        this.tabs?.post({ t: 'resync', n, chats: null });
        if (this.stopped || connection !== this.session?.current) {
          return;
        }
        if (error.code === 'UNKNOWN_ACTION') {
          this.log('the server has no getChats: chats missed while disconnected will not show');
          return;
        }
        // Until it is answered, chats missed meanwhile stay missing: ask again on this connection.
        this.log(`getChats failed (${error.message}): asking again in ${RESYNC_RETRY_MS / 1000} s`);
        setTimeout(() => this.resync(connection), RESYNC_RETRY_MS);
      });
  }

  /** What the leader does for the other tabs; what a follower takes from the leader. */
  fromTab(message) {
    if (this.role === 'leader') {
      this.forFollower(message);
    } else if (this.role === 'follower') {
      this.fromLeader(message);
    }
  }

  forFollower(message) {
    switch (message.t) {
      case 'hello':
        this.tabs.post({ t: 'state', ...this.lastState });
        this.resync(this.session.current);
        return;
      case 'refresh':
        this.resync(this.session.current);
        return;
      case 'request': {
        const { from, id, action, fields, timeoutMs } = message;
        this.request(action, fields, timeoutMs).then(
          (frame) => this.tabs.post({ t: 'answer', to: from, id, ok: true, frame }),
          (error) => this.tabs.post({ t: 'answer', to: from, id, ok: false, error: serializeError(error) }));
        return;
      }
      default:
    }
  }

  /** Remembers what the connection should keep doing when it is replaced. */
  requested(action) {
    if (action === 'subscribePresence') {
      this.presenceWanted = true;
    } else if (action === 'unsubscribePresence') {
      this.presenceWanted = false;
    }
  }

  // -- a tab that shares the leading tab's connection ------------------------------------------

  follow() {
    if (this.stopped || this.role === 'follower') {
      return;
    }
    if (this.role === 'leader') {
      // Lease only: another tab leads after a split; its connection replaces this one. The
      // session's own "stopped" is not this client's state: the leader's state follows.
      const session = this.session;
      this.session = null;
      session.hooks = { ...session.hooks, onState: () => {} };
      session.stop('another tab holds the connection');
      this.log('another tab holds the connection: sharing it');
    }
    this.role = 'follower';
    this.tabs.post({ t: 'hello', id: this.tabs.id });
  }

  fromLeader(message) {
    switch (message.t) {
      case 'state':
        this.heardLeader = true;
        this.setState(message.state, message.detail);
        return;
      case 'event':
        this.handleEvent(message.frame);
        return;
      case 'log':
        this.emit('log', message.line);
        return;
      case 'resync-begin':
        this.resyncMarks.set(message.n, this.chats.beginResync());
        return;
      case 'resync': {
        // A tab that came in after the request went out takes it as older than anything it saw.
        const mark = this.resyncMarks.get(message.n) ?? 0;
        this.resyncMarks.delete(message.n);
        if (message.chats) {
          this.chats.resync(mark, message.chats);
        }
        return;
      }
      case 'answer':
        this.answered(message);
        return;
      case 'resign':
        this.setState('reconnecting', 'the tab that held the connection went: another takes over');
        return;
      default:
    }
  }

  relay(action, fields, timeoutMs) {
    const id = nextRequestId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.relayed.delete(id);
        reject(new TimeoutError(action, id));
      }, timeoutMs + RELAY_MARGIN_MS);
      this.relayed.set(id, { action, resolve, reject, timer });
      this.tabs.post({ t: 'request', from: this.tabs.id, id, action, fields, timeoutMs });
    });
  }

  answered({ to, id, ok, frame, error }) {
    const waiting = to === this.tabs.id && this.relayed.get(id);
    if (!waiting) {
      return;
    }
    this.relayed.delete(id);
    clearTimeout(waiting.timer);
    if (ok) {
      waiting.resolve(frame);
    } else {
      waiting.reject(deserializeError(error));
    }
  }

  /** A leader that goes takes its pending answers with it, as a closing connection does. */
  rejectRelayed() {
    for (const [id, { action, reject, timer }] of this.relayed) {
      clearTimeout(timer);
      reject(new ConnectionClosedError(action, id));
    }
    this.relayed.clear();
  }

  // -- both -----------------------------------------------------------------------------------

  handleEvent(frame) {
    if (frame.type === 'presence.changed') {
      this.applyPresence(frame);
    }
    const chat = typeof frame.type === 'string' && frame.type.startsWith('chat.') && this.chats.event(frame);
    this.emit('event', frame, { chat });
  }

  applyPresence(entry) {
    const previous = this.presence.apply(entry);
    if (previous !== undefined) {
      this.emit('presence', this.presence.get(entry.agentId), previous);
    }
  }

  setState(state, detail) {
    this.lastState = { state, detail };
    this.emit('state', state, detail);
  }

  log(line) {
    this.emit('log', line);
    if (this.role === 'leader') {
      this.tabs?.post({ t: 'log', line });
    }
  }

  subject() {
    return claimsOf(this.tokens.cached)?.sub;
  }
}

function definedOnly(fields) {
  return Object.fromEntries(Object.entries(fields ?? {}).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

function chain(first, second) {
  return (...args) => {
    first?.(...args);
    second(...args);
  };
}
