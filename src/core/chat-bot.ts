/**
 * The adapter contract: everything a platform adapter (console, Discord, Slack) may ask of the bot. A
 * {@link QuoteBot} (`bot.ts`) answers in the same process; a `RemoteBot` (`remote.ts`) in a Discord shard
 * sends the same calls to the process that owns the index. Adapters take a `ChatBot` and nothing else of
 * the core's state, so they run unchanged on either.
 *
 * @example
 * async function onLine(bot: ChatBot, line: string) {
 *   const answer = await bot.handle(bot.parse(line, { platform: 'console', userId: 'local' }));
 * }
 */
import type { Answer, CommandSpec, Request, Requester } from './types.ts';

/** What `complete()` completes: a topic (vocabulary), a video (fuzzy title, value = id) or a speaker. */
export type CompletionKind = 'topic' | 'video' | 'speaker';

/** One autocomplete choice (names and values <= 100 characters). */
export interface Choice {
  name: string;
  value: string;
}

/** The bot as every adapter sees it. */
export interface ChatBot {
  /** The command table's specs (registration, usage, which options autocomplete). Plain data. */
  readonly commands: readonly CommandSpec[];
  /** Answers a request. Never throws: a failure is an error Answer with a reference id (also in the log). */
  handle(req: Request): Promise<Answer>;
  /** Parses a line of chat text into a request (see `parse.ts`). Never throws. */
  parse(text: string, user: Requester): Request;
  /**
   * Autocomplete choices, at most `limit` (<= 25). Never throws (empty on failure). May be asynchronous.
   * With `user` (who is typing, where), only what the collections bound there hold is offered.
   */
  complete(kind: CompletionKind, partial: string, limit?: number, user?: Requester): Choice[] | Promise<Choice[]>;
  /**
   * Claims a platform event id among every process sharing the database (QuoteBot with a database): false
   * when another process already took it. Optional: without it only this process de-duplicates.
   */
  claimEvent?(eventId: string): Promise<boolean>;
}
