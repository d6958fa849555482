/**
 * Per-user rate limit: one counted request per window per platform user.
 *
 * Policy (applied by the bot): `help` and requests from the local console/CLI are exempt; everything
 * else, including button clicks (each one runs a search and posts content), is counted. A refused request
 * gets a polite, ephemeral notice saying when to retry; it does not restart the window. Only the first
 * refusal in a window gets the notice: the repeats are marked `quiet` for the adapters to stay silent
 * (20 mentions in 2 s must not become 19 public "One moment, please" messages).
 *
 * @example
 * const cooldown = new Cooldown({ seconds: 3, now: () => fakeTime });
 * cooldown.take('discord:42'); // { ok: true }
 * cooldown.take('discord:42'); // { ok: false, retryAfterMs: 3000 }
 */

/** Options of {@link Cooldown}. */
export interface CooldownOptions {
  /** Window length in seconds. Default 3; 0 disables the limit. */
  seconds?: number;
  /** Clock in milliseconds. Default `Date.now` (tests inject a fake). */
  now?: () => number;
  /** Most users remembered at once; expired entries are swept first. Default 100,000. */
  maxEntries?: number;
}

/**
 * `ok`: counted. Otherwise how long to wait, and `repeat`: true when this user was already refused once in
 * the current window (they have had their notice; a second one would only be noise).
 */
export type CooldownResult = { ok: true } | { ok: false; retryAfterMs: number; repeat: boolean };

export class Cooldown {
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly last = new Map<string, number>();
  /** When each user was last refused (to tell a first refusal in a window from the repeats). */
  private readonly refused = new Map<string, number>();

  constructor(options: CooldownOptions = {}) {
    this.windowMs = Math.max(0, (options.seconds ?? 3) * 1000);
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  /** Counts a request of `key` if its window has passed; otherwise says how long to wait. */
  take(key: string): CooldownResult {
    if (this.windowMs === 0) return { ok: true };
    const now = this.now();
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.windowMs) {
      const before = this.refused.get(key);
      this.refused.set(key, now);
      return { ok: false, retryAfterMs: this.windowMs - (now - previous), repeat: before !== undefined && before >= previous };
    }
    this.refused.delete(key);
    if (this.last.size >= this.maxEntries) this.sweep(now);
    this.last.delete(key);
    this.last.set(key, now);
    return { ok: true };
  }

  /** Forgets entries whose window has passed (and the oldest ones if still over capacity). */
  private sweep(now: number): void {
    for (const [key, at] of this.last) {
      if (now - at >= this.windowMs) {
        this.last.delete(key);
        this.refused.delete(key);
      }
    }
    while (this.last.size >= this.maxEntries) {
      const oldest = this.last.keys().next().value;
      if (oldest === undefined) break;
      this.last.delete(oldest);
      this.refused.delete(oldest);
    }
  }
}

/** "You can ask again in 3 seconds." style wording of a wait. */
export function retryText(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You can ask again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
