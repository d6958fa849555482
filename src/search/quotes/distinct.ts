/**
 * The quotes of one answer never repeat transcript words. Quotes are compared as they are shown (widened or
 * shortened to sentence ends by {@link sentenceBounds}), not as the raw hits: two passing mentions ten
 * seconds apart each take some context words and, widened, share a phrase.
 *
 * {@link distinctMoments} walks a best-first list of hits: a hit whose quote shares words with a quote
 * already taken elsewhere in the answer (`taken`, the ranked passages) is dropped; two hits of the list that
 * share words are one moment, merged into the earlier one's place (the quote then spans both, time from the
 * first). The result depends only on the whole list, so paging through it (More) shows every moment once
 * and every page counts the same total.
 *
 * @example
 * // mentions at 2:20, 2:27 and 2:34 whose quotes run into each other -> one moment at 2:20
 * distinctMoments(mentions, rankedPassages, index.params)
 */
import { storedText } from '../../corpus/text.ts';
import { timeAt } from '../index/timing.ts';
import type { SearchParams } from '../params.ts';
import type { Hit } from '../types.ts';
import { sentenceBounds } from './bounds.ts';

/** What shapes a shown quote: the index's quote length and bounds. */
type QuoteParams = Pick<SearchParams, 'bounds' | 'snippet'>;

/** The characters a shown quote spans: `[charStart, charEnd)`. */
interface Shown {
  charStart: number;
  charEnd: number;
}

/** Whether two shown quotes of the same transcript overlap. */
function overlaps(x: Shown, y: Shown): boolean {
  return x.charStart < y.charEnd && y.charStart < x.charEnd;
}

/** Whether the shown quotes of two hits (shaped by `params`) share transcript characters (same video, overlapping ranges). */
export function sharesWords(a: Hit, b: Hit, params: QuoteParams): boolean {
  return a.transcript === b.transcript && overlaps(sentenceBounds(a, params), sentenceBounds(b, params));
}

/** One moment spanning two hits of the same transcript: its text is the stored text from the first's start to the last's end. */
export function mergeHits(a: Hit, b: Hit): Hit {
  const charStart = Math.min(a.charStart, b.charStart);
  const charEnd = Math.max(a.charEnd, b.charEnd);
  const start = timeAt(a.transcript, charStart);
  const merged: Hit = {
    ...a,
    start,
    end: Math.max(start, a.end, b.end),
    text: storedText(a.transcript).text.slice(charStart, charEnd),
    charStart,
    charEnd,
    score: a.score + b.score,
  };
  const spans = [a.matches, b.matches].filter((m): m is [number, number] => m !== undefined);
  if (spans.length) merged.matches = [Math.min(...spans.map((m) => m[0])), Math.max(...spans.map((m) => m[1]))];
  if (a.start > b.start && b.chapter) merged.chapter = b.chapter;
  return merged;
}

/** The hits (best first) whose quotes, shaped by `params`, share no words with `taken` nor with each other (see the module comment). */
export function distinctMoments(hits: readonly Hit[], taken: readonly Hit[], params: QuoteParams): Hit[] {
  // Each hit's shown range is worked out once (sentenceBounds per pair made a long list quadratic work).
  const ranges = new Map<Hit, Shown>();
  const shown = (hit: Hit): Shown => {
    let range = ranges.get(hit);
    if (!range) ranges.set(hit, (range = sentenceBounds(hit, params)));
    return range;
  };
  const share = (a: Hit, b: Hit): boolean => a.transcript === b.transcript && overlaps(shown(a), shown(b));
  const kept: Hit[] = [];
  for (const hit of hits) {
    if (taken.some((t) => share(t, hit))) continue;
    let current = hit;
    let at = kept.length;
    for (;;) {
      const j = kept.findIndex((k) => share(k, current));
      if (j < 0) break;
      const merged = mergeHits(kept[j]!, current);
      // A merge that runs into a ranked passage keeps the earlier moment as it was: the later one is dropped.
      if (taken.some((t) => share(t, merged))) {
        current = kept[j]!;
        at = j;
        kept.splice(j, 1);
        break;
      }
      kept.splice(j, 1);
      at = Math.min(at, j);
      current = merged;
    }
    kept.splice(Math.min(at, kept.length), 0, current);
  }
  return kept;
}
