// The parts that need no server: the chat book (events deduplicated by chatId, getChats as the
// truth), the presence board (ordered by version), and when the token provider is asked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatBook, PresenceBoard } from '../src/index.js';
import { TokenSource } from '../src/token.js';

const assigned = (chatId, agentId = 'ann') => ({ type: 'chat.assigned', chatId, siteId: 's', agentId, visitorId: 'vic' });

describe('ChatBook', () => {
  it('takes an event that comes twice once', () => {
    let changes = 0;
    const book = new ChatBook({ onChange: () => changes++ });
    book.event(assigned('c1'));
    book.event(assigned('c1'));
    book.event({ type: 'chat.ended', chatId: 'c1', by: 'vic' });
    book.event({ type: 'chat.ended', chatId: 'c1', by: 'vic' });
    book.event(assigned('c1')); // a late duplicate of an event before the end
    assert.deepEqual(book.list().map(({ chatId, state, endedBy }) => [chatId, state, endedBy]), [['c1', 'ended', 'vic']]);
    assert.equal(changes, 2);
  });

  it('takes a getChats answer as the truth, except where an event came after it was asked', () => {
    const book = new ChatBook();
    book.event(assigned('gone'));
    const mark = book.beginResync();
    book.event(assigned('new')); // assigned after the request went out; the answer may not list it
    book.resync(mark, [{ chatId: 'listed', siteId: 's', visitorId: 'v', agentId: 'ann', state: 'assigned' }]);
    assert.deepEqual(book.list().map((chat) => chat.chatId).sort(), ['listed', 'new']);
    // An answer to an older request than one applied is staler: dropped.
    book.resync(mark - 1, []);
    assert.equal(book.list().length, 2);
  });
});

describe('PresenceBoard', () => {
  it('keeps the highest version of each agent, whatever order entries come in', () => {
    const board = new PresenceBoard();
    assert.equal(board.apply({ agentId: 'ann', status: 'away', activeChats: 0, maxChats: 3, version: 4 }), null);
    assert.equal(board.apply({ agentId: 'ann', status: 'available', activeChats: 0, maxChats: 3, version: 3 }), undefined);
    assert.equal(board.get('ann').status, 'away');
    assert.ok(board.apply({ agentId: 'ann', status: 'available', activeChats: 1, maxChats: 3, version: 5 }));
    assert.deepEqual(board.list().map(({ agentId, status, version }) => [agentId, status, version]), [['ann', 'available', 5]]);
  });
});

describe('TokenSource', () => {
  const jwt = (exp) => `h.${Buffer.from(JSON.stringify({ exp: Math.floor(exp / 1000) })).toString('base64url')}.s`;

  it('uses a fixed token until it expires, then refuses', async () => {
    let now = 1_000_000_000_000;
    const source = new TokenSource(jwt(now + 60_000), { now: () => now });
    assert.ok(await source.get());
    now += 61_000;
    await assert.rejects(source.get(), { name: 'TokenExpiredError' });
  });

  it('asks a provider once, again when it is due for renewal or refused, and never in a loop', async () => {
    let now = 1_000_000_000_000;
    let calls = 0;
    const source = new TokenSource(() => (calls++, jwt(now + 10_000)), { refreshMarginMs: 60_000, now: () => now });
    await source.get();
    await source.get();
    assert.equal(calls, 1, 'a token shorter-lived than the margin is kept for half its life');
    now += 5_001;
    await source.get();
    assert.equal(calls, 2);
    source.invalidate();
    await source.get();
    assert.equal(calls, 3);
    source.stop();
  });
});

describe('TokenSource with a provider that throws', () => {
  it('asks again at the next get(), whether it threw at once or rejected', async () => {
    let calls = 0;
    const source = new TokenSource(() => {
      calls += 1;
      if (calls === 1) {
        throw new Error('token service down');
      }
      return 'h.e30.s';
    });
    await assert.rejects(source.get(), /token service down/);
    assert.equal(await source.get(), 'h.e30.s');
    assert.equal(calls, 2);
  });
});
