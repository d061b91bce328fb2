// What the tests share: the runtime's addresses, tokens, a plain WebSocket client for the other
// parties of a chat, the runtime's view of an agent's connections, and waiting for a condition.

import { createHmac, randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { SECRET, startRuntime } from './runtime.js';

/** The runtime run.js started, or (a test file run alone) one started for this file. */
export function useRuntime() {
  const runtime = { wsUrl: process.env.PRESENCE_TEST_WS_URL, httpUrl: process.env.PRESENCE_TEST_HTTP_URL };
  let own = null;
  before(async () => {
    if (!runtime.wsUrl) {
      own = await startRuntime();
      Object.assign(runtime, own);
    }
  });
  after(async () => {
    await own?.stop();
  });
  return runtime;
}

export function uniqueSite() {
  return `site-${randomUUID().slice(0, 8)}`;
}

const base64url = (data) => Buffer.from(data).toString('base64url');

/** An HS256 JWT as the runtime checks it. */
export function token({ site, sub, role, ttlSeconds = 600, maxChats, secret = process.env.PRESENCE_TEST_SECRET ?? SECRET }) {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = { sub, site, role, exp: Math.floor(Date.now() / 1000) + ttlSeconds };
  if (maxChats !== undefined) {
    claims.maxChats = maxChats;
  }
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value (which it returns), or fails after `timeoutMs`. */
export async function eventually(check, { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {}) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) {
        return value;
      }
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(intervalMs);
  }
}

/** The runtime's view of one agent (on-call endpoint, local runtime only): status and connections. */
export async function agentSeen(runtime, site, agentId) {
  const snapshot = await (await fetch(`${runtime.httpUrl}/local/oncall`)).json();
  return snapshot.agents.find((agent) => agent.siteId === site && agent.agentId === agentId) ?? null;
}

/** The ids of an agent's live connections, as the gateway sees them. */
export async function liveConnections(runtime, site, agentId) {
  const agent = await agentSeen(runtime, site, agentId);
  return (agent?.connections ?? []).filter((c) => c.state === 'alive').map((c) => c.connectionId);
}

/** Closes a connection from the server's side, through the gateway's @connections API. */
export async function deleteConnection(runtime, connectionId) {
  const response = await fetch(`${runtime.httpUrl}/@connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE' });
  if (!response.ok && response.status !== 204) {
    throw new Error(`DELETE @connections/${connectionId}: HTTP ${response.status}`);
  }
}

/**
 * A bare WebSocket party (a visitor, another device of an agent), speaking the contract by hand,
 * so that what the client under test shows is checked against frames it could not have made up.
 */
export class PlainSocket {
  static async open(runtime, claims) {
    const socket = new PlainSocket(new WebSocket(`${runtime.wsUrl}?token=${token(claims)}`));
    await new Promise((resolve, reject) => {
      socket.ws.once('open', resolve);
      socket.ws.once('error', reject);
    });
    return socket;
  }

  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.waiters = [];
    this.counter = 0;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
  }

  /** Resolves with the frame that matches, among those received or to come. */
  await(match, timeoutMs = 15_000) {
    const seen = this.frames.find(match);
    if (seen) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no frame matched within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      this.waiters.push(waiter);
    });
  }

  awaitEvent(type, chatId) {
    return this.await((frame) => frame.type === type && frame.chatId === chatId);
  }

  /** Sends a request and resolves with its answer (an ack, or an error frame). */
  async request(action, fields = {}) {
    const requestId = `plain-${++this.counter}`;
    const answer = this.await((frame) => frame.requestId === requestId);
    this.ws.send(JSON.stringify({ action, requestId, ...fields }));
    const frame = await answer;
    if (frame.type === 'error') {
      throw new Error(`${action}: ${frame.code} ${frame.message}`);
    }
    return frame;
  }

  close() {
    this.ws.close();
  }
}

/** Resolves when the client reaches the state (or is in it now). */
export function stateReached(client, state, timeoutMs = 15_000) {
  if (client.state === state) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`client did not reach "${state}" within ${timeoutMs} ms (is "${client.state}")`));
    }, timeoutMs);
    const off = client.on('state', (now) => {
      if (now === state) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/** The lines a client logs, kept for assertions. */
export function recordLog(client) {
  const lines = [];
  client.on('log', (line) => lines.push(line));
  return lines;
}

/**
 * Web Locks as a browser's navigator.locks gives them to the tabs of one profile (exclusive mode,
 * `signal`), for the election's Web Locks path; Node.js 20 has none.
 */
export class FakeLockManager {
  constructor() {
    this.queues = new Map();
  }

  request(name, options, callback) {
    const queue = this.queues.get(name) ?? [];
    this.queues.set(name, queue);
    return new Promise((resolve, reject) => {
      const entry = { callback, resolve, reject };
      options?.signal?.addEventListener('abort', () => {
        const at = queue.indexOf(entry);
        if (at > 0 || (at === 0 && !entry.granted)) {
          queue.splice(at, 1);
          reject(new DOMException('aborted', 'AbortError'));
        }
      });
      queue.push(entry);
      this.grant(name);
    });
  }

  grant(name) {
    const queue = this.queues.get(name);
    const head = queue[0];
    if (!head || head.granted) {
      return;
    }
    head.granted = true;
    Promise.resolve()
      .then(() => head.callback({ name, mode: 'exclusive' }))
      .then(head.resolve, head.reject)
      .finally(() => {
        queue.shift();
        this.grant(name);
      });
  }
}
