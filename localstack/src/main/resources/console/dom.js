// Small DOM helpers shared by the views.

export const byId = (id) => document.getElementById(id);

/** An element with properties (dataset: {...} sets data-* attributes) and children. */
export function el(tag, props = {}, ...children) {
  const { dataset = {}, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

const CONNECTION_LABELS = {
  connecting: 'connecting…',
  connected: 'connected',
  'handing-over': 'connected, handing over to a new connection',
  reconnecting: 'reconnecting…',
  expired: 'token expired',
  stopped: 'signed out',
};

/** Shows a session's state; data-state carries the machine-readable value. */
export function showConnection(node, state, detail) {
  node.dataset.state = state;
  node.textContent = CONNECTION_LABELS[state] ?? state;
  node.title = detail;
}

/** Prepends a timestamped line, keeping the newest few. */
export function appendLog(list, line, keep = 30) {
  list.prepend(el('li', {}, `${new Date().toLocaleTimeString()} ${line}`));
  while (list.children.length > keep) {
    list.lastChild.remove();
  }
}
