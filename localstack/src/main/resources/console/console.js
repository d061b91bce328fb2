// Entry point: reads the timings, starts the four views, and shows the one named in the URL hash.

import { startAgentView } from './agent-view.js';
import { startOnCallView } from './oncall-view.js';
import { startSupervisorView } from './supervisor-view.js';
import { startVisitorView } from './visitor-view.js';

/**
 * The server's timings; `?handoverAfterSeconds=N` in the page's URL shortens the handover age,
 * so that a test (or a curious developer) sees handovers without waiting 1 h 55 min.
 */
async function loadConfig() {
  const served = await (await fetch('/local/console-config')).json();
  const override = Number(new URLSearchParams(location.search).get('handoverAfterSeconds'));
  return {
    heartbeatMs: served.heartbeatIntervalSeconds * 1000,
    handoverAfterMs: (override > 0 ? override : served.handoverAfterSeconds) * 1000,
  };
}

const config = await loadConfig();
const onCall = startOnCallView();
startAgentView(config);
startVisitorView(config);
startSupervisorView(config);

function showView() {
  const name = ['agent', 'visitor', 'supervisor', 'oncall'].includes(location.hash.slice(1)) ? location.hash.slice(1) : 'agent';
  for (const section of document.querySelectorAll('.view')) {
    section.hidden = section.id !== `${name}-view`;
  }
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.dataset.view === name);
  }
  if (name === 'oncall') {
    onCall.show();
  } else {
    onCall.hide();
  }
}

window.addEventListener('hashchange', showView);
showView();
