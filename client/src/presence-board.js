/*
 * PresenceBoard: the site's agents as the newest entry seen for each, from `getPresence` answers
 * and `presence.changed` events (contract v2, "Supervisors and live presence").
 *
 * Both carry the agent's `version`, which grows with every change of that agent; they race (an
 * answer read before an event can arrive after it, and two writers' fan-outs interleave, so even
 * events of one agent can arrive out of order), so an entry older than the one kept is dropped.
 * An entry without a version (a v1 server) always replaces the one kept: there is nothing to
 * order it by.
 */
export class PresenceBoard {
  constructor() {
    /** @type {Map<string, {agentId: string, status: string, activeChats: number, maxChats: number, unresponsive?: boolean, version?: number}>} */
    this.agents = new Map();
  }

  /**
   * Keeps the entry if it is not older than the one kept. Returns the entry it replaced (or null
   * for a new agent) when it was kept, and undefined when it was dropped as stale.
   */
  apply(entry) {
    const known = this.agents.get(entry.agentId);
    if (known && entry.version != null && known.version != null && entry.version < known.version) {
      return undefined;
    }
    const { agentId, status, activeChats, maxChats, unresponsive, version } = entry;
    this.agents.set(agentId, { agentId, status, activeChats, maxChats, unresponsive, version });
    return known ?? null;
  }

  get(agentId) {
    return this.agents.get(agentId);
  }

  /** Every agent kept, by id. */
  list() {
    return [...this.agents.values()].sort((a, b) => a.agentId.localeCompare(b.agentId));
  }

  clear() {
    this.agents.clear();
  }
}
