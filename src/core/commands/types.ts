/**
 * What one command file (`src/core/commands/<name>.ts`) exports, and what its handler may use.
 *
 * The static part ({@link CommandSpec}: name, options, examples) is plain data, so Discord registration,
 * Slack usage, the text parser, help and a shard's `RemoteBot` derive from the table without an index.
 */
import type { SearchIndex } from '../../search/types.ts';
import type { TokenKind, TokenState } from '../paging.ts';
import type { Memory } from '../memory.ts';
import type { EffectiveSettings } from '../settings.ts';
import type { Answer, Args, CommandSpec, Requester } from '../types.ts';

/**
 * What a reload changed, as returned by the injected reload function (files relative to the
 * transcripts folder).
 *
 * @example { transcripts: 36, added: ['new talk [abc].en.vtt'], changed: [], removed: [], skipped: [] }
 */
export interface ReloadSummary {
  /** Transcripts in the new index. */
  transcripts: number;
  added: string[];
  changed: string[];
  removed: string[];
  /** Files skipped with a reason, one line each (`file:line: message`). */
  skipped: string[];
  /**
   * What happened to the live index (optional; the hot reloader sets it): `swapped`, `unchanged`, or
   * `kept` / `failed` when the new corpus was refused (e.g. an emptied folder) and the old one still serves.
   */
  outcome?: 'swapped' | 'unchanged' | 'kept' | 'failed';
  /** Why the live index was kept (with `kept` / `failed`). */
  reason?: string;
}

/**
 * What the chat `add` gets back from the injected downloader once the URL has been listed.
 *
 * @example { videos: 12, done: Promise.resolve(['Added 12, already there 0, without captions 0, failed 0.']) }
 */
export interface AddStart {
  /** Videos found (0 when the listing failed or found nothing: then `done` says why). */
  videos: number;
  /** Why nothing runs (a bad URL, no yt-dlp, another add in progress): answered as is. */
  refused?: string;
  /** The summary lines, when every video is done. */
  done: Promise<string[]>;
}

/** What a handler may use; the bot makes one per request. */
export interface CommandContext {
  /** Who asks (with `isAdmin` already decided by the bot). */
  user: Requester;
  /**
   * The index answering this request (read once, so a hot swap never mixes two indexes in one answer),
   * already limited to the collections bound where the request comes from (`settings collections`).
   */
  index: SearchIndex;
  /** Every named collection of the whole index (for `settings collections`), sorted. */
  collections: readonly string[];
  /** Random numbers in [0, 1) (for `random`). */
  rng: () => number;
  /** Rebuilds the index from disk and swaps it in; absent when reloading is not possible. */
  reload?: () => Promise<ReloadSummary>;
  /** Starts fetching a URL's videos into the transcripts folder (yt-dlp; `add`); absent when not available. */
  addVideos?: (url: string) => Promise<AddStart>;
  /** The command table's specs (for help). */
  commands: readonly CommandSpec[];
  /** The last `more` token the bot gave this user (for the typed `more` command): '' when their last answer had no more pages, undefined when they asked nothing yet. */
  lastMore(): string | undefined;
  /** Continues a button token with the `resume` of the command that made it. */
  resume(token: unknown): Promise<Answer>;
  /** The database (settings, votes, the report); absent when it is off. */
  memory?: Memory;
  /** The settings before any stored value (count 3, public, the bot's cooldown and quote style, all collections). */
  defaults: EffectiveSettings;
  /** The answer id of this user's last logged answer (for `feedback` without `answer:`). */
  lastAnswer(): string | undefined;
}

/** Runs a command on validated arguments (required options present, integers within bounds). */
export type Handler = (args: Args, ctx: CommandContext) => Answer | Promise<Answer>;

/**
 * One kind of button token a paged command makes, and how to continue from it. The token's format is its
 * {@link TokenKind} (see `paging.ts`); `run` answers the next page (or the shared copy, or the context).
 */
export interface Resume extends TokenKind {
  run(state: TokenState, ctx: CommandContext): Answer | Promise<Answer>;
}

/** What a command file exports (`import * as quote from './quote.ts'` is one). */
export interface CommandModule {
  readonly spec: CommandSpec;
  readonly handler: Handler;
  /** The token kinds of its buttons (paged commands only). */
  readonly resume?: readonly Resume[];
}

/** A text argument, or undefined when absent. */
export function text(args: Args, name: string): string | undefined {
  const value = args[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** An integer argument, or `fallback` when absent. */
export function int(args: Args, name: string, fallback: number): number {
  const value = args[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A token's text field, or undefined when absent or empty. */
export function field(state: TokenState, name: string): string | undefined {
  const value = state[name];
  return value === undefined || value === '' ? undefined : String(value);
}
