/**
 * Quote shaping: the part of a matching region that is shown. The quote is the window with the most
 * query-term weight, aligned to sentence bounds when the text has punctuation (else to clause bounds, else
 * to word bounds), between `minWords` and `maxWords` long. It is one contiguous stretch of the stored text,
 * so nothing is skipped and no ellipsis is ever needed.
 *
 * @example
 * bestWindow({ from: 100, to: 220, terms, breaks, weight: (t) => (t === gpuId ? 2.1 : 0) })
 * // [131, 170]: a 39-word window, starting after a sentence end, holding the "gpu" mentions
 */
import { Break } from '../index/passages.ts';

/** Options of {@link bestWindow}. Counts are words. */
export interface SnippetOptions {
  /** Shortest quote when the region is longer. Default 20. */
  minWords?: number;
  /** Longest quote. Default 60. */
  maxWords?: number;
  /** Preferred length among equally dense windows. Default 40. */
  targetWords?: number;
  /**
   * Weight of query words outside {@link SnippetInput.focus} relative to those inside it: the words of the
   * passages merged into a moment count less than those of the passage the ranker chose, so the quote stays
   * on that passage rather than drifting to a neighbour that merely repeats the word. 1 = all alike. Default 1 here; {@link SearchParams} sets 0.6.
   * @example { beside: 0.5 }
   */
  beside?: number;
}

/** A region of the token stream and how much each token matters to the query. */
export interface SnippetInput {
  /** Token range `[from, to)`. */
  from: number;
  to: number;
  /** Term id per token. */
  terms: ArrayLike<number>;
  /** Break after each token ({@link Break}). */
  breaks: ArrayLike<number>;
  /** Weight of a term for this query (0 when it is not a query term). */
  weight: (term: number) => number;
  /** Tokens `[from, to)` whose query words count fully; the others count `beside` ({@link SnippetOptions.beside}). Default: all. */
  focus?: [number, number];
}

/**
 * The best quote window `[from, to)` inside the region: the densest window aligned to sentence bounds (or
 * speaker turns), else to clause bounds, else to word bounds, between `minWords` and `maxWords` long. A
 * better-aligned window is kept only while it holds at least half the query-term weight of the best
 * window at any alignment: a sentence-aligned window that leaves out the matching words (a 50-word turn of
 * other talk next to a 17-word answer) gives way to a clause- or word-aligned one that holds them.
 */
export function bestWindow(input: SnippetInput, options: SnippetOptions = {}): [number, number] {
  const minWords = options.minWords ?? 20;
  const maxWords = options.maxWords ?? 60;
  const target = options.targetWords ?? 40;
  const beside = options.beside ?? 1;
  const { from, to, terms, breaks, weight } = input;
  const [focusFrom, focusTo] = input.focus ?? [from, to];
  const n = to - from;
  if (n <= maxWords) return [from, to];
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = from + i;
    prefix[i + 1] = prefix[i]! + weight(terms[k]!) * (k >= focusFrom && k < focusTo ? 1 : beside);
  }
  const sum = (a: number, b: number): number => prefix[b - from]! - prefix[a - from]!;

  const levels: Array<{ window: [number, number]; weight: number }> = [];
  for (const level of [Break.Sentence, Break.Clause]) {
    const starts: number[] = [from];
    const ends: number[] = [];
    for (let i = from; i < to - 1; i++) {
      if (breaks[i]! >= level) {
        starts.push(i + 1);
        ends.push(i + 1);
      }
    }
    ends.push(to);
    let best: [number, number] | undefined;
    let bestScore = -Infinity;
    for (const s of starts) {
      for (const e of ends) {
        const len = e - s;
        if (len < minWords) continue;
        if (len > maxWords) break;
        const score = sum(s, e) * 1000 - Math.abs(len - target);
        if (score > bestScore) {
          bestScore = score;
          best = [s, e];
        }
      }
    }
    if (best) levels.push({ window: best, weight: sum(best[0], best[1]) });
  }
  // Word bounds: a fixed window, densest, with its matches as central as possible.
  const width = Math.min(target, n);
  let best: [number, number] = [from, from + width];
  let bestScore = -Infinity;
  for (let s = from; s + width <= to; s++) {
    if (s > from && breaks[s - 1]! < Break.None) continue;
    const e = s + width;
    if (e < to && breaks[e - 1]! < Break.None) continue;
    const inner = sum(s, e);
    // Prefer windows whose weight is centred: weight in the middle half counts a little extra.
    const q = Math.floor(width / 4);
    const score = inner * 1000 + sum(s + q, e - q);
    if (score > bestScore) {
      bestScore = score;
      best = [s, e];
    }
  }
  levels.push({ window: best, weight: sum(best[0], best[1]) });
  const most = Math.max(...levels.map((l) => l.weight));
  return levels.find((l) => l.weight >= 0.5 * most)!.window;
}
