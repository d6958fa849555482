/** `context <citation> [before] [after]`: the passages around a cited moment, the cited one marked. */
import type { SearchIndex } from '../../search/types.ts';
import { action, notice, pastTheEnd, show } from '../answer.ts';
import { DEFAULT_CONTEXT, MAX_CONTEXT } from '../defaults.ts';
import { encodeToken } from '../paging.ts';
import { parseCitation, toQuote } from '../quote.ts';
import type { Answer, AnswerAction, CommandSpec } from '../types.ts';
import { int, text, type Handler, type Resume } from './types.ts';

export const spec: CommandSpec = {
  name: 'context',
  description: 'The passages around a cited moment, to read what led up to a quote',
  options: [
    { name: 'citation', type: 'string', description: 'A citation shown under a quote, e.g. f96Xrg4uNik@245', required: true },
    { name: 'before', type: 'integer', description: `Passages before it (default ${DEFAULT_CONTEXT})`, min: 0, max: MAX_CONTEXT },
    { name: 'after', type: 'integer', description: `Passages after it (default ${DEFAULT_CONTEXT})`, min: 0, max: MAX_CONTEXT },
  ],
  examples: ['context f96Xrg4uNik@245', 'context f96Xrg4uNik@245 before:4 after:1'],
};

export const handler: Handler = (args, ctx) =>
  contextAnswer(ctx.index, text(args, 'citation') ?? '', int(args, 'before', DEFAULT_CONTEXT), int(args, 'after', DEFAULT_CONTEXT));

/** `c:<videoId>:<seconds>:<before>:<after>`: the passages around a moment (the Context buttons). */
export const CONTEXT_TOKEN: Resume = {
  prefix: 'c',
  fields: [
    { name: 'videoId', type: 'text', nonEmpty: true },
    { name: 'seconds', type: 'nat' },
    { name: 'before', type: 'nat' },
    { name: 'after', type: 'nat' },
  ],
  run: (s, ctx) => contextAnswer(ctx.index, `${String(s.videoId)}@${Number(s.seconds)}`, Number(s.before), Number(s.after)),
};

export const resume: readonly Resume[] = [CONTEXT_TOKEN];

/** The Context button of an answer whose first quote is at `videoId@seconds` (none when no token fits). */
export function contextAction(videoId: string, seconds: number, label = 'Context', before = DEFAULT_CONTEXT, after = DEFAULT_CONTEXT): AnswerAction[] {
  return action('context', label, encodeToken(CONTEXT_TOKEN, { videoId, seconds, before, after }));
}

/** The index of the quote containing `seconds`, else the nearest one. */
function citedIndex(quotes: ReadonlyArray<{ start: number; end: number }>, seconds: number): number {
  let mark = 0;
  let best = Infinity;
  quotes.forEach((q, i) => {
    const distance = seconds < q.start ? q.start - seconds : seconds > q.end ? seconds - q.end : 0;
    if (distance < best) {
      best = distance;
      mark = i;
    }
  });
  return mark;
}

/** The `context` answer. */
export function contextAnswer(index: SearchIndex, citation: string, before: number, after: number): Answer {
  const cited = parseCitation(String(citation ?? ''));
  if (!cited) return notice('Give a citation like f96Xrg4uNik@245 (each quote shows its citation).');
  const b = Math.min(MAX_CONTEXT, Math.max(0, before));
  const a = Math.min(MAX_CONTEXT, Math.max(0, after));
  const late = pastTheEnd(index, cited.videoId, cited.seconds);
  if (late) return late;
  const hits = index.around(cited.videoId, cited.seconds, b, a);
  if (!hits.length) {
    const known = index.corpus.transcripts.some((t) => t.meta.id === cited.videoId);
    return notice(known ? `Nothing was said near ${citation.trim()}.` : `No video has the id "${show(cited.videoId, 40)}". Type videos to list them.`);
  }
  const quotes = hits.map((hit) => toQuote(hit, index.params.bounds));
  quotes[citedIndex(quotes, cited.seconds)]!.note = 'cited moment';
  const title = quotes[0]!.videoTitle;
  const more = b < MAX_CONTEXT || a < MAX_CONTEXT;
  return {
    kind: 'context',
    title: `Context of ${citation.trim()}`,
    groups: [{ heading: `${show(title, 80)}, ${quotes[0]!.timeLabel}-${quotes[quotes.length - 1]!.timeLabel}`, quotes }],
    actions: more ? contextAction(cited.videoId, cited.seconds, 'More context', Math.min(MAX_CONTEXT, b + 2), Math.min(MAX_CONTEXT, a + 2)) : [],
    ephemeral: true,
  };
}
