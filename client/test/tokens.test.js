// The token provider: asked again ahead of expiry, and again after a refused handshake; a fixed
// token that expired ends the session instead of retrying for ever.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PresenceClient } from '../src/node.js';
import {
  deleteConnection,
  eventually,
  liveConnections,
  recordLog,
  sleep,
  stateReached,
  token,
  uniqueSite,
  useRuntime,
} from './support.js';

const runtime = useRuntime();

describe('tokens', () => {
  it('a provider is asked again before its token expires, and the reconnect after the expiry uses the new one', async (t) => {
    const site = uniqueSite();
    const issued = [];
    const provider = async () => {
      issued.push(Date.now());
      return token({ site, sub: 'ann', role: 'agent', ttlSeconds: 4 });
    };
    const ann = new PresenceClient({ url: runtime.wsUrl, token: provider, tokenRefreshMarginMs: 1_500, firstBackoffMs: 200 });
    t.after(() => ann.stop());
    await ann.start();
    await stateReached(ann, 'connected');
    assert.equal(issued.length, 1);
    // Renewed 1.5 s before the 4 s token expires, on a timer, with no reconnect needed.
    await eventually(() => issued.length >= 2, { timeoutMs: 4_000, what: 'a renewal' });
    assert.ok(issued[1] - issued[0] < 3_500, `renewed after ${issued[1] - issued[0]} ms`);
    assert.equal(ann.state, 'connected');

    await sleep(Math.max(0, issued[0] + 4_500 - Date.now())); // the first token has expired
    const [old] = await liveConnections(runtime, site, 'ann');
    await deleteConnection(runtime, old);
    await stateReached(ann, 'reconnecting');
    await stateReached(ann, 'connected');
    const [now] = await eventually(() => liveConnections(runtime, site, 'ann').then((ids) => ids.length === 1 && ids[0] !== old && ids));
    assert.ok(now);
  });

  it('a refused handshake (401) makes the client ask the provider again', async (t) => {
    const site = uniqueSite();
    const tokens = [
      token({ site, sub: 'ann', role: 'agent', secret: 'not-the-runtime-secret-but-32-bytes-long' }),
      token({ site, sub: 'ann', role: 'agent' }),
    ];
    let calls = 0;
    const ann = new PresenceClient({ url: runtime.wsUrl, token: () => tokens[Math.min(calls++, 1)], firstBackoffMs: 100 });
    const log = recordLog(ann);
    t.after(() => ann.stop());
    await ann.start();
    await stateReached(ann, 'connected');
    assert.equal(calls, 2);
    assert.ok(log.includes('handshake refused (HTTP 401): the token is not accepted'), log.join('\n'));
  });

  it('a fixed token that has expired ends in state "expired", without connecting', async (t) => {
    const site = uniqueSite();
    const ann = new PresenceClient({ url: runtime.wsUrl, token: token({ site, sub: 'ann', role: 'agent', ttlSeconds: -5 }) });
    t.after(() => ann.stop());
    await ann.start();
    await stateReached(ann, 'expired');
    await sleep(300);
    assert.equal(ann.state, 'expired');
    assert.deepEqual(await liveConnections(runtime, site, 'ann'), []);
  });
});
