// Supervisor view: the site's agents on a live board, every open chat of the site by group and
// priority with its age, and a supervisor's two interventions: choosing an agent's status and
// moving a chat to another agent or group. Everything here comes from the public API (contract
// v2), so it works the same against a deployed stack.

import { appendLog, byId, el, showConnection } from './dom.js';
import { openSocket, wireSignIn } from './sign-in.js';

// Only while the server has not taken a subscription to presence.changed.
const BOARD_POLL_MS = 5_000;
// Supervisors are sent no chat events: chats that start waiting show at the next read.
const QUEUE_REFRESH_MS = 5_000;
const AGE_TICK_MS = 1_000;
/** The chats without a group go last: any agent may take them, so they are the least stuck. */
const ANY_GROUP = '';

export function startSupervisorView(config) {
  let socket = null;
  let timers = [];
  // The board is the client's PresenceBoard: the newest entry of each agent, by version, from
  // getPresence answers and presence.changed events alike.
  let subscribed = false;
  let boardRenderPending = false;
  let chats = [];
  let chatsShown = null;
  let queueReading = false;
  let queueAgain = false;
  // What the supervisor typed or was told per chat and per agent, kept across re-renders.
  const drafts = new Map();
  const transferErrors = new Map();
  const statusErrors = new Map();
  const log = (line) => appendLog(byId('supervisor-log'), line);

  wireSignIn('supervisor', 'supervisor', {
    onSignIn(token, claims) {
      chats = [];
      chatsShown = null;
      showSubscribed(false);
      drafts.clear();
      transferErrors.clear();
      statusErrors.clear();
      renderBoard();
      renderQueue();
      byId('supervisor-identity').textContent = `${claims.sub} @ ${claims.site} (supervisor)`;
      socket = openSocket(token, config, {
        onEvent,
        onLog: log,
        onState(state, detail) {
          showConnection(byId('supervisor-connection'), state, detail);
          if (state === 'connected') {
            openBoard();
            refreshQueue();
          } else if (state !== 'handing-over') {
            // A subscription belongs to its connection: a new one must subscribe again.
            showSubscribed(false);
          }
        },
      });
      socket.on('presence', onPresence);
      timers = [
        setInterval(() => subscribed || refreshBoard(), BOARD_POLL_MS),
        setInterval(refreshQueue, QUEUE_REFRESH_MS),
        setInterval(tickAges, AGE_TICK_MS),
      ];
    },
    onSignOut() {
      timers.forEach(clearInterval);
      socket?.stop();
      socket = null;
    },
  });

  /**
   * On every connection adopted: the board as getPresence reads it, then the subscription. A change
   * between that read and the subscription would never be told, so the board is read once more
   * after the ack; versions keep the read and the events from undoing each other. A server that
   * refuses the subscription (one without live presence) leaves the board on polling.
   */
  async function openBoard() {
    await refreshBoard();
    if (!socket) {
      return; // signed out meanwhile
    }
    try {
      await socket.subscribePresence();
    } catch (e) {
      log(`no live presence (${e.message}): reading the board every ${BOARD_POLL_MS / 1000} s`);
      showSubscribed(false);
      return;
    }
    showSubscribed(true);
    await refreshBoard();
  }

  function showSubscribed(live) {
    subscribed = live;
    const mode = byId('supervisor-board-mode');
    mode.dataset.mode = live ? 'live' : 'polling';
    mode.textContent = live ? 'live' : `read every ${BOARD_POLL_MS / 1000} s`;
  }

  /** Reads the board (the client keeps, per agent, the entry with the highest version). */
  async function refreshBoard() {
    try {
      await socket.getPresence();
    } catch {
      return; // not connected: the connection state says so already
    }
    renderBoard();
  }

  /**
   * An agent's entry, newer than the one the board had (events and answers race; the client drops
   * the staler). A change of its chat count means a chat moved: the queue is worth reading again.
   */
  function onPresence(entry, previous) {
    scheduleBoardRender();
    if (previous && previous.activeChats !== entry.activeChats) {
      refreshQueue();
    }
  }

  /** One render for the many entries of one answer. */
  function scheduleBoardRender() {
    if (!boardRenderPending) {
      boardRenderPending = true;
      queueMicrotask(() => {
        boardRenderPending = false;
        renderBoard();
      });
    }
  }

  function onEvent(frame) {
    if (frame.type?.startsWith('chat.')) {
      refreshQueue();
    }
  }

  async function forceStatus(agentId, status) {
    statusErrors.delete(agentId);
    try {
      await socket.setAgentStatus(agentId, status);
      log(`set ${agentId} ${status}`);
    } catch (e) {
      statusErrors.set(agentId, e.message);
    }
    renderBoard();
    // Live, presence.changed tells the change; read it all the same, for a board on polling.
    refreshBoard();
  }

  function renderBoard() {
    const agents = socket ? socket.presence.list() : [];
    const rows = agents.map((agent) =>
      el('tr', { dataset: { agentId: agent.agentId, status: agent.status } },
        el('td', {}, agent.agentId),
        el('td', { className: `status ${agent.status}` }, agent.status,
          agent.unresponsive ? el('span', { className: 'unresponsive' }, ', missed an offer') : ''),
        el('td', {}, `${agent.activeChats} / ${agent.maxChats}`),
        el('td', {},
          el('button', { type: 'button', className: 'force-available', onclick: (e) => act(e, forceStatus, agent.agentId, 'available') }, 'Available'),
          ' ',
          el('button', { type: 'button', className: 'force-away', onclick: (e) => act(e, forceStatus, agent.agentId, 'away') }, 'Away'),
          ' ',
          el('span', { className: 'error force-error' }, statusErrors.get(agent.agentId) ?? ''))));
    byId('supervisor-board').tBodies[0].replaceChildren(...rows);
    byId('supervisor-no-agents').hidden = rows.length > 0;
    byId('supervisor-agent-ids').replaceChildren(...agents.map((agent) => el('option', { value: agent.agentId })));
  }

  /** Reads every open chat of the site; reads asked for while one is on its way make one more. */
  async function refreshQueue() {
    if (!socket) {
      return;
    }
    if (queueReading) {
      queueAgain = true;
      return;
    }
    queueReading = true;
    try {
      chats = (await socket.getChats()).chats;
      byId('supervisor-queue-updated').textContent = new Date().toLocaleTimeString();
      byId('supervisor-queue-error').textContent = '';
      // Re-rendering takes the focus from a target being typed: only when something changed.
      if (JSON.stringify(chats) !== chatsShown) {
        renderQueue();
      }
    } catch (e) {
      byId('supervisor-queue-error').textContent = e.code === 'NOT_CONNECTED' ? '' : e.message;
    } finally {
      queueReading = false;
    }
    if (queueAgain) {
      queueAgain = false;
      refreshQueue();
    }
  }

  async function transfer(chatId, to) {
    const target = (drafts.get(chatId) ?? '').trim();
    if (!target) {
      transferErrors.set(chatId, 'name an agent or a group');
      renderQueue();
      return;
    }
    transferErrors.delete(chatId);
    try {
      await socket.transferChat(to === 'agent' ? { chatId, toAgentId: target } : { chatId, toGroup: target });
      drafts.delete(chatId);
      log(`moved ${chatId} to ${to} ${target}`);
    } catch (e) {
      // CONFLICT (the target cannot take it now) or NOT_FOUND (the chat ended, or no such agent):
      // said beside the chat it is about, where the supervisor is looking.
      transferErrors.set(chatId, e.message);
    }
    renderQueue();
    refreshQueue();
  }

  function renderQueue() {
    chatsShown = JSON.stringify(chats);
    for (const chatId of [...transferErrors.keys()]) {
      if (!chats.some((chat) => chat.chatId === chatId)) {
        transferErrors.delete(chatId); // the chat ended: its error is history
      }
    }
    const focused = document.activeElement?.closest?.('#supervisor-queue tr')?.dataset.chatId;
    const byGroup = new Map();
    for (const chat of chats) {
      const group = chat.group ?? ANY_GROUP;
      byGroup.set(group, [...(byGroup.get(group) ?? []), chat]);
    }
    const groups = [...byGroup.keys()].sort((a, b) =>
      (a === ANY_GROUP) - (b === ANY_GROUP) || a.localeCompare(b));
    byId('supervisor-queue').replaceChildren(...groups.map((group) => groupSection(group, byGroup.get(group))));
    byId('supervisor-no-chats').hidden = chats.length > 0;
    if (focused) {
      byId('supervisor-queue').querySelector(`tr[data-chat-id="${CSS.escape(focused)}"] .transfer-target`)?.focus();
    }
  }

  function groupSection(group, inGroup) {
    const ordered = [...inGroup].sort((a, b) =>
      (b.priority ?? 0) - (a.priority ?? 0)
        || Date.parse(a.waitingSince ?? '') - Date.parse(b.waitingSince ?? '')
        || a.chatId.localeCompare(b.chatId));
    const waiting = ordered.filter((chat) => chat.state !== 'assigned').length;
    return el('section', { className: 'queue-group', dataset: { group } },
      el('h3', {}, group === ANY_GROUP ? 'Any agent (no group)' : `Group ${group}`,
        el('span', { className: 'counts' }, ` ${waiting} waiting, ${ordered.length - waiting} assigned`)),
      el('table', {},
        el('thead', {}, el('tr', {},
          el('th', {}, 'Chat'), el('th', {}, 'Priority'), el('th', {}, 'State'),
          el('th', { title: 'since its request, or its last return to the queue' }, 'Age'),
          el('th', {}, 'Reassign'))),
        el('tbody', {}, ...ordered.map(chatRow))));
  }

  function chatRow(chat) {
    const { chatId, visitorId, state, agentId, position, priority, waitingSince } = chat;
    const stateText = {
      queued: position ? `queued, number ${position}` : 'queued',
      offered: `offered to ${agentId}`,
      assigned: `with ${agentId}`,
    }[state] ?? state;
    return el('tr', { dataset: { chatId, state, priority: String(priority ?? '') } },
      el('td', {}, el('span', { className: 'chat-id' }, chatId), ` from ${visitorId}`),
      el('td', { className: 'priority' }, String(priority ?? '-')),
      el('td', { className: 'state' }, stateText),
      el('td', { className: 'age', dataset: { since: waitingSince ?? '' } }, ageText(waitingSince)),
      el('td', {}, state === 'assigned' ? transferControls(chatId) : ''));
  }

  function transferControls(chatId) {
    const input = el('input', {
      className: 'transfer-target',
      placeholder: 'agent or group',
      value: drafts.get(chatId) ?? '',
      oninput: (e) => drafts.set(chatId, e.target.value),
    });
    input.setAttribute('list', 'supervisor-agent-ids');
    return el('span', { className: 'transfer' },
      input, ' ',
      el('button', { type: 'button', className: 'transfer-to-agent', onclick: (e) => act(e, transfer, chatId, 'agent') }, 'To agent'),
      ' ',
      el('button', { type: 'button', className: 'transfer-to-group', onclick: (e) => act(e, transfer, chatId, 'group') }, 'To group'),
      ' ',
      el('span', { className: 'error transfer-error' }, transferErrors.get(chatId) ?? ''));
  }

  function tickAges() {
    for (const node of byId('supervisor-queue').querySelectorAll('.age')) {
      const text = ageText(node.dataset.since);
      if (node.textContent !== text) {
        node.textContent = text;
      }
    }
  }
}

/** A second click while the first is on its way would only repeat it. */
function act(event, action, ...args) {
  for (const button of event.target.parentNode.querySelectorAll('button')) {
    button.disabled = true;
  }
  action(...args);
}

/** "45 s", "3 min 5 s", "1 h 2 min"; on this machine's clock, which is the server's locally. */
function ageText(since) {
  const at = Date.parse(since ?? '');
  if (Number.isNaN(at)) {
    return '-';
  }
  const seconds = Math.max(0, Math.floor((Date.now() - at) / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  }
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
