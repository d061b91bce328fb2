// The presence client for Node.js: as in a browser, with the `ws` package as its WebSocket
// (Node.js 20 has none of its own). Tabs do not exist here: `share` is off unless asked for, and
// then the clients of one process share a socket over BroadcastChannel, elected by lease unless
// a LockManager is given as `locks`.

import WebSocket from 'ws';
import { PresenceClient as BrowserPresenceClient } from './client.js';

export * from './index.js';

export class PresenceClient extends BrowserPresenceClient {
  /** @param {import('./client.js').PresenceClientOptions} options */
  constructor(options) {
    super({ WebSocket, ...options });
  }
}
