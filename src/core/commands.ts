/**
 * THE command table. Each command is declared once here (name, description, options, examples, handler);
 * the text parser, help, Discord registration, Slack usage text and autocomplete are all derived from it.
 */
import type { SearchIndex } from '../search/types.ts';
import { contextAnswer, passageAnswer, quotesAnswer, randomAnswer, verifyAnswer, videosAnswer, MAX_CONTEXT } from './answer.ts';
import { helpAnswer } from './help.ts';
import { decodeToken } from './paging.ts';
import { timelineAnswer } from './timeline.ts';
import type { Answer, Args, CommandSpec, Requester } from './types.ts';

/** Default and most quotes per `quote` answer. */
export const DEFAULT_COUNT = 3;
export const MAX_COUNT = 10;

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

/** What the handlers need from the bot. */
export interface CommandDeps {
  /** The current index (read once per request, so a swap never mixes two indexes in one answer). */
  index(): SearchIndex;
  /** Random numbers in [0, 1) for `random`. */
  rng(): number;
  /** Rebuilds the index from disk and swaps it in; absent when reloading is not possible. */
  reload?: () => Promise<ReloadSummary>;
  /** The whole table (for help). */
  commands(): readonly CommandSpec[];
  /** The last `more` token the bot gave this user (for the typed `more` command). */
  lastMore(user: Requester): string | undefined;
}

function text(args: Args, name: string): string | undefined {
  const value = args[name];
  return value === undefined || value === null ? undefined : String(value);
}

function int(args: Args, name: string, fallback: number): number {
  const value = args[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function list(names: string[], max = 8): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}

/** Turns a reload summary into the admin's answer. */
export function reloadAnswer(r: ReloadSummary): Answer {
  const parts = [
    r.added.length ? `added ${r.added.length} (${list(r.added)})` : '',
    r.changed.length ? `changed ${r.changed.length} (${list(r.changed)})` : '',
    r.removed.length ? `removed ${r.removed.length} (${list(r.removed)})` : '',
  ].filter(Boolean);
  const count = `${r.transcripts} transcript${r.transcripts === 1 ? '' : 's'}`;
  const lines =
    r.outcome === 'kept' || r.outcome === 'failed'
      ? [`Not reloaded: ${r.reason ?? 'the new corpus was refused'}. Still serving the ${count} already loaded.`]
      : [`Reloaded: ${count}; ${parts.length ? parts.join(', ') : 'nothing changed'}.`];
  if (r.skipped.length) lines.push(`Skipped ${r.skipped.length}: ${list(r.skipped, 5)}`);
  return { kind: 'notice', text: lines.join('\n'), ephemeral: true };
}

/** Resumes a button token. */
function resume(deps: CommandDeps, token: unknown, user: Requester): Answer {
  const c = decodeToken(token);
  if (!c) return { kind: 'notice', ephemeral: true, text: 'This button no longer works. Ask again to get fresh results.' };
  const index = deps.index();
  switch (c.kind) {
    case 'quote': {
      const answer = quotesAnswer(index, { topic: c.query, count: Math.min(MAX_COUNT, c.count), offset: c.offset, ...(c.video ? { video: c.video } : {}), ...(c.speaker ? { speaker: c.speaker } : {}), ...(c.share ? { share: true } : {}) });
      return c.share && answer.kind === 'quotes' ? { ...answer, ephemeral: false } : answer;
    }
    case 'passage':
      return passageAnswer(index, c.videoId, c.seconds);
    case 'context':
      return contextAnswer(index, `${c.videoId}@${c.seconds}`, c.before, c.after);
    case 'timeline':
      return timelineAnswer(index, { topic: c.query, offset: c.offset, ...(c.video ? { video: c.video } : {}) });
    case 'videos':
      return videosAnswer(index, c.offset);
  }
  void user;
}

/** Builds the command table around the bot's dependencies. */
export function createCommands(deps: CommandDeps): CommandSpec[] {
  return [
    {
      name: 'quote',
      aliases: ['ask', 'q'],
      description: 'Verbatim quotes about a topic, each linked to the moment it was said',
      options: [
        { name: 'topic', type: 'string', description: 'A topic or question, e.g. scaling laws or "how did GPUs help?"', required: true, rest: true, autocomplete: 'topic' },
        { name: 'video', type: 'string', description: 'Only this video (id or part of the title)', autocomplete: 'video' },
        { name: 'speaker', type: 'string', description: 'Only this speaker', autocomplete: 'speaker' },
        { name: 'count', type: 'integer', description: `How many quotes (default ${DEFAULT_COUNT})`, min: 1, max: MAX_COUNT },
      ],
      examples: ['quote scaling laws', 'ask how did GPUs help?', 'quote "deep learning" count:5', 'quote attention video:f96Xrg4uNik'],
      handler: (args) =>
        quotesAnswer(deps.index(), {
          topic: text(args, 'topic') ?? '',
          count: int(args, 'count', DEFAULT_COUNT),
          offset: 0,
          ...(text(args, 'video') ? { video: text(args, 'video')! } : {}),
          ...(text(args, 'speaker') ? { speaker: text(args, 'speaker')! } : {}),
        }),
    },
    {
      name: 'random',
      description: 'A random quote, optionally from one video',
      options: [{ name: 'video', type: 'string', description: 'Only this video (id or part of the title)', rest: true, autocomplete: 'video' }],
      examples: ['random', 'random f96Xrg4uNik'],
      handler: (args) => randomAnswer(deps.index(), text(args, 'video'), deps.rng),
    },
    {
      name: 'videos',
      description: 'The videos quotebot can quote: title, length and link',
      options: [],
      examples: ['videos'],
      handler: () => videosAnswer(deps.index(), 0),
    },
    {
      name: 'verify',
      description: 'Was this really said? Checks a claimed quote against the transcripts',
      options: [{ name: 'claim', type: 'string', description: 'The quote as you remember it', required: true, rest: true }],
      examples: ['verify "the gpus appeared in our lab"'],
      handler: (args) => verifyAnswer(deps.index(), text(args, 'claim') ?? ''),
    },
    {
      name: 'timeline',
      description: 'Every moment a topic comes up, in time order, grouped by video',
      options: [
        { name: 'topic', type: 'string', description: 'A topic, e.g. neural networks', required: true, rest: true, autocomplete: 'topic' },
        { name: 'video', type: 'string', description: 'Only this video (id or part of the title)', autocomplete: 'video' },
      ],
      examples: ['timeline neural networks', 'timeline gpus video:f96Xrg4uNik'],
      handler: (args) => timelineAnswer(deps.index(), { topic: text(args, 'topic') ?? '', offset: 0, ...(text(args, 'video') ? { video: text(args, 'video')! } : {}) }),
    },
    {
      name: 'context',
      description: 'The passages around a cited moment, to read what led up to a quote',
      options: [
        { name: 'citation', type: 'string', description: 'A citation shown under a quote, e.g. f96Xrg4uNik@245', required: true },
        { name: 'before', type: 'integer', description: 'Passages before it (default 2)', min: 0, max: MAX_CONTEXT },
        { name: 'after', type: 'integer', description: 'Passages after it (default 2)', min: 0, max: MAX_CONTEXT },
      ],
      examples: ['context f96Xrg4uNik@245', 'context f96Xrg4uNik@245 before:4 after:1'],
      handler: (args) => contextAnswer(deps.index(), text(args, 'citation') ?? '', int(args, 'before', 2), int(args, 'after', 2)),
    },
    {
      name: 'more',
      description: 'The next page of your last answer',
      options: [],
      examples: ['more'],
      handler: (_args, ctx) => {
        const token = deps.lastMore(ctx.user);
        if (!token) return { kind: 'notice', ephemeral: true, text: 'There is nothing more to show. Ask something first, e.g. quote scaling laws.' };
        return resume(deps, token, ctx.user);
      },
    },
    {
      name: 'help',
      description: 'How to use quotebot, or the details of one command',
      options: [{ name: 'command', type: 'string', description: 'A command name, e.g. quote' }],
      examples: ['help', 'help quote'],
      handler: (args, ctx) => helpAnswer(deps.commands(), text(args, 'command'), ctx.user.isAdmin === true),
    },
    {
      name: 'reload',
      description: 'Reload the transcripts folder now (admins only)',
      options: [],
      examples: ['reload'],
      adminOnly: true,
      handler: async () => {
        if (!deps.reload) return { kind: 'notice', ephemeral: true, text: 'Reloading is not available in this mode.' };
        return reloadAnswer(await deps.reload());
      },
    },
    {
      name: 'resume',
      description: 'Continue an answer from a button token',
      options: [{ name: 'token', type: 'string', description: 'The button token', required: true }],
      examples: [],
      hidden: true,
      handler: (args, ctx) => resume(deps, args.token, ctx.user),
    },
  ];
}
