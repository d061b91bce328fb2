// Visitor view: how long a chat would wait, then request one and follow it: queued (with its place
// in the queue), assigned, ended (and why).

import { ChatBook } from './client/index.js';
import { byId, el, showConnection } from './dom.js';
import { openSocket, wireSignIn } from './sign-in.js';

/** Why a chat ended, in the visitor's words, for the values of `by` that are nobody's id. */
const ENDED_BECAUSE = new Map([
  ['timeout', 'ended. No agent could take your chat in time.'],
  ['visitor_left', 'ended. You were away for too long.'],
  ['system', 'ended by the system'],
]);

export function startVisitorView(config) {
  let socket = null;
  let me = null;
  let chats = new ChatBook();
  // Numbers the getAvailability requests, and remembers the newest one whose answer is shown.
  let availabilityAsked = 0;
  let availabilityShown = 0;
  const error = byId('visitor-error');
  byId('visitor-id').value ||= `visitor-${Math.random().toString(36).slice(2, 6)}`;

  wireSignIn('visitor', 'visitor', {
    onSignIn(token, claims) {
      me = claims.sub;
      // The visitor's own chats; the socket resyncs it after every connect.
      chats = new ChatBook({ onChange: renderChats });
      renderChats();
      showAvailability(null);
      byId('visitor-identity').textContent = `${claims.sub} @ ${claims.site}`;
      socket = openSocket(token, config, {
        chats,
        onState(state, detail) {
          showConnection(byId('visitor-connection'), state, detail);
          // Before any request, as a widget does to choose between a chat and a message form; a
          // reconnect asks again, since what was shown may be long out of date.
          if (state === 'connected') {
            refreshAvailability();
          }
        },
      });
    },
    onSignOut() {
      socket?.stop();
      socket = null;
    },
  });

  byId('visitor-refresh-availability').onclick = () => refreshAvailability();

  byId('visitor-request').onclick = async () => {
    error.textContent = '';
    const chatId = byId('visitor-chat-id').value.trim();
    const group = byId('visitor-group').value.trim();
    const priority = Number(byId('visitor-priority').value);
    const fields = { ...(chatId ? { chatId } : {}), ...(group ? { group } : {}), ...(priority ? { priority } : {}) };
    try {
      // The client puts the chat in the book at the ack (its event may have come already).
      await socket.requestChat(fields);
    } catch (e) {
      error.textContent = `could not request a chat: ${e.message}`;
    }
  };

  async function endChat(chatId) {
    try {
      await socket.endChat(chatId);
    } catch (e) {
      error.textContent = `could not end ${chatId}: ${e.message}`;
    }
  }

  /**
   * Answers can cross (a click on Refresh while the reconnect's request is on its way): one to a
   * request older than the answer shown can only be staler, and is dropped, as is any answer
   * that comes after the session that asked was signed out.
   */
  async function refreshAvailability() {
    const from = socket;
    const asked = ++availabilityAsked;
    try {
      const answer = await from.getAvailability();
      if (from === socket && asked > availabilityShown) {
        availabilityShown = asked;
        showAvailability(answer);
      }
    } catch (e) {
      if (from === socket && asked > availabilityShown) {
        byId('visitor-availability-error').textContent = `could not ask: ${e.message}`;
      }
    }
  }

  /** Shows an answer to getAvailability, or nothing yet (null). */
  function showAvailability(answer) {
    byId('visitor-agents-available').textContent = answer ? answer.agentsAvailable : '-';
    byId('visitor-queued').textContent = answer ? answer.queued : '-';
    byId('visitor-estimated-wait').textContent = answer ? waitText(answer.estimatedWaitSeconds) : '-';
    byId('visitor-availability-asked').textContent = answer ? new Date().toLocaleTimeString() : 'not yet';
    byId('visitor-availability-error').textContent = '';
  }

  /** An offered chat is still waiting, for the visitor: only the agent knows of the offer. */
  function describe({ state, agentId, endedBy }) {
    switch (state) {
      case 'queued':
      case 'offered':
        return 'queued: waiting for an agent.';
      case 'assigned':
        return `assigned to ${agentId}`;
      case 'ended':
        return ENDED_BECAUSE.get(endedBy) ?? `ended by ${endedBy === me ? 'you' : endedBy}`;
      default:
        return state;
    }
  }

  function renderChats() {
    const items = chats.list().map((chat) => {
      const { chatId, state, position } = chat;
      const item = el('li', { dataset: { chatId, state } },
        el('span', { className: 'chat-id' }, chatId), ' ',
        el('span', { className: 'state' }, describe(chat)));
      // A chat.queued from a v1 server, or a listing of an offered chat, tells no position.
      if ((state === 'queued' || state === 'offered') && position) {
        item.append(' ', el('span', { className: 'position' }, `You are number ${position} in the queue.`));
      }
      if (state !== 'ended') {
        item.append(' ', el('button', { type: 'button', className: 'end-chat', onclick: () => endChat(chatId) }, 'End'));
      }
      return item;
    });
    byId('visitor-chats').replaceChildren(...items);
    byId('visitor-no-chats').hidden = items.length > 0;
  }
}

/** The server's estimate from recent waits; null (or absent) when it has none to go on. */
function waitText(seconds) {
  if (seconds == null) {
    return 'no estimate';
  }
  if (seconds === 0) {
    return 'none: an agent is free';
  }
  return seconds < 60 ? `about ${seconds} s` : `about ${Math.round(seconds / 60)} min`;
}
