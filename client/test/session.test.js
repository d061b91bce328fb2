// The session against the real local runtime: a reconnect during a chat restored by getChats, the
// two-hour handover (shortened) with no instant without a connection, and the keep-alive.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { PresenceClient } from '../src/node.js';
import {
  PlainSocket,
  agentSeen,
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

function agentClient(site, options = {}) {
  return new PresenceClient({ url: runtime.wsUrl, token: token({ site, sub: 'ann', role: 'agent' }), ...options });
}

const shown = (client) => client.chats.list().map(({ chatId, state, agentId }) => `${chatId}:${state}:${agentId}`).sort();

describe('session', () => {
  it('reconnects after its connection is closed and getChats restores the chats it missed', async (t) => {
    const site = uniqueSite();
    // A first reconnect no sooner than 5 s: time for the chats to change while it is away, even
    // on a loaded machine (the premise is checked below).
    const ann = agentClient(site, { firstBackoffMs: 5_000 });
    const log = recordLog(ann);
    t.after(() => ann.stop());
    await ann.start();
    await stateReached(ann, 'connected');
    const [first] = await eventually(() => liveConnections(runtime, site, 'ann').then((ids) => ids.length === 1 && ids));
    // Another device of the agent keeps it online and eligible while the client is away.
    const phone = await PlainSocket.open(runtime, { site, sub: 'ann', role: 'agent' });
    const vic = await PlainSocket.open(runtime, { site, sub: 'vic', role: 'visitor' });
    t.after(() => { phone.close(); vic.close(); });

    await vic.request('requestChat', { chatId: 'c1' });
    await eventually(() => shown(ann).join() === 'c1:assigned:ann', { what: 'c1 assigned in the book' });

    await deleteConnection(runtime, first);
    await stateReached(ann, 'reconnecting');
    await Promise.all([vic.request('endChat', { chatId: 'c1' }), vic.request('requestChat', { chatId: 'c2' })]);
    await Promise.all([phone.awaitEvent('chat.ended', 'c1'), phone.awaitEvent('chat.assigned', 'c2')]);
    // The premise: the client heard none of it.
    assert.equal(ann.state, 'reconnecting', 'the client reconnected before the chats changed: the test proves nothing');
    assert.deepEqual(shown(ann), ['c1:assigned:ann']);

    await stateReached(ann, 'connected');
    await eventually(() => shown(ann).join() === 'c2:assigned:ann', { what: 'the book to show c2 only' });
    assert.ok(log.some((line) => line.startsWith('connection lost (closed 1000')), log.join('\n'));
    const now = await liveConnections(runtime, site, 'ann');
    assert.equal(now.length, 2);
    assert.ok(!now.includes(first));
  });

  it('hands over to a new connection before closing the old one, answering every request meanwhile', async (t) => {
    const site = uniqueSite();
    const ann = agentClient(site, { handoverAfterMs: 1_500 });
    const log = recordLog(ann);
    t.after(() => ann.stop());
    await ann.start();
    await stateReached(ann, 'connected');
    const vic = await PlainSocket.open(runtime, { site, sub: 'vic', role: 'visitor' });
    t.after(() => vic.close());
    await vic.request('requestChat', { chatId: 'h1' });
    await eventually(() => shown(ann).join() === 'h1:assigned:ann');

    // Through two handovers: the agent is never without a connection, and requests sent all along
    // are answered. (The on-call snapshot reads the agent, then asks the gateway about each of its
    // connections: it can miss the new one and find the old one gone, so it counts connections
    // but is no proof of the overlap; the timeline below is.)
    const seen = new Set();
    let most = 0;
    let answered = 0;
    const failures = [];
    // Until two handovers are complete (at most 20 s: a loaded machine slows every step).
    const handovers = () => log.filter((line) => line.startsWith('handover complete')).length;
    const deadline = Date.now() + 20_000;
    const going = () => handovers() < 2 && Date.now() < deadline;
    const asking = (async () => {
      while (going()) {
        await ann.getPresence().then(() => answered++, (error) => failures.push(error.message));
        await sleep(50);
      }
    })();
    while (going()) {
      const ids = await liveConnections(runtime, site, 'ann');
      ids.forEach((id) => seen.add(id));
      most = Math.max(most, ids.length);
      await sleep(20);
    }
    await asking;

    assert.ok(handovers() >= 2, log.join('\n'));
    assert.ok(seen.size >= 2, `saw connections ${[...seen]}`);
    assert.ok(most <= 2, `${most} connections at once`);
    // The runtime's grace period is 0 (runtime.js): an instant without a connection would have
    // shown the agent offline, and its coming back would be in its timeline as a second `connect`
    // (a session that closes the old connection before opening the next fails here every time).
    const { timeline } = await ann.explain({ agentId: 'ann' });
    assert.deepEqual(timeline.map(({ reason }) => reason), ['connect']);
    assert.deepEqual(failures, []);
    assert.ok(answered >= 5, `only ${answered} answers`);
    assert.deepEqual(shown(ann), ['h1:assigned:ann']);
    assert.equal((await agentSeen(runtime, site, 'ann')).status, 'available');
  });

  it('keeps alive with pings, and drops a socket that answers nothing for a heartbeat', async (t) => {
    const site = uniqueSite();
    const sockets = [];
    // A WebSocket that can be made deaf: its frames still go out, nothing comes in, as on a
    // network that died without a close.
    class Deafened extends WebSocket {
      constructor(...args) {
        super(...args);
        this.deaf = false;
        sockets.push(this);
        this.sent = [];
      }

      set onmessage(listener) {
        super.onmessage = (event) => this.deaf || listener(event);
      }

      get onmessage() {
        return super.onmessage;
      }

      send(data) {
        this.sent.push(JSON.parse(data).action);
        super.send(data);
      }
    }
    const ann = agentClient(site, { WebSocket: Deafened, keepAliveMs: 300, heartbeatDeadlineMs: 1_000 });
    const log = recordLog(ann);
    t.after(() => ann.stop());
    await ann.start();
    await stateReached(ann, 'connected');
    await sleep(2_000);
    const [socket] = sockets;
    const keepAlives = socket.sent.filter((action) => action === 'ping' || action === 'heartbeat');
    assert.ok(keepAlives.length >= 2, `sent ${socket.sent}`);
    assert.deepEqual(keepAlives.slice(0, 2), ['ping', 'ping']);
    const lastFrame = (await agentSeen(runtime, site, 'ann')).connections[0].lastFrameAgeSeconds;
    // Without keep-alives the last frame would be the getChats of 2 s ago.
    assert.ok(lastFrame < 1.2, `the runtime saw the last frame ${lastFrame} s ago`);

    socket.deaf = true;
    await eventually(() => sockets.length === 2 && ann.state === 'connected', { what: 'a new connection' });
    assert.ok(socket.sent.includes('heartbeat'), `sent ${socket.sent}`);
    assert.ok(log.includes('heartbeat unanswered: dropping the connection'), log.join('\n'));
  });
});
