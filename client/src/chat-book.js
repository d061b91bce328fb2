/*
 * ChatBook: what a view knows of its chats, merged from two sources that can disagree.
 *
 * Events (chat.assigned, chat.queued, chat.offered, chat.offerWithdrawn, chat.ended, and the
 * agent's chat.visitorLeft and chat.visitorReturned) are delivered at least once, and are missed
 * while the client has no open connection: a page load, a reconnect, the moment of a handover.
 * So the session asks for the caller's chats (`getChats`) after every connection it opens, and
 * the answer is the truth: chats it lists are added or updated, chats it no longer lists are
 * dropped (they ended or moved while the client was away). Between answers, events keep the book
 * up to date. Both are keyed by chatId, so an event that comes twice changes nothing (and
 * `onChange` is not called for it).
 *
 * Events race with the answer: the server reads the chats at some moment after the request went
 * out, and an event sent after that moment can arrive before the answer. Hence:
 * - an ended chat stays ended: chatIds are never reused, so no listing (necessarily older than
 *   the end, since it still lists the chat) can bring it back;
 * - a chat that an event changed after the request went out keeps what the event said, whether
 *   the answer lists it (maybe as it was before) or not (maybe from before it was assigned). If
 *   the event was the older one after all, the next event or resync corrects it;
 * - an answer to a request older than one already applied is dropped: it can only be staler.
 *
 * Offers (contract v2, `PRESENCE_OFFER_TIMEOUT_SECONDS` above 0). `chat.offered` puts a chat in the
 * `offered` state with its `expiresAt`; `getChats` lists it as `offered` too, but without the
 * expiry, so a resync keeps the one an event told (a chat offered again comes with a new event).
 * A withdrawn offer, or one the agent declined, is not deleted but kept as `withdrawn`, which no
 * view shows: deleting it would let an answer requested before the withdrawal bring it back, where
 * the `withdrawn` entry, newer than that answer, wins as any event does. The next answer that no
 * longer lists it removes it; a new offer of the same chat (new event, newer answer) revives it.
 *
 * A visitor gone (contract v2): `chat.visitorLeft` marks an assigned chat with `visitorLeftAt`
 * (when the agent was told), `chat.visitorReturned` clears it. An agent's listing gives
 * `visitorLeftAt` once the notice is on record, so a reloaded page shows it; a listing without it
 * (the notice not recorded yet) keeps the mark, but only while the same agent holds the chat: the
 * mark belongs to that holding, and a new one (the chat went back to the queue meanwhile) starts
 * without it. A notice
 * for a chat the book does not know is dropped: there is nothing to mark, and an entry with no
 * state would keep the next listing from filling it in.
 *
 * Transfers (contract v2): `chat.transferred` to an agent makes it the chat's holder, a new holding
 * that starts without the old one's visitor-left mark; to a group (`toGroup`, no `toAgentId`) puts
 * the chat back in the queue for that group. The event names neither the visitor nor the priority:
 * an agent that receives a chat this way asks for a listing (see `needsListing`).
 *
 * Routing (contract v2): listings carry each chat's `group`, `priority` and `waitingSince`; events
 * do not, so a chat known only from events has them `undefined`, and a listing fills them in.
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
    // chatId -> { chatId, siteId, visitorId, agentId, state, position, expiresAt, endedBy,
    //   visitorLeftAt, group, priority, waitingSince, changedAt }
    this.chats = new Map();
    this.clock = 0; // counts changes made by events: orders them against resync requests
    this.appliedMark = -1; // the mark of the newest resync answer applied
  }

  /** The chats the view shows, oldest first; withdrawn offers are only kept to order the merges. */
  list() {
    return [...this.chats.values()].filter((chat) => chat.state !== 'withdrawn' && this.mine(chat));
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
          expiresAt: null,
          visitorLeftAt: null,
        });
      case 'chat.offered':
        // Only the agent it is offered to hears of an offer; agentId stays what the book knew.
        return this.change(frame.chatId, {
          siteId: frame.siteId,
          visitorId: frame.visitorId,
          state: 'offered',
          position: null,
          expiresAt: frame.expiresAt ?? null,
          visitorLeftAt: null,
        });
      case 'chat.offerWithdrawn':
        return this.withdraw(frame.chatId);
      case 'chat.assigned':
        return this.change(frame.chatId, {
          siteId: frame.siteId,
          visitorId: frame.visitorId,
          agentId: frame.agentId,
          state: 'assigned',
          position: null,
          expiresAt: null,
          visitorLeftAt: keptVisitorLeftAt(known, 'assigned', frame.agentId),
        });
      case 'chat.transferred':
        return this.change(frame.chatId, frame.toAgentId
          ? { agentId: frame.toAgentId, state: 'assigned', position: null, expiresAt: null, visitorLeftAt: null }
          : {
            agentId: null,
            state: 'queued',
            group: frame.toGroup ?? known?.group,
            position: null,
            expiresAt: null,
            visitorLeftAt: null,
          });
      case 'chat.ended':
        return this.change(frame.chatId, { state: 'ended', endedBy: frame.by });
      case 'chat.visitorLeft':
        // A repeated notice keeps the first time the agent was told.
        return known?.state === 'assigned' && !known.visitorLeftAt
          ? this.change(frame.chatId, { visitorLeftAt: new Date().toISOString() })
          : false;
      case 'chat.visitorReturned':
        return known?.visitorLeftAt ? this.change(frame.chatId, { visitorLeftAt: null }) : false;
      default:
        return false;
    }
  }

  /**
   * Whether the view shows a chat it knows only from events, which leave out its visitor (on a
   * transfer) and its group and priority: a listing would fill them in.
   */
  needsListing(chatId) {
    const known = this.chats.get(chatId);
    return known !== undefined && known.state !== 'ended' && this.mine(known) && known.priority === undefined;
  }

  /** The answer to requestChat: the chat exists, though its event may not have come yet. */
  requested(chatId) {
    if (!this.chats.has(chatId)) {
      this.change(chatId, { state: 'requested' });
    }
  }

  /**
   * The ack of `acceptChat`: the assignment is durable. Its `chat.assigned` follows, but could be
   * missed in a reconnect, and the agent should see its chat as active as soon as it is.
   */
  accepted(chatId, agentId) {
    const known = this.chats.get(chatId);
    if (known?.state === 'offered' || known?.state === 'withdrawn') {
      this.change(chatId, { agentId, state: 'assigned', position: null, expiresAt: null });
    }
  }

  /**
   * The offer is no longer the agent's: withdrawn by the server (expired), or declined (no event
   * follows a decline). Only an offer is withdrawn: a late withdrawal of an offer the agent has
   * accepted meanwhile, or of a chat that ended, changes nothing.
   */
  withdraw(chatId) {
    const known = this.chats.get(chatId);
    if (!known || known.state === 'offered') {
      return this.change(chatId, { state: 'withdrawn', expiresAt: null });
    }
    return false;
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
        expiresAt: listing.state === 'offered' ? listing.expiresAt ?? offerExpiry(known) : null,
        endedBy: null,
        visitorLeftAt:
          listing.visitorLeftAt ?? keptVisitorLeftAt(known, listing.state, listing.agentId ?? null),
        // null, not undefined, from a server that does not list them: there is nothing more to ask.
        group: listing.group ?? null,
        priority: listing.priority ?? null,
        waitingSince: listing.waitingSince ?? null,
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
    const next = { endedBy: null, ...known, chatId, ...fields, changedAt: ++this.clock };
    this.chats.set(chatId, next);
    // The same event twice (at least once; both connections of a handover) changes nothing shown:
    // no onChange. It still counts as news for the merge with a listing (changedAt).
    if (!known || !sameChat(known, next)) {
      this.onChange();
    }
    return true;
  }
}

/** Whether two entries of a chat show the same, whenever each was learnt. */
function sameChat(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('changedAt');
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * The expiry an event told of an offer that a listing still names (listings carry none). One already
 * past is dropped: the listing, newer than the event, names the chat as offered all the same, so it
 * is either about to be withdrawn (a moment's wait) or offered again, with an event that was
 * missed. Hiding a live offer would let it expire unseen, which makes the agent unresponsive;
 * showing one without a countdown costs at worst a CONFLICT on Accept.
 */
function offerExpiry(known) {
  const at = known?.state === 'offered' ? Date.parse(known.expiresAt ?? '') : NaN;
  return at > Date.now() ? known.expiresAt : null;
}

/** The visitor-left mark the book holds, as long as the same agent still holds the chat. */
function keptVisitorLeftAt(known, state, agentId) {
  const same = known?.state === 'assigned' && state === 'assigned' && known.agentId === agentId;
  return same ? known.visitorLeftAt ?? null : null;
}
