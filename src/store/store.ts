/**
 * `Store`: the one data-access object. Everything the bot keeps (settings, the question log, votes, event
 * de-duplication, the shared cooldown) goes through its repositories; no SQL lives outside `src/store`.
 * Open one with `openStore` (`open.ts`).
 */
import type { Kysely } from 'kysely';
import { CooldownsRepo } from './cooldowns.ts';
import { EventsRepo } from './events.ts';
import { QuestionsRepo } from './questions.ts';
import type { Database } from './schema.ts';
import { SettingsRepo } from './settings.ts';
import { VotesRepo } from './votes.ts';

/** How many rows `prune` deleted, per table. */
export interface PruneResult {
  questions: number;
  votes: number;
  events: number;
  cooldowns: number;
}

/** How long event ids are kept for de-duplication (Slack retries within minutes). */
export const EVENT_KEEP_MS = 24 * 3600 * 1000;

export class Store {
  readonly settings: SettingsRepo;
  readonly questions: QuestionsRepo;
  readonly votes: VotesRepo;
  readonly events: EventsRepo;
  readonly cooldowns: CooldownsRepo;

  /**
   * @param dialect which database this is
   * @param where the SQLite file or the PostgreSQL URL with its password hidden (safe to log)
   */
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    readonly where: string,
  ) {
    this.settings = new SettingsRepo(db);
    this.questions = new QuestionsRepo(db);
    this.votes = new VotesRepo(db);
    this.events = new EventsRepo(db);
    this.cooldowns = new CooldownsRepo(db);
  }

  /**
   * Retention: deletes questions and votes older than `logBefore` (ms), event ids older than a day and
   * expired cooldowns. Settings are kept.
   */
  async prune(logBefore: number, now = Date.now()): Promise<PruneResult> {
    const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
    return {
      questions: count(await this.db.deleteFrom('questions').where('asked_at', '<', logBefore).executeTakeFirst()),
      votes: count(await this.db.deleteFrom('votes').where('voted_at', '<', logBefore).executeTakeFirst()),
      events: count(await this.db.deleteFrom('events').where('seen_at', '<', now - EVENT_KEEP_MS).executeTakeFirst()),
      cooldowns: count(await this.db.deleteFrom('cooldowns').where('until', '<', now).executeTakeFirst()),
    };
  }

  /** Closes the connection (or pool). */
  async close(): Promise<void> {
    await this.db.destroy();
  }
}
