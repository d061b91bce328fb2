/*
 * One WebSocket and the requests that wait for an answer on it. Works with the browser's
 * WebSocket and with the `ws` package's (Node), through the properties both have: onopen,
 * onmessage, onerror, onclose, readyState, send, close.
 */

import { ConnectionClosedError, TimeoutError, errorFromFrame } from './errors.js';

const CONNECTING = 0;
const OPEN = 1;

let requestCounter = 0;
/** Request ids unique across the tabs that share a socket, and across page loads. */
const ID_PREFIX = Math.random().toString(36).slice(2, 8);

export function nextRequestId() {
  requestCounter += 1;
  return `${ID_PREFIX}-${requestCounter}`;
}

export class Connection {
  /**
   * @param {string} url
   * @param {typeof WebSocket} WebSocketImpl
   * @param {{onOpen: () => void, onEvent: (frame: object, raw: string) => void,
   *     onClose: (event: {code: number, reason: string, opened: boolean, handshakeStatus?: number}) => void}} listeners
   */
  constructor(url, WebSocketImpl, listeners) {
    this.listeners = listeners;
    this.pending = new Map();
    this.retiring = false;
    this.opened = false;
    this.handoverTimer = null;
    this.closedAlready = false;
    this.keepAlivesSinceFrame = 0;
    this.handshakeStatus = undefined;
    this.socket = new WebSocketImpl(url);
    this.socket.onopen = () => {
      this.opened = true;
      listeners.onOpen();
    };
    this.socket.onmessage = (message) => this.receive(message.data);
    // A browser says nothing of why a handshake failed; `ws` names the HTTP status.
    this.socket.onerror = (event) => {
      const status = /Unexpected server response: (\d+)/.exec(event?.message ?? event?.error?.message ?? '');
      if (status) {
        this.handshakeStatus = Number(status[1]);
      }
    };
    this.socket.onclose = (event) => this.finish(event);
  }

  get open() {
    return this.socket.readyState === OPEN && !this.closedAlready;
  }

  /** Sends a frame and resolves with its answer; rejects with a typed error (errors.js). */
  request(action, fields = {}, timeoutMs = 10_000) {
    const requestId = nextRequestId();
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new ConnectionClosedError(action, requestId));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new TimeoutError(action, requestId));
        this.closeIfRetiredAndIdle();
      }, timeoutMs);
      this.pending.set(requestId, { action, resolve, reject, timer });
      this.socket.send(JSON.stringify({ ...fields, action, requestId }));
    });
  }

  /** A frame that nothing answers (`ping`): it only tells the gateway the connection is in use. */
  send(frame) {
    if (this.open) {
      this.socket.send(JSON.stringify(frame));
    }
  }

  receive(data) {
    this.keepAlivesSinceFrame = 0;
    const raw = typeof data === 'string' ? data : String(data);
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (frame === null || typeof frame !== 'object') {
      return;
    }
    const waiting = frame.requestId && this.pending.get(frame.requestId);
    if (!waiting) {
      this.listeners.onEvent(frame, raw);
      return;
    }
    this.pending.delete(frame.requestId);
    clearTimeout(waiting.timer);
    if (frame.type === 'error') {
      waiting.reject(errorFromFrame(frame, waiting.action));
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
    const timer = setTimeout(() => this.close(1000, 'handover'), waitMs);
    timer.unref?.();
  }

  closeIfRetiredAndIdle() {
    if (this.retiring && this.pending.size === 0) {
      this.close(1000, 'handover');
    }
  }

  close(code, reason) {
    if (this.socket.readyState === CONNECTING || this.socket.readyState === OPEN) {
      this.socket.close(code, reason);
    }
  }

  /**
   * Gives up on a socket that stopped answering. Its close handshake could take minutes on a dead
   * network, so the session is told now, as for any lost connection.
   */
  abandon(reason) {
    this.socket.onclose = null;
    this.close(4000, reason);
    this.finish({ code: 4000, reason });
  }

  finish(event) {
    if (this.closedAlready) {
      return;
    }
    this.closedAlready = true;
    clearTimeout(this.handoverTimer);
    for (const [requestId, { action, reject, timer }] of this.pending) {
      clearTimeout(timer);
      reject(new ConnectionClosedError(action, requestId));
    }
    this.pending.clear();
    this.listeners.onClose({
      code: event?.code ?? 1006,
      reason: event?.reason ?? '',
      opened: this.opened,
      handshakeStatus: this.handshakeStatus,
    });
  }
}
