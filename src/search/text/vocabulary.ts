/**
 * The corpus vocabulary: every indexed surface word with its frequency, for typo tolerance
 * ("gpsu" -> "gpus"), "did you mean" suggestions, sub-word matching ("imagenet" -> "image") and
 * prefix autocomplete.
 *
 * Fuzzy lookup is a character-bigram index over the words (with word-boundary marks): candidates sharing
 * enough bigrams with the query word are checked with a true Damerau-Levenshtein distance and ranked by
 * distance, then frequency. (fuse.js over a 20k-word vocabulary took 100-300 ms per unknown word here,
 * too slow for a 5 ms budget; it stays in use for titles and speaker names, where lists are short.)
 *
 * @example
 * const v = new Vocabulary([['network', 12], ['neural', 9]]);
 * v.correct('netwrok') // 'network'
 */
import { SEARCH_DEFAULTS, type EditBands } from '../params.ts';
import { prefixRange } from './sorted.ts';

/** Candidates (most shared bigrams first) whose edit distance is computed per lookup. */
const MAX_CANDIDATES = 200;

export class Vocabulary {
  /** Surface words sorted alphabetically (for prefix ranges). */
  private readonly sorted: string[];
  private readonly counts: Map<string, number>;
  /** Bigram -> indexes into `sorted` (built on first fuzzy lookup). */
  private grams: Map<string, Int32Array> | undefined;
  private overlap: Uint16Array | undefined;

  /**
   * `entries`: surface word and its number of occurrences (stopwords already excluded). `edits`: the typo
   * allowance per word length ({@link EditBands}). Default {@link SEARCH_DEFAULTS}`.vocabulary`.
   */
  constructor(
    entries: Iterable<[string, number]>,
    private readonly edits: EditBands = SEARCH_DEFAULTS.vocabulary,
  ) {
    this.counts = new Map(entries);
    this.sorted = [...this.counts.keys()].sort();
  }

  get size(): number {
    return this.counts.size;
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  count(word: string): number {
    return this.counts.get(word) ?? 0;
  }

  private gramIndex(): Map<string, Int32Array> {
    if (!this.grams) {
      const lists = new Map<string, number[]>();
      this.sorted.forEach((w, i) => {
        if (/\d/.test(w) || w.length < 2) return;
        for (const g of new Set(bigrams(w))) {
          let l = lists.get(g);
          if (!l) lists.set(g, (l = []));
          l.push(i);
        }
      });
      this.grams = new Map([...lists].map(([g, l]) => [g, Int32Array.from(l)]));
      this.overlap = new Uint16Array(this.sorted.length);
    }
    return this.grams;
  }

  /**
   * Counts, into the `overlap` scratch array, how many of `qgrams` each vocabulary word shares, and returns
   * the indices of the words that share any. The caller reads and then resets `overlap[i]` for each of them.
   */
  private countShared(qgrams: string[]): number[] {
    const index = this.gramIndex();
    const overlap = this.overlap!;
    const touched: number[] = [];
    for (const g of qgrams) {
      const list = index.get(g);
      if (!list) continue;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (overlap[i] === 0) touched.push(i);
        overlap[i]!++;
      }
    }
    return touched;
  }

  /**
   * Vocabulary words close to `word` (not itself), best first: edit distance within the allowance for the
   * word's length ({@link EditBands}: 1 up to 4 letters, 2 up to 8, else 3), then higher frequency.
   */
  similar(word: string, limit = 5): string[] {
    if (word.length < 3 || word.length > 40 || /\d/.test(word)) return [];
    const { oneUpTo, twoUpTo, most } = this.edits;
    const allowed = word.length <= oneUpTo ? 1 : word.length <= twoUpTo ? 2 : most;
    const qgrams = [...new Set(bigrams(word))];
    // Each edit destroys at most 2 bigrams (a transposition 3).
    const need = Math.max(1, qgrams.length - 3 * allowed);
    const touched = this.countShared(qgrams);
    const overlap = this.overlap!;
    // Check the distance only for the candidates sharing the most bigrams.
    const pool: Array<{ i: number; o: number }> = [];
    for (const i of touched) {
      const o = overlap[i]!;
      overlap[i] = 0;
      if (o < need) continue;
      if (Math.abs(this.sorted[i]!.length - word.length) > allowed) continue;
      pool.push({ i, o });
    }
    if (pool.length > MAX_CANDIDATES) pool.sort((a, b) => b.o - a.o).length = MAX_CANDIDATES;
    const ranked: Array<{ w: string; d: number; c: number }> = [];
    for (const { i } of pool) {
      const w = this.sorted[i]!;
      if (w === word) continue;
      const d = editDistance(word, w, allowed);
      if (d <= allowed) ranked.push({ w, d, c: this.count(w) });
    }
    ranked.sort((a, b) => a.d - b.d || b.c - a.c || (a.w < b.w ? -1 : 1));
    return ranked.slice(0, limit).map((r) => r.w);
  }
  /**
   * Sub-word matches for a word that is neither in the vocabulary nor one small typo away: words sharing
   * most of its character bigrams (Dice coefficient >= `minDice`), e.g. "imagenet" -> "image" (0.67) and the
   * auto-caption garbling "imet" (0.57). Only words with the same first letter count. Returns `[word, dice]`
   * pairs, best first.
   */
  resembling(word: string, minDice = 0.5, limit = 3): Array<[string, number]> {
    if (word.length < 5 || word.length > 40 || /\d/.test(word)) return [];
    const qgrams = [...new Set(bigrams(word))];
    const touched = this.countShared(qgrams);
    const overlap = this.overlap!;
    const out: Array<[string, number]> = [];
    for (const i of touched) {
      const o = overlap[i]!;
      overlap[i] = 0;
      const w = this.sorted[i]!;
      // Caption garblings keep the word's first sound ("imagenet" -> "imet", "bayesian" -> "basian"); a
      // shared ending alone ("reliability" / "fidelity": -lity) is no garbling.
      if (w === word || w.length < 4 || w[0] !== word[0]) continue;
      const dice = (2 * o) / (qgrams.length + new Set(bigrams(w)).size);
      if (dice >= minDice) out.push([w, dice]);
    }
    out.sort((a, b) => b[1] - a[1] || this.count(b[0]) - this.count(a[0]));
    return out.slice(0, limit);
  }

  /** The best correction of a word that is not in the vocabulary, or undefined. */
  correct(word: string): string | undefined {
    return this.similar(word, 1)[0];
  }

  /**
   * Sub-word matching for a word missing from the vocabulary: vocabulary words it is made of
   * ("speechrecognition" -> ["speech", "recognition"]; "imagenet" -> ["image"], its longest known prefix). Parts have at least 4
   * letters (shorter ones such as "net" match too much); the longest known prefix (>= 4 letters) is the fallback.
   */
  parts(word: string): string[] {
    if (word.length < 6 || word.length > 40) return [];
    for (let i = 4; i <= word.length - 4; i++) {
      const a = word.slice(0, i);
      const b = word.slice(i);
      if (this.has(a) && this.has(b)) return [a, b];
    }
    for (let i = word.length - 2; i >= 4; i--) {
      const a = word.slice(0, i);
      if (this.has(a)) return [a];
    }
    return [];
  }

  /** Words starting with `prefix`, most frequent first. */
  withPrefix(prefix: string, limit = 25): string[] {
    if (!prefix) return [];
    const [start, end] = prefixRange(this.sorted, prefix);
    const out = this.sorted.slice(start, end);
    out.sort((a, b) => this.count(b) - this.count(a) || (a < b ? -1 : 1));
    return out.slice(0, limit);
  }
}

/** Row buffers of {@link editDistance}, reused across calls (a typo lookup checks up to 200 candidates). */
let rowsA = new Int32Array(64);
let rowsB = new Int32Array(64);
let rowsC = new Int32Array(64);

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  if (rowsA.length < m + 1) {
    rowsA = new Int32Array(m + 1);
    rowsB = new Int32Array(m + 1);
    rowsC = new Int32Array(m + 1);
  }
  let prev2 = rowsA.fill(0, 0, m + 1);
  let prev = rowsB;
  for (let j = 0; j <= m; j++) prev[j] = j;
  let cur = rowsC.fill(0, 0, m + 1);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/** Character bigrams of a word with boundary marks (`^g gp ps su u$`). */
function bigrams(word: string): string[] {
  const w = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
  return out;
}
