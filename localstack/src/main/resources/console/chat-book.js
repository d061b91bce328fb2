/*
 * ChatBook: what a view knows of its chats, merged from two sources that can disagree.
 *
 * Events (chat.assigned, chat.queued, chat.ended) are delivered at least once, and are missed
 * while the client has no open connection: a page load, a reconnect, the moment of a handover.
 * So the session asks for the caller's chats (`getChats`) after every connection it opens, and
 * the answer is the truth: chats it lists are added or updated, chats it no longer lists are
 * dropped (they ended or moved while the client was away). Between answers, events keep the book
 * up to date. Both are keyed by chatId, so an event that comes twice changes nothing.
 *
 * Events race with the answer: the server reads the chats at some moment after the request went
 * out, and an event sent after that moment can arrive before the answer. Hence:
 * - an ended chat stays ended: chatIds are never reused, so no listing (necessarily older than
 *   the end, since it still lists the chat) can bring it back;
 * - a chat that an event changed after the request went out keeps what the event said, whether
 *   the answer lists it (maybe as it was before) or not (maybe from before it was assigned). If
 *   the event was the older one after all, the next event or resync corrects it;
 * - an answer to a request older than one already applied is dropped: it can only be staler.
 */
export class ChatBook {
  /**
   * @param options.mine (chat) whether the view shows the chat: an agent shows the chats it
   *     holds or is offered; a chat the book keeps but does not show still orders the merges
   * @param options.onChange () after anything changed
   */
  constructor({ mine = () => true, onChange = () => {} } = {}) {
    this.mine = mine;
    this.onChange = onChange;
    this.chats = new Map(); // chatId -> { chatId, visitorId, agentId, state, position, endedBy, changedAt }
    this.clock = 0; // counts changes made by events: orders them against resync requests
    this.appliedMark = -1; // the mark of the newest resync answer applied
  }

  /** The chats the view shows, oldest first. */
  list() {
    return [...this.chats.values()].filter((chat) => this.mine(chat));
  }

  /** Applies a server event; returns whether it concerned a chat (and so changed the book). */
  event(frame) {
    const known = this.chats.get(frame.chatId);
    switch (frame.type) {
      case 'chat.queued':
        return this.change(frame.chatId, {
          siteId: frame.siteId,
          agentId: null,
          state: 'queued',
          // A v1 server says nothing of the position: what a resync said still holds.
          position: frame.position ?? (known?.state === 'queued' ? known.position : null),
        });
      case 'chat.assigned':
        return this.change(frame.chatId, {
          siteId: frame.siteId,
          visitorId: frame.visitorId,
          agentId: frame.agentId,
          state: 'assigned',
          position: null,
        });
      case 'chat.ended':
        return this.change(frame.chatId, { state: 'ended', endedBy: frame.by });
      default:
        return false;
    }
  }

  /** The answer to requestChat: the chat exists, though its event may not have come yet. */
  requested(chatId) {
    if (!this.chats.has(chatId)) {
      this.change(chatId, { state: 'requested' });
    }
  }

  /** Called just before `getChats` goes out; the answer is applied with this mark. */
  beginResync() {
    return this.clock;
  }

  /** Takes a `getChats` answer as the truth, except where an event is as new (see above). */
  resync(mark, listed) {
    if (mark < this.appliedMark) {
      return;
    }
    this.appliedMark = mark;
    const truth = new Map(listed.map((chat) => [chat.chatId, chat]));
    for (const [chatId, chat] of this.chats) {
      // Ended chats stay as a record of what happened; no listing names them.
      if (chat.state !== 'ended' && !truth.has(chatId) && chat.changedAt <= mark) {
        this.chats.delete(chatId);
      }
    }
    for (const [chatId, listing] of truth) {
      const known = this.chats.get(chatId);
      if (known && (known.state === 'ended' || known.changedAt > mark)) {
        continue;
      }
      this.chats.set(chatId, {
        ...known,
        chatId,
        siteId: listing.siteId,
        visitorId: listing.visitorId,
        agentId: listing.agentId ?? null,
        state: listing.state,
        position: listing.position ?? null,
        endedBy: null,
        changedAt: mark,
      });
    }
    this.onChange();
  }

  change(chatId, fields) {
    const known = this.chats.get(chatId);
    if (known?.state === 'ended') {
      return true; // a late or repeated event of a chat that is over
    }
    this.chats.set(chatId, { endedBy: null, ...known, chatId, ...fields, changedAt: ++this.clock });
    this.onChange();
    return true;
  }
}
