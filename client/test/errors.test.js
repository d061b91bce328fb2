// Every error code of contract v2 that a client can meet comes back as its own type, with the
// code, the action and the server's message; the client's own failures are typed too.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalError,
  NotConnectedError,
  NotFoundError,
  PresenceClient,
  PresenceError,
  RateLimitedError,
  UnknownActionError,
} from '../src/node.js';
import { PlainSocket, eventually, stateReached, token, uniqueSite, useRuntime } from './support.js';

const runtime = useRuntime();

async function connected(t, claims, options = {}) {
  const client = new PresenceClient({ url: runtime.wsUrl, token: token(claims), ...options });
  t.after(() => client.stop());
  await client.start();
  await stateReached(client, 'connected');
  return client;
}

/** Asserts the promise rejects with exactly this type and code. */
async function rejectsWith(promise, Type, code, action) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof Type, `${error.name} is not a ${Type.name}: ${error.message}`);
    assert.ok(error instanceof PresenceError);
    assert.equal(error.code, code);
    assert.equal(error.action, action);
    return true;
  });
}

describe('typed errors', () => {
  it('CONFLICT: a transfer to an agent who is away', async (t) => {
    const site = uniqueSite();
    const ann = await connected(t, { site, sub: 'ann', role: 'agent' });
    const bob = await connected(t, { site, sub: 'bob', role: 'agent' }, { status: 'away' });
    assert.equal((await bob.getPresence()).agents.find((a) => a.agentId === 'bob').status, 'away');
    const vic = await PlainSocket.open(runtime, { site, sub: 'vic', role: 'visitor' });
    t.after(() => vic.close());
    await vic.request('requestChat', { chatId: 'x1' });
    await eventually(() => ann.chats.list().some((chat) => chat.chatId === 'x1' && chat.state === 'assigned'));
    await rejectsWith(ann.transferChat({ chatId: 'x1', toAgentId: 'bob' }), ConflictError, 'CONFLICT', 'transferChat');
  });

  it('RATE_LIMITED: a visitor with three open chats (the default limit) asks for a fourth', async (t) => {
    const vic = await connected(t, { site: uniqueSite(), sub: 'vic', role: 'visitor' });
    for (const chatId of ['r1', 'r2', 'r3']) {
      await vic.requestChat({ chatId });
    }
    await rejectsWith(vic.requestChat({ chatId: 'r4' }), RateLimitedError, 'RATE_LIMITED', 'requestChat');
    assert.equal(vic.chats.list().some((chat) => chat.chatId === 'r4'), false);
  });

  /*
   * Codes the runtime cannot be made to send on demand: a stand-in server answers each request
   * with the error code the test names, through the same session, connection and typing as any
   * answer.
   */
  it('RATE_LIMITED, INTERNAL and a code of a later contract, from a stand-in server', async (t) => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    t.after(() => server.close());
    server.on('connection', (socket) =>
      socket.on('message', (data) => {
        const { action, requestId, code } = JSON.parse(String(data));
        if (action !== 'ping') {
          socket.send(JSON.stringify({ type: 'error', code, message: `said ${code}`, requestId }));
        }
      }));
    await new Promise((resolve) => server.once('listening', resolve));
    const client = new PresenceClient({ url: `ws://127.0.0.1:${server.address().port}/`, token: 'opaque' });
    t.after(() => client.stop());
    await client.start();
    await stateReached(client, 'connected');
    await rejectsWith(client.request('requestChat', { code: 'RATE_LIMITED' }), RateLimitedError, 'RATE_LIMITED', 'requestChat');
    await rejectsWith(client.request('endChat', { code: 'INTERNAL' }), InternalError, 'INTERNAL', 'endChat');
    await rejectsWith(client.request('getChats', { code: 'SLOW_DOWN' }), PresenceError, 'SLOW_DOWN', 'getChats');
    const error = await client.request('requestChat', { code: 'RATE_LIMITED' }).catch((e) => e);
    assert.equal(error.message, 'RATE_LIMITED: said RATE_LIMITED');
    assert.equal(error.retryable, true);
    assert.equal(new ConflictError('CONFLICT', '').retryable, false);
  });

  it('FORBIDDEN, NOT_FOUND, BAD_REQUEST, UNKNOWN_ACTION', async (t) => {
    const site = uniqueSite();
    const vic = await connected(t, { site, sub: 'vic', role: 'visitor' });
    const ann = await connected(t, { site, sub: 'ann', role: 'agent' });
    await rejectsWith(vic.setStatus('away'), ForbiddenError, 'FORBIDDEN', 'setStatus');
    await rejectsWith(ann.endChat('no-such-chat'), NotFoundError, 'NOT_FOUND', 'endChat');
    await rejectsWith(ann.setStatus('busy'), BadRequestError, 'BAD_REQUEST', 'setStatus');
    await rejectsWith(ann.request('teleport'), UnknownActionError, 'UNKNOWN_ACTION', 'teleport');
  });

  it('NOT_CONNECTED before start and after stop', async () => {
    const ann = new PresenceClient({ url: runtime.wsUrl, token: token({ site: uniqueSite(), sub: 'ann', role: 'agent' }) });
    await rejectsWith(ann.getChats(), NotConnectedError, 'NOT_CONNECTED', 'getChats');
    await ann.start();
    ann.stop();
    await rejectsWith(ann.getChats(), NotConnectedError, 'NOT_CONNECTED', 'getChats');
  });
});
