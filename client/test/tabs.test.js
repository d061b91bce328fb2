// Two "tabs" of one browser signed in as the same agent share one socket: in Node.js, two clients
// of one process over BroadcastChannel, elected by lease (no Web Locks in Node.js 20) and by Web
// Locks (a LockManager that grants a name to one holder at a time, as a browser does).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError, PresenceClient } from '../src/node.js';
import {
  FakeLockManager,
  PlainSocket,
  agentSeen,
  eventually,
  liveConnections,
  sleep,
  stateReached,
  token,
  uniqueSite,
  useRuntime,
} from './support.js';

const runtime = useRuntime();

const shown = (client) => client.chats.list().map(({ chatId, state }) => `${chatId}:${state}`).sort().join();

for (const [election, locks] of [['a lease over BroadcastChannel', () => null], ['Web Locks', () => new FakeLockManager()]]) {
  describe(`two tabs, elected by ${election}`, () => {
    it('share one connection: requests, answers, typed errors and events go through the leading tab', async (t) => {
      const site = uniqueSite();
      const lockManager = locks();
      const tab = () =>
        new PresenceClient({
          url: runtime.wsUrl,
          token: token({ site, sub: 'ann', role: 'agent' }),
          share: true,
          locks: lockManager,
          leaseMs: 600,
        });
      const first = tab();
      const second = tab();
      t.after(() => { first.stop(); second.stop(); });
      await first.start();
      await stateReached(first, 'connected');
      await second.start();
      await stateReached(second, 'connected');
      assert.equal(first.leading, true);
      assert.equal(second.leading, false);
      await sleep(1_500); // several leases: nobody takes over a leader that is there
      assert.equal(second.leading, false);
      const [shared] = await liveConnections(runtime, site, 'ann');
      assert.deepEqual(await liveConnections(runtime, site, 'ann'), [shared]);

      // A request from the tab without a socket, answered through the leader's.
      const ack = await second.setStatus('away');
      assert.equal(ack.status, 'away');
      assert.equal((await agentSeen(runtime, site, 'ann')).chosenStatus, 'away');
      await assert.rejects(second.endChat('no-such-chat'), NotFoundError);
      await second.setStatus('available');

      // Events reach both tabs, each into its own book.
      const vic = await PlainSocket.open(runtime, { site, sub: 'vic', role: 'visitor' });
      t.after(() => vic.close());
      await vic.request('requestChat', { chatId: 't1' });
      await eventually(() => shown(first) === 't1:assigned' && shown(second) === 't1:assigned', { what: 't1 in both tabs' });
      assert.deepEqual(await liveConnections(runtime, site, 'ann'), [shared]);

      // The leading tab goes: the other opens its own connection and resyncs.
      first.stop();
      await eventually(() => second.leading && second.state === 'connected', { what: 'the second tab to lead' });
      await vic.request('requestChat', { chatId: 't2' });
      await eventually(() => shown(second) === 't1:assigned,t2:assigned', { what: 't2 in the second tab' });
      const now = await eventually(() => liveConnections(runtime, site, 'ann').then((ids) => ids.length === 1 && ids));
      assert.notEqual(now[0], shared);
    });
  });
}

describe('tabs', () => {
  it('of different users do not share', async (t) => {
    const site = uniqueSite();
    const clients = ['ann', 'bob'].map((sub) =>
      new PresenceClient({ url: runtime.wsUrl, token: token({ site, sub, role: 'agent' }), share: true, leaseMs: 600 }));
    t.after(() => clients.forEach((client) => client.stop()));
    await Promise.all(clients.map((client) => client.start()));
    await Promise.all(clients.map((client) => stateReached(client, 'connected')));
    assert.deepEqual(clients.map((client) => client.leading), [true, true]);
    assert.equal((await liveConnections(runtime, site, 'ann')).length, 1);
    assert.equal((await liveConnections(runtime, site, 'bob')).length, 1);
  });
});
