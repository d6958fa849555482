/**
 * Settings rows: one value per (scope, key). What the keys mean and which values are valid is the core's
 * business (`src/core/settings.ts`); this module only reads and writes strings.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export class SettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** All settings of the given scopes: `{ scope: { key: value } }` (scopes with none are absent). */
  async read(scopes: string[]): Promise<Record<string, Record<string, string>>> {
    if (scopes.length === 0) return {};
    const rows = await this.db.selectFrom('settings').select(['scope', 'key', 'value']).where('scope', 'in', scopes).execute();
    const out: Record<string, Record<string, string>> = {};
    for (const row of rows) (out[row.scope] ??= {})[row.key] = row.value;
    return out;
  }

  /** Sets one value (insert or replace). */
  async write(scope: string, key: string, value: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ scope, key, value, updated_at: now })
      .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet({ value, updated_at: now }))
      .execute();
  }

  /** Removes one value, so the scope falls back to the wider scope or the default. True when one existed. */
  async remove(scope: string, key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('settings').where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
