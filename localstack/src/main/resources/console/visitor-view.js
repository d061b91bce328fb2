// Visitor view: request a chat and follow it: queued, assigned, ended.

import { byId, el, showConnection } from './dom.js';
import { openSocket, wireSignIn } from './sign-in.js';

export function startVisitorView(config) {
  let socket = null;
  const chats = new Map(); // chatId -> state text, in request order
  const error = byId('visitor-error');
  byId('visitor-id').value ||= `visitor-${Math.random().toString(36).slice(2, 6)}`;

  wireSignIn('visitor', 'visitor', {
    onSignIn(token, claims) {
      chats.clear();
      renderChats();
      byId('visitor-identity').textContent = `${claims.sub} @ ${claims.site}`;
      socket = openSocket(token, claims, config, {
        onEvent,
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
      if (!chats.has(ack.chatId)) {
        chats.set(ack.chatId, 'requested');
        renderChats();
      }
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

  function onEvent(frame) {
    const states = {
      'chat.queued': () => 'queued: waiting for an agent',
      'chat.assigned': () => `assigned to ${frame.agentId}`,
      'chat.ended': () => `ended by ${frame.by}`,
    };
    if (states[frame.type]) {
      chats.set(frame.chatId, states[frame.type]());
      renderChats();
    }
  }

  function renderChats() {
    const items = [...chats].map(([chatId, state]) => {
      const item = el('li', { dataset: { chatId } },
        el('span', { className: 'chat-id' }, chatId), ' ',
        el('span', { className: 'state' }, state));
      if (!state.startsWith('ended')) {
        item.append(' ', el('button', { type: 'button', className: 'end-chat', onclick: () => endChat(chatId) }, 'End'));
      }
      return item;
    });
    byId('visitor-chats').replaceChildren(...items);
    byId('visitor-no-chats').hidden = items.length > 0;
  }
}
