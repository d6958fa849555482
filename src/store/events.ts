/**
 * Event de-duplication shared by every process on the database: the first process to claim an event id
 * answers it; a retry that reaches any process (the same or another replica) is skipped.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export class EventsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** True for the first claim of `eventId`, false for every later one (atomic: INSERT .. ON CONFLICT DO NOTHING). */
  async claim(eventId: string, now = Date.now()): Promise<boolean> {
    const rows = await this.db
      .insertInto('events')
      .values({ event_id: eventId.slice(0, 200), seen_at: now })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    return rows.length === 1;
  }
}
