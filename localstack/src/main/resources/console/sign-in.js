// Signing in with a development token, and opening a session of the client package with it.

import { PresenceClient, claimsOf } from './client/index.js';
import { byId } from './dom.js';

export { claimsOf };

/**
 * Asks the local runtime for a token signed with its own secret (local runtime only); an agent's
 * may name routing groups.
 */
export async function mintToken(site, sub, role, groups = []) {
  const response = await fetch('/local/dev-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(groups.length > 0 ? { site, sub, role, groups } : { site, sub, role }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.message ?? `HTTP ${response.status}`);
  }
  return body.token;
}

/**
 * Wires the sign-in form of a view (ids prefixed with `prefix`): minting, then signing in with the
 * token in the text area, and signing out.
 *
 * @param handlers.onSignIn (token, claims) once a token of the right role is given
 * @param handlers.onSignOut ()
 */
export function wireSignIn(prefix, role, handlers) {
  const form = byId(`${prefix}-sign-in`);
  const session = byId(`${prefix}-session`);
  const error = byId(`${prefix}-sign-in-error`);
  const tokenField = byId(`${prefix}-token`);
  const groupsField = document.getElementById(`${prefix}-groups`);
  const groups = () =>
    (groupsField?.value ?? '').split(',').map((group) => group.trim()).filter((group) => group !== '');
  const mint = () =>
    mintToken(byId(`${prefix}-site`).value.trim(), byId(`${prefix}-id`).value.trim(), role, groups());

  byId(`${prefix}-mint`).onclick = () =>
    mint().then((token) => (tokenField.value = token)).catch((e) => (error.textContent = e.message));

  form.onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const token = tokenField.value.trim() || (tokenField.value = await mint());
      const claims = claimsOf(token);
      if (!claims) {
        throw new Error('this is not a JWT');
      }
      if (claims.role !== role) {
        throw new Error(`this token is for a ${claims.role}, not a ${role}`);
      }
      if (claims.exp * 1000 <= Date.now()) {
        throw new Error('this token has expired');
      }
      form.hidden = true;
      session.hidden = false;
      handlers.onSignIn(token, claims);
    } catch (e) {
      error.textContent = e.message;
    }
  };

  byId(`${prefix}-sign-out`).onclick = () => {
    handlers.onSignOut();
    session.hidden = true;
    form.hidden = false;
  };
}

/**
 * A started PresenceClient (the package in client/, served at /console/client/) to this page's own
 * server. The tabs of this browser signed in as the same user share one socket: one tab holds it,
 * the others speak through it (client/src/tabs.js).
 *
 * @param listeners.chats the view's ChatBook, which the client keeps: events by chatId, getChats
 *     after every (re)connect
 * @param listeners.onEvent (frame, {chat}) every server event, after the book took it in
 * @param listeners.onState (state, detail)
 * @param listeners.onLog (line)
 */
export function openSocket(token, config, { chats, onEvent, onState, onLog }) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const client = new PresenceClient({
    url: `${scheme}://${location.host}/`,
    token,
    keepAliveMs: config.heartbeatMs,
    handoverAfterMs: config.handoverAfterMs,
    chats,
  });
  if (onEvent) {
    client.on('event', onEvent);
  }
  if (onLog) {
    client.on('log', onLog);
  }
  client.on('state', onState);
  client.start();
  return client;
}
