/**
 * A per-user cooldown shared by every process on the database: one counted request per window per key.
 * The take is one atomic statement (upsert that only moves `until` forward when the window has passed),
 * so two replicas cannot both let the same user through.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type SharedCooldownResult = { ok: true } | { ok: false; retryAfterMs: number };

export class CooldownsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Counts a request of `key` when its window has passed; otherwise says how long to wait. */
  async take(key: string, windowMs: number, now = Date.now()): Promise<SharedCooldownResult> {
    if (windowMs <= 0) return { ok: true };
    const until = now + windowMs;
    const taken = await this.db
      .insertInto('cooldowns')
      .values({ key, until })
      .onConflict((oc) => oc.column('key').doUpdateSet({ until }).where('cooldowns.until', '<=', now))
      .returning('key')
      .execute();
    if (taken.length === 1) return { ok: true };
    const row = await this.db.selectFrom('cooldowns').select('until').where('key', '=', key).executeTakeFirst();
    return { ok: false, retryAfterMs: Math.max(1, Number(row?.until ?? until) - now) };
  }
}
