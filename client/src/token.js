/*
 * Tokens. The gateway checks the token once, in the handshake: an open connection is not closed
 * when its token expires, but every new connection (a reconnect, a handover) needs a valid one.
 * A TokenSource hands out the token to connect with:
 * - a string is used as it is until it expires; then the session stops with state `expired`;
 * - a provider (a function returning a token or a promise of one) is called for the first
 *   connect, again ahead of expiry (`refreshMarginMs` before `exp`, on a timer, so that a
 *   reconnect never waits for it), and again after a handshake was refused (401/403; in a
 *   browser, which does not show the status of a failed handshake, after any handshake that
 *   failed), since the token may have been revoked or the clocks may disagree.
 */

/** A JWT's claims, not verified (only the server can): null when the token is not a JWT. */
export function claimsOf(token) {
  const payload = typeof token === 'string' ? token.split('.')[1] : undefined;
  if (!payload) {
    return null;
  }
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** The token's expiry in epoch milliseconds, or Infinity when it names none. */
export function expiryOf(token) {
  const exp = claimsOf(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : Infinity;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class TokenExpiredError extends Error {
  constructor() {
    super('the token has expired: sign in again');
    this.name = 'TokenExpiredError';
  }
}

export class TokenSource {
  /**
   * @param {string | (() => string | Promise<string>)} token
   * @param {{refreshMarginMs?: number, now?: () => number, onLog?: (line: string) => void}} [options]
   */
  constructor(token, { refreshMarginMs = 60_000, now = Date.now, onLog = () => {} } = {}) {
    this.provider = typeof token === 'function' ? token : null;
    this.cached = typeof token === 'function' ? null : token;
    this.renewAt = Infinity; // when the cached token from the provider is due for renewal
    this.refreshMarginMs = refreshMarginMs;
    this.now = now;
    this.onLog = onLog;
    this.timer = null;
    this.inFlight = null;
    this.stopped = false;
    /** How many times the provider was called: for tests and logs. */
    this.calls = 0;
  }

  /** Whether a refused or failed handshake can be retried with another token. */
  get refreshable() {
    return this.provider !== null;
  }

  /**
   * The token to connect with now. Rejects with TokenExpiredError when only an expired one can be
   * had, and with the provider's error when it fails (the caller retries after a backoff).
   */
  async get() {
    if (this.cached && this.usable(this.cached)) {
      return this.cached;
    }
    if (!this.provider) {
      throw new TokenExpiredError();
    }
    const token = await this.fetch();
    if (expiryOf(token) <= this.now()) {
      throw new TokenExpiredError();
    }
    return token;
  }

  /** The provider is asked again at the next get(): the server refused the token. */
  invalidate() {
    if (this.provider) {
      this.cached = null;
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A token due for renewal is only used when no provider can renew it. */
  usable(token) {
    return this.provider ? this.renewAt > this.now() : expiryOf(token) > this.now();
  }

  /** One call at a time: concurrent connects (a handover during a reconnect) share it. */
  fetch() {
    this.inFlight ??= (async () => {
      try {
        this.calls += 1;
        // Through a promise even if the provider throws at once: the finally below must not run
        // before inFlight is assigned, or a failed call would stay in flight for ever.
        const token = await Promise.resolve().then(() => this.provider());
        if (typeof token !== 'string' || token === '') {
          throw new Error('the token provider returned no token');
        }
        this.cached = token;
        this.schedule(expiryOf(token));
        return token;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  /**
   * Renews `refreshMarginMs` before the expiry, or half way through a token's life when it is
   * shorter than twice the margin (never in a loop for a token that is short-lived by design).
   */
  schedule(expiry) {
    clearTimeout(this.timer);
    const now = this.now();
    const life = expiry - now;
    this.renewAt = now + Math.max(life - this.refreshMarginMs, life / 2);
    if (this.stopped || !Number.isFinite(expiry) || life <= 0) {
      return;
    }
    const delay = Math.min(MAX_TIMER_MS, this.renewAt - now);
    this.timer = setTimeout(() => {
      this.fetch().then(
        () => this.onLog('token renewed ahead of its expiry'),
        (error) => this.onLog(`could not renew the token (${error.message}): asking again at the next connect`));
    }, delay);
    this.timer.unref?.(); // Node: a pending renewal alone does not keep the process alive
  }
}
