// Visitor view: request a chat and follow it: queued, assigned, ended.

import { ChatBook } from './chat-book.js';
import { byId, el, showConnection } from './dom.js';
import { openSocket, wireSignIn } from './sign-in.js';

export function startVisitorView(config) {
  let socket = null;
  let chats = new ChatBook();
  const error = byId('visitor-error');
  byId('visitor-id').value ||= `visitor-${Math.random().toString(36).slice(2, 6)}`;

  wireSignIn('visitor', 'visitor', {
    onSignIn(token, claims) {
      // The visitor's own chats; the socket resyncs it after every connect.
      chats = new ChatBook({ onChange: renderChats });
      renderChats();
      byId('visitor-identity').textContent = `${claims.sub} @ ${claims.site}`;
      socket = openSocket(token, claims, config, {
        chats,
        onEvent: (frame) => chats.event(frame),
        onState: (state, detail) => showConnection(byId('visitor-connection'), state, detail),
      });
    },
    onSignOut() {
      socket?.stop();
      socket = null;
    },
  });

  byId('visitor-request').onclick = async () => {
    error.textContent = '';
    const chatId = byId('visitor-chat-id').value.trim();
    try {
      const ack = await socket.request('requestChat', chatId ? { chatId } : {});
      // The router's event may already have come: the ack only fills a gap.
      chats.requested(ack.chatId);
    } catch (e) {
      error.textContent = `could not request a chat: ${e.message}`;
    }
  };

  async function endChat(chatId) {
    try {
      await socket.request('endChat', { chatId });
    } catch (e) {
      error.textContent = `could not end ${chatId}: ${e.message}`;
    }
  }

  /** An offered chat is still waiting, for the visitor: only the agent knows of the offer. */
  function describe({ state, agentId, position, endedBy }) {
    switch (state) {
      case 'queued':
      case 'offered':
        return `queued: waiting for an agent${position ? ` (position ${position})` : ''}`;
      case 'assigned':
        return `assigned to ${agentId}`;
      case 'ended':
        return `ended by ${endedBy}`;
      default:
        return state;
    }
  }

  function renderChats() {
    const items = chats.list().map((chat) => {
      const { chatId, state } = chat;
      const item = el('li', { dataset: { chatId } },
        el('span', { className: 'chat-id' }, chatId), ' ',
        el('span', { className: 'state' }, describe(chat)));
      if (state !== 'ended') {
        item.append(' ', el('button', { type: 'button', className: 'end-chat', onclick: () => endChat(chatId) }, 'End'));
      }
      return item;
    });
    byId('visitor-chats').replaceChildren(...items);
    byId('visitor-no-chats').hidden = items.length > 0;
  }
}
