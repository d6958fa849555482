/**
 * Remembers which Slack deliveries were already handled, so a redelivery never produces a second answer.
 *
 * Slack redelivers an event when it did not see the ack in time: `X-Slack-Retry-Num` in HTTP mode,
 * `retry_attempt` in Socket Mode (Bolt puts both into `context.retryNum`). A redelivery carries the same
 * `event_id`, so the adapter drops any event whose id it has seen recently. A retry whose id it has NOT
 * seen is handled: the first delivery never reached this process (e.g. it was down), and an answer is
 * better than none.
 *
 * @example
 * const seen = new RecentIds({ ttlMs: 60 * 60_000 });
 * seen.add('Ev123'); // true: first time
 * seen.add('Ev123'); // false: a duplicate
 */

/** Options of {@link RecentIds}. */
export interface RecentIdsOptions {
  /** How long an id is remembered, in ms. Default 1 hour (Slack retries for up to ~5 minutes). */
  ttlMs?: number;
  /** Most ids remembered at once; the oldest are forgotten first. Default 50,000. */
  maxSize?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** A bounded set of recently seen ids with expiry. */
export class RecentIds {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(options: RecentIdsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60 * 60_000;
    this.maxSize = Math.max(1, options.maxSize ?? 50_000);
    this.now = options.now ?? Date.now;
  }

  /** Records `id`; returns false when it was already recorded (and has not expired). */
  add(id: string): boolean {
    const now = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(id);
    // Entries are in insertion order, so the oldest come first.
    for (const [key, time] of this.seen) {
      if (this.seen.size < this.maxSize && now - time < this.ttlMs) break;
      this.seen.delete(key);
    }
    this.seen.set(id, now);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
