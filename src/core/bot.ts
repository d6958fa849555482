/**
 * `QuoteBot`: the platform-neutral bot. Adapters give it {@link Request}s and render the {@link Answer}s it
 * returns; it owns argument validation, permissions, the cooldown, paging state and error handling.
 *
 * @example
 * const bot = new QuoteBot(buildIndex(corpus), { cooldownSeconds: 3, logger });
 * const answer = await bot.handle(bot.parse('/quote gpus', { platform: 'console', userId: 'local' }));
 */
import { randomBytes } from 'node:crypto';
import type { SearchIndex } from '../search/types.ts';
import type { ChatBot, Choice, CompletionKind } from './chat-bot.ts';
import { COMMAND_SPECS, handlerOf, resumeToken, type AddStart, type CommandContext, type ReloadSummary } from './commands/index.ts';
import { Cooldown, retryText } from './cooldown.ts';
import { secretFinder } from './secrets.ts';
import { usageOf } from './help.ts';
import { findCommand, parseText } from './parse.ts';
import type { QuoteStyle } from './quote.ts';
import type { Answer, Args, CommandSpec, Quote, Request, Requester } from './types.ts';

/** The logging calls the bot makes (pino's signature; any pino logger fits). */
export interface BotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options of {@link QuoteBot}. */
export interface BotOptions {
  /** Seconds between two counted requests of one chat user. Default 3; 0 disables. */
  cooldownSeconds?: number;
  /** Clock in milliseconds for the cooldown. Default `Date.now`. */
  now?: () => number;
  /** Random numbers in [0, 1) for `random`. Default `Math.random`. */
  rng?: () => number;
  /** Where handler errors (with their reference id) and admin actions are logged. Default: nowhere. */
  logger?: BotLogger;
  /**
   * Rebuilds the index (typically from disk), swaps it in with `setIndex`, and says what changed.
   * Without it, `reload` answers that reloading is not available.
   */
  reload?: () => Promise<ReloadSummary>;
  /** User ids that may run admin commands on any platform, besides those the platform marks `isAdmin`. */
  admins?: string[];
  /**
   * Secret values (tokens, signing secret; `config.secrets`). An answer containing one is never returned:
   * the asker gets an error with a reference id and the log says why (without the secret). Default: none.
   * @example { secrets: config.secrets }
   */
  secrets?: readonly string[];
  /**
   * How quotes are displayed (`Quote.display`): `clean` verbatim (fillers and immediate repeats left out)
   * or the `exact` transcript text. Default `clean`. Set from `QUOTE_STYLE`.
   */
  quoteStyle?: QuoteStyle;
  /**
   * Starts fetching a URL's videos (the admin `add` command; see `src/ingest/chat.ts`). Without it, `add`
   * answers that adding is not available.
   */
  addVideos?: (url: string) => Promise<AddStart>;
}

/** Shows every quote of an answer as its exact text (keeping the "…" cut marks of its display). */
export function exactDisplay(answer: Answer): Answer {
  const exact = (q: Quote): Quote => ({ ...q, display: `${q.display?.startsWith('…') ? '…' : ''}${q.text.trim()}${q.display?.endsWith('…') && !/[.?!…]$/.test(q.text.trim()) ? '…' : ''}` });
  const out: Answer = { ...answer };
  if (answer.quotes) out.quotes = answer.quotes.map(exact);
  if (answer.groups) out.groups = answer.groups.map((g) => ({ ...g, quotes: g.quotes.map(exact) }));
  return out;
}

/** Platforms where one local person types: no cooldown, and that person is the admin. */
const LOCAL_PLATFORMS = new Set(['console', 'cli']);
/** Commands never rate-limited: they are cheap and needed exactly when a user is stuck. */
const COOLDOWN_EXEMPT = new Set(['help']);
/** Most users whose last `more` token is remembered. */
const MAX_REMEMBERED = 10_000;

/** A short reference id for an error, e.g. `E7K2QX`, that appears in the answer and the log line. */
export function newReference(): string {
  return `E${randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(6, '0').slice(-6)}`;
}

export class QuoteBot implements ChatBot {
  /** The command table's specs (derive registration, usage and help from it). */
  readonly commands: readonly CommandSpec[] = COMMAND_SPECS;
  private current: SearchIndex;
  private readonly rng: () => number;
  private readonly reload: (() => Promise<ReloadSummary>) | undefined;
  private readonly addVideos: ((url: string) => Promise<AddStart>) | undefined;
  private readonly cooldown: Cooldown;
  private readonly logger: BotLogger | undefined;
  private readonly admins: Set<string>;
  private readonly quoteStyle: QuoteStyle;
  private readonly moreTokens = new Map<string, string>();
  private inFlight = 0;
  private closed = false;
  private idle: Array<() => void> = [];
  private readonly leaksSecret: (answer: Answer) => boolean;

  constructor(index: SearchIndex, options: BotOptions = {}) {
    this.current = index;
    this.cooldown = new Cooldown({ seconds: options.cooldownSeconds ?? 3, ...(options.now ? { now: options.now } : {}) });
    this.logger = options.logger;
    this.admins = new Set(options.admins ?? []);
    this.leaksSecret = secretFinder(options.secrets ?? []);
    this.rng = options.rng ?? Math.random;
    this.reload = options.reload;
    this.quoteStyle = options.quoteStyle ?? 'clean';
    this.addVideos = options.addVideos;
  }

  /** The index answering requests now. */
  get index(): SearchIndex {
    return this.current;
  }

  /** Swaps in a new index atomically: requests already running finish on the index they started with. */
  setIndex(index: SearchIndex): void {
    this.current = index;
  }

  /** Requests being handled right now. */
  get pending(): number {
    return this.inFlight;
  }

  /** Parses a line of chat text (see `parse.ts` for the syntax). Never throws. */
  parse(text: string, user: Requester): Request {
    return parseText(text, this.commands, user);
  }

  /** Stops taking new requests: later ones get a "restarting" notice. */
  close(): void {
    this.closed = true;
  }

  /** Resolves true when no request is in flight, or false after `timeoutMs`. */
  drain(timeoutMs = 10_000): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref?.();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Answers a request. Never throws: a failing handler answers `kind: 'error'` with a reference id, and so
   * does an answer that would contain a configured secret ({@link BotOptions.secrets}).
   */
  async handle(req: Request): Promise<Answer> {
    if (this.closed) return { kind: 'notice', ephemeral: true, text: 'quotebot is restarting. Please ask again in a moment.' };
    this.inFlight++;
    try {
      const answer = await this.dispatch(req);
      if (this.leaksSecret(answer)) {
        throw new Error('the answer contained a configured secret (a token or signing secret) and was not sent; check the transcripts folder for a file holding it');
      }
      // A follow-up never rejects: its failure is answered like any other (reference id, stack logged).
      if (answer.followUp) answer.followUp = answer.followUp.catch((error: unknown) => this.fail(error, req));
      return answer;
    } catch (error) {
      return this.fail(error, req);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const done of this.idle.splice(0)) done();
    }
  }

  private async dispatch(req: Request): Promise<Answer> {
    const user: Requester = { ...req.user, isAdmin: this.isAdmin(req.user) };
    const name = String(req.command ?? '').replace(/^[/!]/, '');
    const spec = findCommand(this.commands, name);
    if (!spec) {
      const visible = this.commands.filter((c) => !c.hidden && (!c.adminOnly || user.isAdmin)).map((c) => c.name);
      return { kind: 'notice', ephemeral: true, text: `Unknown command "${name.slice(0, 32)}". Commands: ${visible.join(', ')}. Type help for more.` };
    }
    if (spec.adminOnly && !user.isAdmin) {
      return { kind: 'notice', ephemeral: true, text: `Only admins can use ${spec.name}.` };
    }
    if (!LOCAL_PLATFORMS.has(user.platform) && !COOLDOWN_EXEMPT.has(spec.name)) {
      const result = this.cooldown.take(userKey(user));
      if (!result.ok) {
        const notice: Answer = { kind: 'notice', ephemeral: true, text: `One moment, please. ${retryText(result.retryAfterMs)}` };
        return result.repeat ? { ...notice, quiet: true } : notice;
      }
    }
    const checked = validate(spec, req.args ?? {});
    if ('problem' in checked) return { kind: 'notice', ephemeral: true, text: checked.problem };
    if (spec.adminOnly) this.logger?.info({ command: spec.name, platform: user.platform, user: user.userId }, `admin command ${spec.name}`);
    const handled = await handlerOf(spec.name)!(checked.args, this.context(user));
    const answer = this.quoteStyle === 'exact' ? exactDisplay(handled) : handled;
    this.rememberMore(userKey(user), answer);
    return answer;
  }

  /** What a handler may use for this request (the index is read once, here). */
  private context(user: Requester): CommandContext {
    const ctx: CommandContext = {
      user,
      index: this.current,
      rng: this.rng,
      ...(this.reload ? { reload: this.reload } : {}),
      ...(this.addVideos ? { addVideos: this.addVideos } : {}),
      commands: this.commands,
      lastMore: () => this.moreTokens.get(userKey(user)),
      resume: (token) => resumeToken(token, ctx),
    };
    return ctx;
  }

  /** Remembers the answer's More token for the typed `more` (a new answer without one forgets it). */
  private rememberMore(key: string, answer: Answer): void {
    const more = answer.actions?.find((a) => a.kind === 'more');
    if (more) {
      this.moreTokens.delete(key);
      this.moreTokens.set(key, more.token);
      if (this.moreTokens.size > MAX_REMEMBERED) this.moreTokens.delete(this.moreTokens.keys().next().value!);
    } else if (answer.kind !== 'notice' && answer.kind !== 'error' && answer.kind !== 'help') {
      this.moreTokens.delete(key);
    }
  }

  private fail(error: unknown, req: Request): Answer {
    const reference = newReference();
    try {
      this.logger?.error(
        { err: error, reference, command: String(req?.command ?? ''), platform: req?.user?.platform, user: req?.user?.userId },
        `request failed (${reference})`,
      );
    } catch {
      // A broken logger must not break the answer.
    }
    return {
      kind: 'error',
      ephemeral: true,
      reference,
      text: `Sorry, something went wrong answering that. If it keeps happening, tell the operator reference ${reference}.`,
    };
  }

  private isAdmin(user: Requester): boolean {
    return user.isAdmin === true || LOCAL_PLATFORMS.has(user.platform) || this.admins.has(user.userId);
  }

  /**
   * Autocomplete choices for an option: topics from the vocabulary, videos by fuzzy title (value = id),
   * speakers by name. At most `limit` (<= 25) choices, names and values <= 100 characters. Never throws.
   */
  complete(kind: CompletionKind, partial: string, limit = 25): Choice[] {
    const n = Math.max(0, Math.min(25, Math.floor(limit)));
    const text = String(partial ?? '').slice(0, 200).trim();
    const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);
    try {
      const index = this.current;
      if (kind === 'topic') {
        return index.suggest(text, n).slice(0, n).map((w) => ({ name: clip(w), value: w.slice(0, 100) }));
      }
      if (kind === 'video') {
        const videos = text
          ? index.findVideos(text, n)
          : [...new Map(index.corpus.transcripts.map((t) => [t.meta.id, t.meta])).values()].sort((a, b) => a.title.localeCompare(b.title));
        return videos.slice(0, n).filter((v) => v.id.length <= 100).map((v) => ({ name: clip(v.title), value: v.id }));
      }
      const lower = text.toLowerCase();
      const names = index.speakers().filter((s) => s.toLowerCase().includes(lower));
      names.sort((a, b) => Number(!a.toLowerCase().startsWith(lower)) - Number(!b.toLowerCase().startsWith(lower)) || a.localeCompare(b));
      return names.slice(0, n).map((s) => ({ name: clip(s), value: s.slice(0, 100) }));
    } catch (error) {
      this.logger?.warn({ err: error, kind }, 'autocomplete failed');
      return [];
    }
  }
}

function userKey(user: Requester): string {
  return `${user.platform}:${user.userId}`;
}

/** Checks required options and integer bounds (clamping to them); a problem is one helpful line. */
function validate(spec: CommandSpec, raw: Args): { args: Args } | { problem: string } {
  const args: Args = {};
  for (const option of spec.options) {
    let value = raw[option.name];
    if (typeof value === 'string') value = value.trim();
    if (value === undefined || value === '') {
      if (option.required) {
        const example = spec.examples[0] ? ` For example: ${spec.examples[0]}` : '';
        return { problem: `${spec.name} needs ${option.name === 'topic' ? 'a topic' : `a ${option.name}`}: ${usageOf(spec)}.${example}` };
      }
      continue;
    }
    if (option.type === 'integer') {
      const n = typeof value === 'number' ? value : /^[+-]?\d{1,9}$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n)) return { problem: `${option.name} must be a whole number${option.max !== undefined ? ` from ${option.min ?? 0} to ${option.max}` : ''}.` };
      value = Math.min(option.max ?? Infinity, Math.max(option.min ?? -Infinity, n));
    } else {
      value = String(value);
    }
    args[option.name] = value;
  }
  return { args };
}
