/**
 * `Memory`: what the bot remembers between requests (settings, the question log, votes, the shared
 * cooldown), on top of a `Store`. It is the only place the core touches the database, and it keeps
 * quoting independent of it: a failed read falls back to the defaults, a failed write is logged with its
 * reason and the answer goes out anyway.
 *
 * @example
 * const memory = new Memory(await openStore({ file: '.data/quotebot.db' }), { secret: process.env.QUOTEBOT_SECRET!, logger });
 */
import { randomBytes } from 'node:crypto';
import { describeFault } from '../store/errors.ts';
import type { QuestionRecord } from '../store/questions.ts';
import type { Store } from '../store/store.ts';
import { userHasher } from '../store/user-hash.ts';
import type { VoteOutcome } from '../store/votes.ts';
import type { BotLogger } from './bot.ts';
import { buildReport, type Report } from './report.ts';
import { effectiveSettings, settingScopes, type EffectiveSettings } from './settings.ts';
import type { Requester } from './types.ts';

/** Options of {@link Memory}. */
export interface MemoryOptions {
  /** Key of the user hash (QUOTEBOT_SECRET). Required, non-empty. */
  secret: string;
  /** Where failed reads and writes are logged. Default: nowhere. */
  logger?: BotLogger;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** Where a setting was set. */
export type SettingLevel = 'server' | 'channel';

/** A new answer id for votes, e.g. `a3KX9QF2M`. */
export function newAnswerId(): string {
  return `a${randomBytes(6).toString('base64url')}`;
}

export class Memory {
  private readonly hash: (platform: string, userId: string) => string;
  private readonly logger: BotLogger | undefined;
  private readonly now: () => number;

  constructor(
    readonly store: Store,
    options: MemoryOptions,
  ) {
    this.hash = userHasher(options.secret);
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** The keyed hash that stands for a user in the database. */
  userHash(user: Requester): string {
    return this.hash(user.platform, user.userId);
  }

  /** Settings for a request; on a database error, the defaults (logged). */
  async settingsFor(user: Requester, defaults: EffectiveSettings): Promise<EffectiveSettings> {
    const scopes = settingScopes(user);
    try {
      const stored = await this.store.settings.read([scopes.server, scopes.channel].filter((s): s is string => !!s));
      return effectiveSettings(defaults, stored[scopes.server ?? ''], stored[scopes.channel ?? '']);
    } catch (error) {
      this.failed('read settings', error);
      return defaults;
    }
  }

  /** What is set at each level for a request (raw values), for `settings` with no arguments. Throws on a database error. */
  async settingsSet(user: Requester): Promise<{ server: Record<string, string>; channel: Record<string, string> }> {
    const scopes = settingScopes(user);
    const stored = await this.store.settings.read([scopes.server, scopes.channel].filter((s): s is string => !!s));
    return { server: stored[scopes.server ?? ''] ?? {}, channel: stored[scopes.channel ?? ''] ?? {} };
  }

  /** Sets (or with `value` undefined, removes) a checked setting. Throws on a database error (the admin must know). */
  async setSetting(user: Requester, level: SettingLevel, key: string, value: string | undefined): Promise<void> {
    const scope = settingScopes(user)[level];
    if (!scope) throw new Error(`no ${level} scope for this request`);
    if (value === undefined) await this.store.settings.remove(scope, key);
    else await this.store.settings.write(scope, key, value, this.now());
  }

  /** Logs a question; never throws (a failure is logged). */
  async recordQuestion(q: Omit<QuestionRecord, 'askedAt'>): Promise<void> {
    try {
      await this.store.questions.record({ ...q, askedAt: this.now() });
    } catch (error) {
      this.failed('log a question', error);
    }
  }

  /** Records a vote on an answer the bot logged. Undefined when the answer is unknown (too old, or pruned). Throws on a database error. */
  async vote(user: Requester, answerId: string, helpful: boolean): Promise<VoteOutcome | undefined> {
    const question = await this.store.questions.find(answerId);
    if (!question) return undefined;
    return this.store.votes.cast({
      answerId,
      userHash: this.userHash(user),
      helpful,
      votedAt: this.now(),
      question: question.question,
      citations: question.citations,
      collections: question.collections,
    });
  }

  /** Deletes everything a user gave (their votes); returns how many. Throws on a database error. */
  async forget(user: Requester): Promise<number> {
    return this.store.votes.forget(this.userHash(user));
  }

  /**
   * The shared cooldown: undefined when the database cannot answer (the caller then uses its in-memory
   * cooldown), else whether the user may go on.
   */
  async takeCooldown(user: Requester, seconds: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number } | undefined> {
    try {
      return await this.store.cooldowns.take(this.userHash(user), seconds * 1000, this.now());
    } catch (error) {
      this.failed('take the cooldown', error);
      return undefined;
    }
  }

  /** First claim of an event id among processes sharing the database; true (logged) when the database fails. */
  async claimEvent(eventId: string): Promise<boolean> {
    try {
      return await this.store.events.claim(eventId, this.now());
    } catch (error) {
      this.failed('claim an event id', error);
      return true;
    }
  }

  /** The report for the last `days` days. Throws on a database error. */
  async report(days: number): Promise<Report> {
    const until = this.now();
    const since = until - days * 24 * 3600 * 1000;
    const [questions, votes] = await Promise.all([this.store.questions.list(since, until + 1), this.store.votes.list(since, until + 1)]);
    return buildReport(questions, votes, { since, until });
  }

  private failed(what: string, error: unknown): void {
    const fault = describeFault(this.store.where, error);
    this.logger?.warn({ err: error, reason: fault.reason }, `could not ${what}; answering without it: ${fault.message}`);
  }
}
