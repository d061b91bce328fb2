/*
 * One socket per browser: the tabs of one browser that sign in as the same user share one
 * connection, held by a leading tab. API Gateway bills connection minutes and every keep-alive per
 * connection, so an agent with three tabs open costs one connection instead of three; presence
 * aggregates connections, so nothing else changes for the server.
 *
 * The tabs talk over a BroadcastChannel named after the user (the URL without its query, and the
 * token's site, role and subject). Which tab leads is decided:
 * - with Web Locks (`navigator.locks`, every current browser): the tab that holds the lock of that
 *   name leads. The browser grants it to one tab at a time and frees it when the tab closes or
 *   crashes, and the next tab waiting for it leads at once. Nothing to time out, no split brain.
 * - without (an old browser; Node.js before 22): by a lease over the BroadcastChannel. A tab that
 *   starts claims; one that hears a leader or a claim from a lower id follows; one that heard
 *   neither within ELECTION_MS leads and says so every lease/3. A follower that hears no leader for
 *   a lease, or hears the leader resign (its tab closing, or signing out), claims again. Two
 *   leaders that hear each other (a partition of the channel healing) keep the lower id.
 * - without BroadcastChannel either: every tab has its own socket, as before.
 */

const ELECTION_MS = 250;
const DEFAULT_LEASE_MS = 3_000;

export const Role = Object.freeze({ LEADER: 'leader', FOLLOWER: 'follower', ELECTING: 'electing', STOPPED: 'stopped' });

function randomId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The name tabs of the same user share: no token in it, only who the token is for. */
export function shareKey(url, claims, token) {
  const where = String(url).split('?')[0];
  const who = claims ? `${claims.site}|${claims.role}|${claims.sub}` : `token|${token}`;
  return `presence-client|${where}|${who}`;
}

/** Whether this environment can share a socket between tabs at all. */
export function canShare(BroadcastChannelImpl = globalThis.BroadcastChannel) {
  return typeof BroadcastChannelImpl === 'function';
}

export class TabLeadership {
  /**
   * @param {object} options
   * @param {string} options.key
   * @param {(message: object) => void} options.onMessage a message of another tab (not the election's)
   * @param {() => void} options.onLead this tab leads from now on
   * @param {() => void} options.onFollow this tab follows from now on (also when a leader steps down)
   * @param {LockManager | null} [options.locks] default navigator.locks; null forces the lease
   * @param {typeof BroadcastChannel} [options.BroadcastChannel]
   * @param {number} [options.leaseMs]
   */
  constructor(options) {
    this.key = options.key;
    this.onMessage = options.onMessage;
    this.onLead = options.onLead;
    this.onFollow = options.onFollow;
    this.locks = options.locks === undefined ? globalThis.navigator?.locks ?? null : options.locks;
    this.BroadcastChannel = options.BroadcastChannel ?? globalThis.BroadcastChannel;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.id = randomId();
    this.role = Role.ELECTING;
    this.mode = this.locks ? 'locks' : 'lease';
    this.timers = [];
    this.leaderId = null;
    this.lastLeadAt = 0;
    this.releaseLock = null;
    this.abortWait = null;
    this.onPageHide = () => this.resign();
  }

  start() {
    this.channel = new this.BroadcastChannel(this.key);
    this.channel.onmessage = (event) => this.receive(event.data);
    this.channel.unref?.(); // Node: the sockets keep the process alive, not the channel
    globalThis.addEventListener?.('pagehide', this.onPageHide);
    if (this.mode === 'locks') {
      this.follow(); // until the lock is granted, which is at once when no tab holds it
      this.acquire();
    } else {
      this.elect();
    }
  }

  /** Leaves: the lock is freed (or the leader resigns), so that another tab leads at once. */
  stop() {
    if (this.role === Role.STOPPED) {
      return;
    }
    this.resign();
    this.role = Role.STOPPED;
    this.clearTimers();
    this.abortWait?.abort();
    this.releaseLock?.();
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    this.channel?.close();
  }

  post(message) {
    if (this.role !== Role.STOPPED) {
      this.channel.postMessage(message);
    }
  }

  get leading() {
    return this.role === Role.LEADER;
  }

  // -- Web Locks ------------------------------------------------------------------------------

  acquire() {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    this.abortWait = controller;
    this.locks
      .request(this.key, controller ? { signal: controller.signal } : {}, () => {
        if (this.role === Role.STOPPED) {
          return undefined;
        }
        this.abortWait = null;
        this.lead();
        return new Promise((resolve) => {
          this.releaseLock = resolve;
        });
      })
      .catch(() => {}); // AbortError: stopped while waiting for the lock
  }

  // -- lease over the channel ---------------------------------------------------------------------

  elect() {
    if (this.role === Role.STOPPED) {
      return;
    }
    this.clearTimers();
    this.role = Role.ELECTING;
    this.post({ t: 'claim', id: this.id });
    this.later(ELECTION_MS, () => {
      if (this.role === Role.ELECTING) {
        this.lead();
      }
    });
  }

  receive(message) {
    if (!message || typeof message !== 'object' || this.role === Role.STOPPED) {
      return;
    }
    switch (message.t) {
      case 'lead':
        return this.heardLeader(message.id);
      case 'claim':
        return this.heardClaim(message.id);
      case 'resign':
        return this.heardResign(message.id);
      default:
        return this.onMessage(message);
    }
  }

  heardLeader(id) {
    if (this.mode !== 'lease') {
      return;
    }
    if (this.role === Role.LEADER) {
      if (id < this.id) {
        this.follow(id); // two leaders: the lower id stays
      } else {
        this.post({ t: 'lead', id: this.id });
      }
      return;
    }
    this.leaderId = id;
    this.lastLeadAt = Date.now();
    if (this.role === Role.ELECTING) {
      this.follow(id);
    }
  }

  heardClaim(id) {
    if (this.mode !== 'lease') {
      return;
    }
    if (this.role === Role.LEADER) {
      this.post({ t: 'lead', id: this.id });
    } else if (this.role === Role.ELECTING && id < this.id) {
      this.follow(null); // the claimant leads, unless it hears of a leader; the watchdog checks
    }
  }

  heardResign(id) {
    if (this.role !== Role.FOLLOWER) {
      return;
    }
    this.onMessage({ t: 'resign', id });
    if (this.mode === 'lease' && (this.leaderId === null || this.leaderId === id)) {
      // A little jitter, so that the followers' claims do not all cross; the lowest id wins anyway.
      this.leaderId = null;
      this.clearTimers();
      this.later(Math.random() * 50, () => this.elect());
    }
    // With locks, the lock's next holder is told by the browser.
  }

  // -- roles ----------------------------------------------------------------------------------

  lead() {
    this.clearTimers();
    const was = this.role;
    this.role = Role.LEADER;
    this.leaderId = this.id;
    if (this.mode === 'lease') {
      this.post({ t: 'lead', id: this.id });
      this.every(this.leaseMs / 3, () => this.post({ t: 'lead', id: this.id }));
    }
    if (was !== Role.LEADER) {
      this.onLead();
    }
  }

  follow(leaderId = null) {
    this.clearTimers();
    const was = this.role;
    this.role = Role.FOLLOWER;
    this.leaderId = leaderId;
    this.lastLeadAt = Date.now();
    if (this.mode === 'lease') {
      this.every(this.leaseMs / 3, () => {
        if (Date.now() - this.lastLeadAt > this.leaseMs) {
          this.elect();
        }
      });
    }
    if (was !== Role.FOLLOWER) {
      this.onFollow();
    }
  }

  /** Said by a leader that goes (signs out, or its page is hidden for good). */
  resign() {
    if (this.role === Role.LEADER) {
      this.post({ t: 'resign', id: this.id });
    }
  }

  later(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    this.timers.push(timer);
  }

  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref?.();
    this.timers.push(timer);
  }

  clearTimers() {
    for (const timer of this.timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    this.timers = [];
  }
}
