// On-call view: what only the local runtime can tell (the auditor's findings, the routing queues,
// every agent's connections as the gateway sees them), polled from its read-only /local/ endpoints
// while the view is shown. Statuses and chats, which the deployed API serves, are the supervisor
// view's.

import { byId, el } from './dom.js';

const POLL_MS = 2_000;

export function startOnCallView() {
  let active = false;
  let timer = null;

  async function poll() {
    try {
      const [snapshot, audit] = await Promise.all([fetchSnapshot(), fetchAudit()]);
      renderSnapshot(snapshot);
      renderAudit(audit);
      byId('oncall-updated').textContent = new Date(snapshot.atMillis).toLocaleTimeString();
      byId('oncall-error').textContent = '';
    } catch (e) {
      byId('oncall-error').textContent = `cannot read the local runtime: ${e.message}`;
    }
    if (active) {
      timer = setTimeout(poll, POLL_MS);
    }
  }

  return {
    show() {
      if (!active) {
        active = true;
        poll();
      }
    },
    hide() {
      active = false;
      clearTimeout(timer);
    },
  };
}

async function fetchSnapshot() {
  const response = await fetch('/local/oncall');
  if (!response.ok) {
    throw new Error(`/local/oncall answered HTTP ${response.status}`);
  }
  return response.json();
}

/** The auditor's report, or null when this runtime has no auditor. */
async function fetchAudit() {
  const response = await fetch('/local/audit');
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    return { error: `the auditor answered HTTP ${response.status}` };
  }
  return response.json();
}

function renderSnapshot(snapshot) {
  byId('oncall-routing-waiting').textContent = snapshot.routingQueue.waiting;
  byId('oncall-routing-in-flight').textContent = snapshot.routingQueue.inFlight;
  const deadLetters = snapshot.deadLetterQueue.waiting + snapshot.deadLetterQueue.inFlight;
  byId('oncall-dlq').textContent = deadLetters;
  byId('oncall-dlq').className = deadLetters > 0 ? 'alert' : '';
  const rows = snapshot.agents.map((agent) =>
    el('tr', { dataset: { siteId: agent.siteId, agentId: agent.agentId } },
      el('td', {}, agent.siteId),
      el('td', {}, agent.agentId),
      el('td', {}, connectionList(agent.connections, snapshot))));
  byId('oncall-agents').tBodies[0].replaceChildren(...rows);
  byId('oncall-no-agents').hidden = rows.length > 0;
}

function connectionList(connections, snapshot) {
  if (connections.length === 0) {
    return 'none';
  }
  return el('ul', { className: 'connections' }, ...connections.map((c) => {
    const age = c.connectedAtMillis == null ? '?' : duration((snapshot.atMillis - c.connectedAtMillis) / 1000);
    const lastFrame = c.lastFrameAgeSeconds == null ? 'gone' : `last frame ${duration(c.lastFrameAgeSeconds)} ago`;
    return el('li', { className: `connection ${c.state}`, dataset: { connectionId: c.connectionId } },
      el('code', {}, c.connectionId), ` ${age} old, ${lastFrame}`,
      c.state === 'alive' ? '' : el('strong', {}, ` ${c.state}`));
  }));
}

/**
 * Renders the auditor's {clean, findings: [{kind, ids, details, line}], summary}: the summary, then
 * one line per finding. Any other shape shows as JSON, so that a changed report still shows.
 */
function renderAudit(report) {
  const target = byId('oncall-audit');
  if (report === null) {
    target.replaceChildren(el('p', { className: 'empty' }, 'auditor not available'));
    return;
  }
  if (!Array.isArray(report.findings)) {
    target.replaceChildren(el('pre', {}, JSON.stringify(report, null, 2)));
    return;
  }
  const findings = report.findings;
  const summary = report.summary ?? (findings.length === 0 ? 'no findings' : `${findings.length} findings`);
  target.replaceChildren(
    el('p', { className: findings.length === 0 ? 'ok' : 'alert' }, summary),
    ...(findings.length === 0 ? [] : [el('ul', { className: 'findings' },
      ...findings.map((finding) => el('li', {}, el('code', {}, finding.line ?? JSON.stringify(finding)))))]));
}

function duration(seconds) {
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s`;
  }
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
