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
import { newAnswerId, type Memory } from './memory.ts';
import { defaultSettings, type EffectiveSettings } from './settings.ts';
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
  /**
   * The collections answered from where no `settings collections` applies (the command line's
   * `--collection`). Default: all. @example ['3b1b']
   */
  collections?: readonly string[];
  /**
   * The database (settings, question log, votes, shared cooldown). Default: none; `settings`, `feedback`,
   * `forget-me` and `report` then say the database is off, and everything else works as before.
   */
  memory?: Memory;
}

/** Shows every quote of an answer as its exact text (keeping the "…" cut marks of its display). */
export function exactDisplay(answer: Answer): Answer {
  const exact = (q: Quote): Quote => ({ ...q, display: `${q.display?.startsWith('…') ? '…' : ''}${q.text.trim()}${q.display?.endsWith('…') && !/[.?!…]$/.test(q.text.trim()) ? '…' : ''}` });
  const out: Answer = { ...answer };
  if (answer.quotes) out.quotes = answer.quotes.map(exact);
  if (answer.groups) out.groups = answer.groups.map((g) => ({ ...g, quotes: g.quotes.map(exact) }));
  if (answer.picture?.kind === 'card') out.picture = { ...answer.picture, quote: exact(answer.picture.quote) };
  return out;
}

/** Prefix of a feedback button's token: `fb:<answerId>:y` (helpful) or `fb:<answerId>:n`. */
const FEEDBACK_TOKEN = 'fb:';
/** Commands whose questions are logged (for `report`) and can be voted on. */
const LOGGED_COMMANDS = new Set(['quote']);
/** Answer kinds a server's `visibility ephemeral` setting makes private. */
const CONTENT_KINDS = new Set(['quotes', 'videos', 'timeline', 'context', 'verify']);

/** Platforms where one local person types: no cooldown, and that person is the admin. */
const LOCAL_PLATFORMS = new Set(['console', 'cli']);
/** Commands never rate-limited: they are cheap and needed exactly when a user is stuck. */
const COOLDOWN_EXEMPT = new Set(['help']);
/** Most users whose last `more` token (and last logged answer) is remembered. */
const MAX_REMEMBERED = 10_000;

/** Stores `value` as `key`'s newest entry of `map`, forgetting the least recently stored key past {@link MAX_REMEMBERED}. */
function rememberLatest<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value!);
}

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
  private readonly lastAnswers = new Map<string, string>();
  private readonly memory: Memory | undefined;
  private readonly cooldownSeconds: number;
  private readonly collections: readonly string[];
  private inFlight = 0;
  private closed = false;
  private idle: Array<() => void> = [];
  private readonly leaksSecret: (answer: Answer) => boolean;

  constructor(index: SearchIndex, options: BotOptions = {}) {
    this.current = index;
    this.cooldownSeconds = options.cooldownSeconds ?? 3;
    this.cooldown = new Cooldown({ seconds: this.cooldownSeconds, ...(options.now ? { now: options.now } : {}) });
    this.memory = options.memory;
    this.logger = options.logger;
    this.admins = new Set(options.admins ?? []);
    this.leaksSecret = secretFinder(options.secrets ?? []);
    this.rng = options.rng ?? Math.random;
    this.reload = options.reload;
    this.quoteStyle = options.quoteStyle ?? 'clean';
    this.collections = options.collections ?? [];
    this.addVideos = options.addVideos;
  }

  /** The index answering requests now. */
  get index(): SearchIndex {
    return this.current;
  }

  /**
   * Claims a platform event id (e.g. Slack's `event_id`) among every process sharing the database, so a
   * redelivery that reaches another replica is not answered twice. True when this process should handle it:
   * the first claim, or whenever there is no database or it cannot answer (an answer twice beats none; logged).
   */
  async claimEvent(eventId: string): Promise<boolean> {
    if (!this.memory) return true;
    return this.memory.claimEvent(eventId);
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
    let name = String(req.command ?? '').replace(/^[/!]/, '');
    const token = name === 'resume' ? String(req.args?.token ?? '') : '';
    const vote = /^fb:([A-Za-z0-9_-]{1,40}):([yn])$/.exec(token);
    // A feedback button is a vote: it runs `feedback` for whoever clicked it.
    if (vote) req = { ...req, command: 'feedback', args: { vote: vote[2] === 'y' ? 'helpful' : 'not-helpful', answer: vote[1] } };
    if (vote) name = 'feedback';
    const spec = findCommand(this.commands, name);
    if (!spec) {
      const visible = this.commands.filter((c) => !c.hidden && (!c.adminOnly || user.isAdmin)).map((c) => c.name);
      return { kind: 'notice', ephemeral: true, text: `Unknown command "${name.slice(0, 32)}". Commands: ${visible.join(', ')}. Type help for more.` };
    }
    if (spec.adminOnly && !user.isAdmin) {
      return { kind: 'notice', ephemeral: true, text: `Only admins can use ${spec.name}.` };
    }
    const settings = this.memory ? await this.memory.settingsFor(user, this.defaults()) : undefined;
    if (!LOCAL_PLATFORMS.has(user.platform) && !COOLDOWN_EXEMPT.has(spec.name)) {
      const result = (settings && (await this.memory!.takeCooldown(user, settings.cooldown))) ?? this.cooldown.take(userKey(user));
      if (!result.ok) {
        const notice: Answer = { kind: 'notice', ephemeral: true, text: `One moment, please. ${retryText(result.retryAfterMs)}` };
        return 'repeat' in result && result.repeat ? { ...notice, quiet: true } : notice;
      }
    }
    const checked = validate(spec, req.args ?? {});
    if ('problem' in checked) return { kind: 'notice', ephemeral: true, text: checked.problem };
    if (spec.adminOnly) this.logger?.info({ command: spec.name, platform: user.platform, user: user.userId }, `admin command ${spec.name}`);
    if (settings && spec.name === 'quote' && checked.args.count === undefined) checked.args.count = settings.count;
    const { collections, style } = settings ?? this.defaults();
    const handled = await handlerOf(spec.name)!(checked.args, this.context(user, collections));
    const answer = style === 'exact' ? exactDisplay(handled) : handled;
    if (settings) await this.remember(spec.name, checked.args, user, settings, answer);
    this.rememberMore(userKey(user), answer);
    return answer;
  }

  /** The settings before any stored value: the bot's cooldown and quote style, every collection. */
  private defaults(): EffectiveSettings {
    return { ...defaultSettings(this.cooldownSeconds, this.quoteStyle), collections: [...this.collections] };
  }

  /**
   * What a handler may use for this request: the index is read once, here, and limited to the collections
   * bound where the request comes from.
   */
  private context(user: Requester, collections: readonly string[] | undefined): CommandContext {
    const index = this.current;
    const ctx: CommandContext = {
      user,
      index: limited(index, collections),
      collections: index.collections(),
      rng: this.rng,
      ...(this.reload ? { reload: this.reload } : {}),
      ...(this.addVideos ? { addVideos: this.addVideos } : {}),
      commands: this.commands,
      lastMore: () => this.moreTokens.get(userKey(user)),
      resume: (token) => resumeToken(token, ctx),
      ...(this.memory ? { memory: this.memory } : {}),
      defaults: this.defaults(),
      lastAnswer: () => this.lastAnswers.get(userKey(user)),
    };
    return ctx;
  }

  /** Remembers the answer's More token for the typed `more` (a new answer without one leaves '': no more pages). */
  private rememberMore(key: string, answer: Answer): void {
    const more = answer.actions?.find((a) => a.kind === 'more');
    if (more) rememberLatest(this.moreTokens, key, more.token);
    // '' (not absent): the last answer had no further page, which `more` says in those words.
    else if (answer.kind !== 'notice' && answer.kind !== 'error' && answer.kind !== 'help') rememberLatest(this.moreTokens, key, '');
  }

  /**
   * With a database: applies the visibility setting and logs a `quote` question (answered or not), giving
   * the answer an id to vote on and Helpful / Not helpful buttons. The log write never fails the answer.
   */
  private async remember(command: string, args: Args, user: Requester, settings: EffectiveSettings, answer: Answer): Promise<void> {
    if (settings.visibility === 'ephemeral' && CONTENT_KINDS.has(answer.kind)) answer.ephemeral = true;
    if (!LOGGED_COMMANDS.has(command) || !this.memory) return;
    const question = String(args.topic ?? '').trim();
    const answered = answer.kind === 'quotes';
    // Until search reports "not covered" as its own answer shape, the notice that nothing mentions the
    // topic is the unanswered case; other notices (no such video, empty topic) are not questions.
    const unanswered = answer.kind === 'notice' && /^No passage mentions/.test(answer.text ?? '');
    if (!question || (!answered && !unanswered)) return;
    const answerId = newAnswerId();
    await this.memory.recordQuestion({
      answerId,
      platform: user.platform,
      scope: user.space ? `${user.platform}:server:${user.space}` : user.platform,
      command,
      question,
      answered,
      citations: answer.quotes?.map((q) => q.citation) ?? [],
      collections: settings.collections,
    });
    answer.feedback = { answerId };
    answer.actions = [
      ...(answer.actions ?? []),
      { kind: 'helpful', label: 'Helpful', token: `${FEEDBACK_TOKEN}${answerId}:y` },
      { kind: 'not-helpful', label: 'Not helpful', token: `${FEEDBACK_TOKEN}${answerId}:n` },
    ];
    const key = userKey(user);
    rememberLatest(this.lastAnswers, key, answerId);
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
  complete(kind: CompletionKind, partial: string, limit?: number): Choice[];
  complete(kind: CompletionKind, partial: string, limit?: number, user?: Requester): Choice[] | Promise<Choice[]>;
  complete(kind: CompletionKind, partial: string, limit = 25, user?: Requester): Choice[] | Promise<Choice[]> {
    if (!user || !this.memory) return this.choices(limited(this.current, this.collections), kind, partial, limit);
    // Where collections are bound, only their videos, speakers and words are offered.
    return this.memory.settingsFor(user, this.defaults()).then(
      (settings) => this.choices(limited(this.current, settings.collections), kind, partial, limit),
      (error: unknown) => {
        this.logger?.warn({ err: error, kind }, 'autocomplete failed');
        return [];
      },
    );
  }

  private choices(index: SearchIndex, kind: CompletionKind, partial: string, limit: number): Choice[] {
    const n = Math.max(0, Math.min(25, Math.floor(limit)));
    const text = String(partial ?? '').slice(0, 200).trim();
    const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);
    try {
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

/** The index limited to some collections; the index itself when none are named (no limit). */
function limited(index: SearchIndex, collections: readonly string[] | undefined): SearchIndex {
  return collections?.length ? index.within(collections) : index;
}

function userKey(user: Requester): string {
  return `${user.platform}:${user.userId}`;
}

/** Checks required options and integer bounds; a problem (missing, not a number, out of range) is one helpful line. */
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
      // Out of range gets the same reply as not a number (count:0 is not quietly read as count:1).
      if (!Number.isInteger(n) || n < (option.min ?? -Infinity) || n > (option.max ?? Infinity)) {
        const range = option.max !== undefined ? ` from ${option.min ?? 0} to ${option.max}` : option.min !== undefined ? ` of at least ${option.min}` : '';
        return { problem: `${option.name} must be a whole number${range}.` };
      }
      value = n;
    } else {
      value = String(value);
    }
    args[option.name] = value;
  }
  return { args };
}
