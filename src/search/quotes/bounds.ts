/**
 * Quotes that start and end where the speaker does. Between two words the text has a *sentence end* when the
 * captions put punctuation there (`.`, `?`, `!`), when the speaker changes, or, in captions without
 * punctuation (auto-captions), at a pause: a gap of at least `bounds.pauseSeconds` between one cue and the
 * next. In punctuated captions a pause that has no punctuation is only a *pause*: a better place to cut
 * than mid-phrase, but still inside a sentence.
 *
 * {@link sentenceBounds} widens a quote to the nearest sentence end at each side within `bounds.widenWords`
 * words, keeping the quote within the longest quote (`snippet.maxWords`); failing a sentence end in reach, it
 * shortens the quote to one inside it (never into the query's matches, never below `snippet.minWords`), or
 * widens it to a pause. {@link quoteCuts} says at which side a quote is cut inside a sentence
 * (shown with "…"). Each takes the index's {@link SearchParams} (`bounds`, and `snippet` for the length).
 *
 * @example
 * sentenceBounds(hit, index.params).text // 'This very special scaling factor ... is called the determinant of that transformation.'
 * quoteCuts(transcript, hit.charStart, hit.charEnd, index.params.bounds) // { before: false, after: true }: "This very special…"
 */
import { cueAt, storedText } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
import type { BoundsParams, SearchParams } from '../params.ts';
import { transcriptWords } from '../verify/anchors.ts';
import { timeAt } from '../index/timing.ts';
import type { Hit } from '../types.ts';

/** How the text breaks between two words: a sentence end, a pause inside a sentence, or neither. */
export const Gap = { None: 0, Pause: 1, End: 2 } as const;
export type Gap = (typeof Gap)[keyof typeof Gap];

/** Sentence marks (`.?!` before a space or the end) per transcript, counted once. */
const marksCache = new WeakMap<Transcript, number>();

/** Whether the transcript's captions have punctuation (at least one sentence mark per `punctuatedWords` words). */
export function hasPunctuation(transcript: Transcript, punctuatedWords: number): boolean {
  let marks = marksCache.get(transcript);
  if (marks === undefined) {
    marks = storedText(transcript).text.match(/[.?!](?=\s|$)/g)?.length ?? 0;
    marksCache.set(transcript, marks);
  }
  return marks * punctuatedWords >= transcriptWords(transcript).length;
}

/** How the text breaks between token `k - 1` and token `k` of the transcript (the text's edges are sentence ends). */
export function gapBefore(transcript: Transcript, k: number, bounds: BoundsParams): Gap {
  const words = transcriptWords(transcript);
  if (k <= 0 || k >= words.length) return Gap.End;
  const stored = storedText(transcript);
  const prevStart = words.start(k - 1);
  const nextStart = words.start(k);
  if (prevStart === nextStart) return Gap.None; // two halves of one contraction
  if (/[.?!]/.test(stored.text.slice(words.end(k - 1), nextStart))) return Gap.End;
  if (!transcript.cues.length) return Gap.None;
  const a = cueAt(stored, prevStart);
  const b = cueAt(stored, nextStart);
  if (b === a) return Gap.None;
  const cues = transcript.cues;
  const sa = cues[a]!.speaker;
  const sb = cues[b]!.speaker;
  if (sa !== undefined && sb !== undefined && sa !== sb) return Gap.End;
  if (transcript.approximate || cues[b]!.start - cues[b - 1]!.end < bounds.pauseSeconds) return Gap.None;
  return hasPunctuation(transcript, bounds.punctuatedWords) ? Gap.Pause : Gap.End;
}

/** Token range `[a, b]` (inclusive) of the words inside characters `[charStart, charEnd)`, or undefined. */
function tokenRange(transcript: Transcript, charStart: number, charEnd: number): [number, number] | undefined {
  const words = transcriptWords(transcript);
  // Tokens are in text order (starts and ends never decrease): the first starting at charStart or later,
  // and from there the last ending by charEnd.
  const a = words.firstStartingFrom(charStart);
  if (a === words.length || words.start(a) >= charEnd) return undefined;
  return [a, Math.max(a + 1, words.firstEndingAfter(charEnd)) - 1];
}

/**
 * Where a quote of characters `[charStart, charEnd)` is cut inside a sentence: it does not start at a
 * sentence end ({@link gapBefore}) or does not end at one. Shown with "…" at that side.
 */
export function quoteCuts(transcript: Transcript, charStart: number, charEnd: number, bounds: BoundsParams): { before: boolean; after: boolean } {
  const range = tokenRange(transcript, charStart, charEnd);
  if (!range) return { before: charStart > 0, after: charEnd < storedText(transcript).text.trimEnd().length };
  return { before: gapBefore(transcript, range[0], bounds) !== Gap.End, after: gapBefore(transcript, range[1] + 1, bounds) !== Gap.End };
}

/**
 * Where one side of quote `[a, b]` (tokens, inclusive) should be: the nearest sentence end outside it within
 * `reach` words; else the nearest sentence end inside it that keeps the query's matches (tokens up to `keep`)
 * and `minWords` words; else the nearest pause outside within `reach`; else where it is. `side` -1 is the
 * start (token k starts after gapBefore(k)), +1 the end (token k ends before gapBefore(k + 1)).
 */
function sideBound(transcript: Transcript, [a, b]: [number, number], side: -1 | 1, reach: number, keep: number | undefined, minWords: number, bounds: BoundsParams): number {
  const count = transcriptWords(transcript).length;
  const from = side < 0 ? a : b;
  const gapAt = (k: number) => gapBefore(transcript, side < 0 ? k : k + 1, bounds);
  if (gapAt(from) === Gap.End) return from;
  let pause = -1;
  for (let i = 1; i <= reach; i++) {
    const k = from + side * i;
    if (k < 0 || k >= count) break;
    const g = gapAt(k);
    if (g === Gap.End) return k;
    if (g === Gap.Pause && pause < 0) pause = k;
  }
  if (keep !== undefined) {
    // Inward: never past the matches, never below minWords.
    const limit = side < 0 ? Math.min(keep, b - minWords + 1) : Math.max(keep, a + minWords - 1);
    for (let k = from - side; side < 0 ? k <= limit : k >= limit; k -= side) if (gapAt(k) === Gap.End) return k;
  }
  return pause >= 0 ? pause : from;
}

/**
 * The hit moved to sentence ends (see the module comment): each side widened to the nearest sentence end
 * within `bounds.widenWords` words, the quote staying within `snippet.maxWords` words; failing that, shortened
 * to a sentence end inside it that keeps {@link Hit.matches} and `snippet.minWords` words; failing that, widened to
 * a pause. When both sides cannot be widened within `maxWords`, the side that reaches a sentence end (then
 * the shorter widening) is.
 */
export function sentenceBounds(hit: Hit, params: Pick<SearchParams, 'bounds' | 'snippet'>): Hit {
  const { bounds, snippet: { maxWords, minWords } } = params;
  const transcript = hit.transcript;
  const words = transcriptWords(transcript);
  const range = words.length ? tokenRange(transcript, hit.charStart, hit.charEnd) : undefined;
  if (!range) return hit;
  let [a, b] = range;
  const room = Math.max(0, maxWords - (b - a + 1));
  const reach = Math.min(bounds.widenWords, room);
  const matches = hit.matches ? tokenRange(transcript, hit.matches[0], hit.matches[1]) : undefined;
  const a2 = sideBound(transcript, [a, b], -1, reach, matches?.[0], minWords, bounds);
  const b2 = sideBound(transcript, [a, b], 1, reach, matches?.[1], minWords, bounds);
  if (Math.max(0, a - a2) + Math.max(0, b2 - b) <= room) [a, b] = [a2, b2];
  else {
    // Not both widened: the one that ends a sentence, else the shorter widening.
    const startEnds = gapBefore(transcript, a2, bounds) === Gap.End;
    const endEnds = gapBefore(transcript, b2 + 1, bounds) === Gap.End;
    const takeStart = startEnds !== endEnds ? startEnds : a - a2 <= b2 - b;
    if (takeStart) a = a2;
    else b = b2;
  }
  if (a === range[0] && b === range[1]) return hit;
  const text = storedText(transcript).text;
  const charStart = a === range[0] ? hit.charStart : words.start(a);
  let charEnd = b === range[1] ? Math.max(hit.charEnd, words.end(b)) : words.end(b);
  const trail = /^[.?!,;:"')\]]+/.exec(text.slice(charEnd));
  if (trail) charEnd += trail[0].length;
  const start = timeAt(transcript, charStart);
  return { ...hit, text: text.slice(charStart, charEnd), charStart, charEnd, start, end: Math.max(start, timeAt(transcript, charEnd)) };
}
