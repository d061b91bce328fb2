// Agent view: connection state, chosen status (and a supervisor's changes of it), the agent's
// routing groups, offered and assigned chats (their group and priority, whether their visitor
// left, transfers in and out), and the site's agents.

import { ChatBook } from './client/index.js';
import { appendLog, byId, el, showConnection } from './dom.js';
import { openSocket, wireSignIn } from './sign-in.js';

const TEAM_REFRESH_MS = 5_000;
// Finer than the countdown's seconds, so that it never shows a second for much longer than one.
const COUNTDOWN_TICK_MS = 250;
/** Why a chat ended, in the agent's words, for the values of `by` that are nobody's id. */
const ENDED_BECAUSE = new Map([
  ['visitor_left', 'ended: the visitor left and did not come back'],
  ['system', 'ended by the system'],
]);

export function startAgentView(config) {
  let socket = null;
  let me = null;
  let teamTimer = null;
  let countdownTimer = null;
  let chats = new ChatBook();
  // What this view knows of its own agent, beyond its chats (see refreshTeam for the ordering).
  let own = freshOwnState();
  const log = (line) => appendLog(byId('agent-log'), line);

  wireSignIn('agent', 'agent', {
    onSignIn(token, claims) {
      me = claims;
      own = freshOwnState();
      showOwnStatus('unknown');
      showUnresponsive(false);
      // The chats this agent holds or is offered; the socket resyncs it after every connect.
      chats = new ChatBook({
        mine: (chat) => chat.agentId === claims.sub || chat.state === 'offered',
        onChange: renderChats,
      });
      renderChats();
      byId('agent-notices').replaceChildren();
      byId('agent-identity').textContent = `${claims.sub} @ ${claims.site}`;
      byId('agent-groups-shown').textContent = (claims.groups ?? []).join(', ') || 'none';
      socket = openSocket(token, config, {
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
      countdownTimer = setInterval(tickCountdowns, COUNTDOWN_TICK_MS);
    },
    onSignOut() {
      clearInterval(teamTimer);
      clearInterval(countdownTimer);
      socket?.stop();
      socket = null;
    },
  });

  byId('agent-set-available').onclick = () => setStatus('available');
  byId('agent-set-away').onclick = () => setStatus('away');
  byId('agent-im-back').onclick = () => imBack();

  async function setStatus(status) {
    try {
      const ack = await socket.setStatus(status);
      // The ack means the status is durable, and any setStatus ends being unresponsive.
      ownChanged();
      showOwnStatus(ack.status);
      showUnresponsive(false);
      refreshTeam();
    } catch (e) {
      log(`could not set ${status}: ${e.message}`);
    }
  }

  /**
   * "I'm back": the server offers an unresponsive agent nothing until it sends setStatus, with any
   * status. Sending the one the agent chose keeps it: coming back must not make an away agent
   * available, nor the reverse.
   */
  async function imBack() {
    let status = own.chosenStatus;
    if (!status) {
      try {
        status = chosenOf((await socket.getPresence()).agents.find((agent) => agent.agentId === me.sub));
      } catch (e) {
        log(`could not read my status: ${e.message}`);
        return;
      }
    }
    if (!status) {
      log('my chosen status is not known yet: choose Available or Away');
      return;
    }
    await setStatus(status);
  }

  async function acceptChat(chatId) {
    try {
      // The ack means the assignment is durable (the client marks the chat assigned in the book);
      // accepting also ends being unresponsive.
      await socket.acceptChat(chatId, me.sub);
      ownChanged();
      showUnresponsive(false);
      refreshTeam();
    } catch (e) {
      offerFailed('accept', chatId, e);
    }
  }

  async function declineChat(chatId) {
    try {
      await socket.declineChat(chatId); // no event follows: the client drops the offer from the book
    } catch (e) {
      offerFailed('decline', chatId, e);
    }
  }

  /**
   * A failed accept or decline goes to the log, as every failure of this view does. A CONFLICT
   * means the offer the view showed no longer holds (it expired, or went elsewhere); its
   * withdrawal may be on its way or may have been missed, so the view asks for the truth.
   */
  function offerFailed(verb, chatId, e) {
    log(`could not ${verb} ${chatId}: ${e.message}`);
    if (e.code === 'CONFLICT' || e.code === 'NOT_FOUND') {
      socket?.refreshChats();
    } else {
      renderChats(); // e.g. not connected: the offer's buttons, disabled by the click, are usable again
    }
  }

  async function endChat(chatId) {
    try {
      await socket.endChat(chatId);
    } catch (e) {
      log(`could not end ${chatId}: ${e.message}`);
    }
  }

  /**
   * Polls the site's presence, which also tells this agent's own chosen status and whether it is
   * unresponsive. Answers race with what the view learns meanwhile (a withdrawal makes the agent
   * unresponsive, an ack of setStatus or acceptChat ends it) and with each other, so an answer is
   * dropped when the view learnt something of its agent after the request went out, or when it
   * carries an older version of the agent than one already shown. Every such change is followed
   * by a new request, whose answer is then shown.
   */
  async function refreshTeam() {
    const mark = own.changes;
    let answer;
    try {
      answer = await socket.getPresence();
    } catch {
      return; // not connected: the connection state says so already
    }
    const mine = answer.agents.find((agent) => agent.agentId === me.sub);
    if (mark !== own.changes || (mine?.version ?? Infinity) < own.version) {
      return;
    }
    const rows = answer.agents.map((agent) =>
      el('tr', { dataset: { agentId: agent.agentId, unresponsive: String(agent.unresponsive === true) } },
        el('td', {}, agent.agentId + (agent.agentId === me.sub ? ' (me)' : '')),
        el('td', { className: `status ${agent.status}` }, agent.status,
          // The chosen status is unchanged by a missed offer: the site sees both.
          agent.unresponsive ? el('span', { className: 'unresponsive' }, ', missed an offer') : ''),
        el('td', {}, `${agent.activeChats} / ${agent.maxChats}`)));
    byId('agent-team').tBodies[0].replaceChildren(...rows);
    if (mine) {
      own.version = mine.version ?? own.version;
      showOwnStatus(mine.status);
      showUnresponsive(mine.unresponsive === true);
    }
  }

  function ownChanged() {
    own.changes += 1;
  }

  function showOwnStatus(status) {
    own.chosenStatus = chosenOf({ status }) ?? own.chosenStatus;
    const node = byId('agent-status');
    node.textContent = status;
    node.className = `status ${status}`;
  }

  function showUnresponsive(unresponsive) {
    byId('agent-unresponsive').hidden = !unresponsive;
  }

  // The client has given chat events to the book, which dedupes them by chatId (`chat`: the event
  // concerned a chat).
  function onEvent(frame, { chat }) {
    if (frame.type === 'status.changed') {
      statusChangedBy(frame);
      return;
    }
    if (frame.type === 'chat.transferred') {
      noticeTransfer(frame);
    }
    if (frame.type === 'chat.offerWithdrawn') {
      // The server marks the agent unresponsive before it says so: show it now, not at the next poll.
      ownChanged();
      showUnresponsive(true);
      log(`offer of ${frame.chatId} withdrawn: it was not accepted in time`);
    }
    if (!chat) {
      return;
    }
    if (chats.needsListing(frame.chatId)) {
      socket?.refreshChats();
    }
    // A visitor leaving or coming back changes no agent's presence: no need to ask for it.
    if (frame.type === 'chat.visitorLeft') {
      log(`the visitor of ${frame.chatId} left: the chat ends unless they come back`);
    } else if (frame.type === 'chat.visitorReturned') {
      log(`the visitor of ${frame.chatId} is back`);
    } else {
      refreshTeam();
    }
  }

  /**
   * A supervisor chose this agent's status. Like the ack of the agent's own setStatus, it is
   * durable when it comes, and it ends being unresponsive.
   */
  function statusChangedBy({ status, by }) {
    ownChanged();
    showOwnStatus(status);
    showUnresponsive(false);
    log(`${by} set my status to ${status}`);
    refreshTeam();
  }

  /**
   * Says where a chat went, beside the list it leaves or joins. The same notice twice in a row is
   * the same event delivered twice (at least once, and on both connections during a handover).
   */
  function noticeTransfer({ chatId, fromAgentId, toAgentId, toGroup }) {
    let text;
    if (toAgentId === me.sub) {
      text = `${chatId} was transferred to you from ${fromAgentId}`;
    } else if (toAgentId) {
      text = `${chatId} was transferred to ${toAgentId}`;
    } else {
      text = `${chatId} went back to the queue for ${toGroup ? `group ${toGroup}` : 'any agent'}`;
    }
    const notices = byId('agent-notices');
    if (notices.firstChild?.dataset.chatId === chatId && notices.firstChild.dataset.text === text) {
      return;
    }
    notices.prepend(el('li', { dataset: { chatId, text } }, `${new Date().toLocaleTimeString()} ${text}`));
    log(text);
  }

  /**
   * An offer past its expiry is not shown even before its withdrawal comes (the server's timer
   * may take a moment): accepting it could only fail. The countdown runs on this machine's clock,
   * which is the server's on the local runtime.
   */
  function live(chat) {
    return chat.state !== 'offered' || !chat.expiresAt || Date.parse(chat.expiresAt) > Date.now();
  }

  function renderChats() {
    const items = chats.list().filter(live).map((chat) => {
      const { chatId, visitorId, state, endedBy, visitorLeftAt } = chat;
      const ended = ENDED_BECAUSE.get(endedBy) ?? `ended by ${endedBy}`;
      const shown = { assigned: 'active', offered: 'offered', ended }[state] ?? state;
      const item = el('li', { dataset: { chatId, state } },
        el('span', { className: 'chat-id' }, chatId),
        ` with ${visitorId ?? '?'}: `,
        el('span', { className: 'state' }, shown));
      const routing = routingText(chat);
      if (routing) {
        item.append(' ', el('span', { className: 'routing' }, routing));
      }
      if (state === 'assigned' && visitorLeftAt) {
        item.append(' ', el('span', { className: 'visitor-left' },
          'Visitor left: the chat ends unless they come back'));
      }
      if (state === 'offered') { // not the agent's to end yet: to accept or decline
        if (chat.expiresAt) {
          item.append(' ', el('span', { className: 'countdown', dataset: { expiresAt: chat.expiresAt } },
            countdownText(chat.expiresAt)));
        }
        item.append(' ',
          el('button', { type: 'button', className: 'accept-chat', onclick: (e) => act(e, acceptChat, chatId) }, 'Accept'),
          ' ',
          el('button', { type: 'button', className: 'decline-chat', onclick: (e) => act(e, declineChat, chatId) }, 'Decline'));
      }
      if (state === 'assigned') {
        item.append(' ', el('button', { type: 'button', className: 'end-chat', onclick: () => endChat(chatId) }, 'End'));
      }
      return item;
    });
    byId('agent-chats').replaceChildren(...items);
    byId('agent-no-chats').hidden = items.length > 0;
  }

  /** A second click while the first is on its way could only answer CONFLICT. */
  function act(event, action, chatId) {
    for (const button of event.target.parentNode.querySelectorAll('button')) {
      button.disabled = true;
    }
    action(chatId);
  }

  /** Counts the offers down; one that runs out is taken off the list at once. */
  function tickCountdowns() {
    let expired = false;
    for (const node of byId('agent-chats').querySelectorAll('.countdown')) {
      const text = countdownText(node.dataset.expiresAt);
      expired ||= text === null;
      if (text !== null && node.textContent !== text) {
        node.textContent = text;
      }
    }
    if (expired) {
      renderChats();
    }
  }
}

function freshOwnState() {
  // changes: counts what the view learnt of its agent by itself; version: the newest one shown
  return { chosenStatus: null, changes: 0, version: -1 };
}

/** The chosen status in a presence entry: offline is not a choice, but the lack of a connection. */
function chosenOf(entry) {
  return ['available', 'away'].includes(entry?.status) ? entry.status : null;
}

/** "group billing, priority 9"; null while no listing has told them (events do not). */
function routingText({ group, priority }) {
  if (priority == null) {
    return null;
  }
  return `${group ? `group ${group}` : 'any group'}, priority ${priority}`;
}

/** "expires in 4 s", rounded up so that it shows 1 s until the very end; null once expired. */
function countdownText(expiresAt) {
  const left = Date.parse(expiresAt) - Date.now();
  return left > 0 ? `expires in ${Math.ceil(left / 1000)} s` : null;
}
