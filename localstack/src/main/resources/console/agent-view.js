// Agent view: connection state, chosen status, assigned chats, and the site's agents.

import { ChatBook } from './chat-book.js';
import { appendLog, byId, el, showConnection } from './dom.js';
import { openSocket, wireSignIn } from './sign-in.js';

const TEAM_REFRESH_MS = 5_000;

export function startAgentView(config) {
  let socket = null;
  let me = null;
  let teamTimer = null;
  let chats = new ChatBook();
  const log = (line) => appendLog(byId('agent-log'), line);

  wireSignIn('agent', 'agent', {
    onSignIn(token, claims) {
      me = claims;
      // The chats this agent holds or is offered; the socket resyncs it after every connect.
      chats = new ChatBook({
        mine: (chat) => chat.agentId === claims.sub || chat.state === 'offered',
        onChange: renderChats,
      });
      renderChats();
      byId('agent-identity').textContent = `${claims.sub} @ ${claims.site}`;
      socket = openSocket(token, claims, config, {
        chats,
        onEvent,
        onLog: log,
        onState(state, detail) {
          showConnection(byId('agent-connection'), state, detail);
          if (state === 'connected') {
            refreshTeam();
          }
        },
      });
      teamTimer = setInterval(refreshTeam, TEAM_REFRESH_MS);
    },
    onSignOut() {
      clearInterval(teamTimer);
      socket?.stop();
      socket = null;
    },
  });

  byId('agent-set-available').onclick = () => setStatus('available');
  byId('agent-set-away').onclick = () => setStatus('away');

  async function setStatus(status) {
    try {
      const ack = await socket.request('setStatus', { status });
      showOwnStatus(ack.status);
      refreshTeam();
    } catch (e) {
      log(`could not set ${status}: ${e.message}`);
    }
  }

  async function endChat(chatId) {
    try {
      await socket.request('endChat', { chatId });
    } catch (e) {
      log(`could not end ${chatId}: ${e.message}`);
    }
  }

  async function refreshTeam() {
    let answer;
    try {
      answer = await socket.request('getPresence');
    } catch {
      return; // not connected: the connection state says so already
    }
    const rows = answer.agents.map((agent) =>
      el('tr', { dataset: { agentId: agent.agentId } },
        el('td', {}, agent.agentId + (agent.agentId === me.sub ? ' (me)' : '')),
        el('td', { className: `status ${agent.status}` }, agent.status),
        el('td', {}, `${agent.activeChats} / ${agent.maxChats}`)));
    byId('agent-team').tBodies[0].replaceChildren(...rows);
    const mine = answer.agents.find((agent) => agent.agentId === me.sub);
    if (mine) {
      showOwnStatus(mine.status);
    }
  }

  function showOwnStatus(status) {
    const node = byId('agent-status');
    node.textContent = status;
    node.className = `status ${status}`;
  }

  // The book dedupes by chatId: events come twice while two connections overlap in a handover.
  function onEvent(frame) {
    if (chats.event(frame)) {
      refreshTeam();
    }
  }

  function renderChats() {
    const items = chats.list().map(({ chatId, visitorId, state, endedBy }) => {
      const shown = { assigned: 'active', offered: 'offered', ended: `ended by ${endedBy}` }[state] ?? state;
      const item = el('li', { dataset: { chatId } },
        el('span', { className: 'chat-id' }, chatId),
        ` with ${visitorId ?? '?'}: `,
        el('span', { className: 'state' }, shown));
      if (state === 'assigned') { // an offered chat is not the agent's to end yet
        item.append(' ', el('button', { type: 'button', className: 'end-chat', onclick: () => endChat(chatId) }, 'End'));
      }
      return item;
    });
    byId('agent-chats').replaceChildren(...items);
    byId('agent-no-chats').hidden = items.length > 0;
  }
}
