// Signing in with a development token, and opening a PresenceSocket with it.

import { byId } from './dom.js';
import { PresenceSocket } from './presence-socket.js';

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

/** A JWT's claims, not verified: only to show who signs in and to know when the token expires. */
export function claimsOf(token) {
  const payload = token.split('.')[1];
  if (!payload) {
    throw new Error('this is not a JWT');
  }
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
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

/** A started PresenceSocket to this page's own server. */
export function openSocket(token, claims, config, listeners) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new PresenceSocket({
    url: `${scheme}://${location.host}/?token=${encodeURIComponent(token)}`,
    heartbeatMs: config.heartbeatMs,
    handoverAfterMs: config.handoverAfterMs,
    expiresAtMs: claims.exp * 1000,
    ...listeners,
  });
  socket.start();
  return socket;
}
