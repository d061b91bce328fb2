// Each helper against the real local runtime: the frame it sends is one the server takes, and
// what comes back lands where the helper says (the book, the presence board, the events).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, PresenceClient } from '../src/node.js';
import { eventually, sleep, stateReached, token, uniqueSite, useRuntime } from './support.js';

const runtime = useRuntime();

async function connected(t, claims, options = {}) {
  const client = new PresenceClient({ url: runtime.wsUrl, token: token(claims), ...options });
  t.after(() => client.stop());
  await client.start();
  await stateReached(client, 'connected');
  return client;
}

const chatOf = (client, chatId) => client.chats.list().find((chat) => chat.chatId === chatId);

describe('actions', () => {
  it('every action of contract v2, by an agent, a visitor and a supervisor', async (t) => {
    const site = uniqueSite();
    const sam = await connected(t, { site, sub: 'sam', role: 'supervisor' });
    assert.equal((await sam.subscribePresence()).action, 'subscribePresence');
    const ann = await connected(t, { site, sub: 'ann', role: 'agent' }, { status: 'away' });
    const vic = await connected(t, { site, sub: 'vic', role: 'visitor' });
    const annEvents = [];
    ann.on('event', (frame) => annEvents.push(frame));

    // Keep-alives, the agent's status (chosen on connect, then set), and the site's presence.
    assert.equal((await ann.heartbeat()).action, 'heartbeat');
    ann.ping();
    assert.equal((await ann.getPresence()).agents.find((a) => a.agentId === 'ann').status, 'away');
    assert.equal(ann.presence.get('ann').status, 'away');
    assert.equal((await vic.getAvailability()).agentsAvailable, 0);
    const set = await ann.setStatus('available');
    assert.equal(set.status, 'available');
    assert.equal(typeof set.version, 'number');
    await eventually(() => sam.presence.get('ann')?.status === 'available', { what: 'presence.changed on the board' });

    // A supervisor's status for the agent, which the agent hears of.
    assert.equal((await sam.setAgentStatus('ann', 'away')).status, 'away');
    await eventually(() => annEvents.some((f) => f.type === 'status.changed' && f.status === 'away' && f.by === 'sam'));
    await sam.setAgentStatus('ann', 'available');
    assert.equal((await vic.getAvailability({ group: 'billing' })).type, 'availability');
    assert.equal((await vic.getAvailability()).agentsAvailable, 1);

    // A chat: requested, assigned, listed, explained, accepted (already ours: acked again),
    // declined (not an offer: CONFLICT), moved to a group, ended.
    assert.equal((await vic.requestChat({ chatId: 'a1', priority: 5, group: undefined })).chatId, 'a1');
    assert.ok(chatOf(vic, 'a1'));
    await eventually(() => chatOf(ann, 'a1')?.state === 'assigned' && chatOf(vic, 'a1')?.agentId === 'ann');
    const listed = (await ann.getChats()).chats;
    assert.deepEqual(listed.map(({ chatId, priority }) => [chatId, priority]), [['a1', 5]]);
    assert.equal(chatOf(ann, 'a1').priority, 5, 'getChats() takes its answer into the book');
    assert.equal((await sam.explain({ chatId: 'a1' })).decision.agentId, 'ann');
    assert.ok(Array.isArray((await ann.explain({ agentId: 'ann' })).timeline));
    assert.equal((await ann.acceptChat('a1')).chatId, 'a1');
    await assert.rejects(ann.declineChat('a1'), ConflictError);
    assert.equal((await sam.transferChat({ chatId: 'a1', toGroup: 'billing' })).chatId, 'a1');
    await eventually(() => chatOf(ann, 'a1')?.state === 'queued' && chatOf(vic, 'a1')?.state === 'queued', { what: 'a1 back in the queue' });
    assert.equal((await vic.endChat('a1')).chatId, 'a1');
    await eventually(() => chatOf(vic, 'a1')?.state === 'ended' && chatOf(vic, 'a1').endedBy === 'vic');

    // No presence.changed after unsubscribing.
    assert.equal((await sam.unsubscribePresence()).action, 'unsubscribePresence');
    const heard = sam.presence.get('ann').version;
    await ann.setStatus('away');
    await sleep(500);
    assert.equal(sam.presence.get('ann').version, heard);
    assert.equal(sam.presence.get('ann').status, 'available');
  });
});
