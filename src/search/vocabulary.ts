/**
 * The corpus vocabulary: every indexed surface word with its frequency, for typo tolerance
 * ("gpsu" -> "gpus"), "did you mean" suggestions, sub-word matching ("imagenet" -> "image") and
 * prefix autocomplete. Fuzzy matching uses fuse.js over the *words* (where it is strong and fast),
 * never over whole passages; candidates are then ranked by true edit distance and frequency.
 *
 * @example
 * const v = new Vocabulary([['network', 12], ['neural', 9]]);
 * v.correct('netwrok') // 'network'
 */
import Fuse from 'fuse.js';

/** Most words fuse.js searches through; rarer words beyond this are left out (they are mostly typos). */
const MAX_FUZZY_WORDS = 60_000;

export class Vocabulary {
  /** Surface words sorted alphabetically (for prefix ranges). */
  private readonly sorted: string[];
  private readonly counts: Map<string, number>;
  private fuse: Fuse<string> | undefined;

  /** `entries`: surface word and its number of occurrences (stopwords already excluded). */
  constructor(entries: Iterable<[string, number]>) {
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

  private fuzzy(): Fuse<string> {
    if (!this.fuse) {
      let words = this.sorted.filter((w) => !/^\d+$/.test(w));
      if (words.length > MAX_FUZZY_WORDS) {
        words = words.sort((a, b) => this.count(b) - this.count(a)).slice(0, MAX_FUZZY_WORDS);
      }
      this.fuse = new Fuse(words, { includeScore: true, threshold: 0.4, ignoreLocation: true, minMatchCharLength: 2 });
    }
    return this.fuse;
  }

  /**
   * Vocabulary words close to `word` (not itself), best first: edit distance within the allowance for the
   * word's length (1 up to 4 letters, 2 up to 8, else 3), then higher frequency.
   */
  similar(word: string, limit = 5): string[] {
    if (word.length < 3 || word.length > 40 || /\d/.test(word)) return [];
    const allowed = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
    const found = this.fuzzy().search(word, { limit: 40 });
    const ranked: Array<{ w: string; d: number; c: number }> = [];
    for (const r of found) {
      if (r.item === word) continue;
      const d = editDistance(word, r.item, allowed);
      if (d <= allowed) ranked.push({ w: r.item, d, c: this.count(r.item) });
    }
    ranked.sort((a, b) => a.d - b.d || b.c - a.c || (a.w < b.w ? -1 : 1));
    return ranked.slice(0, limit).map((r) => r.w);
  }

  /** The best correction of a word that is not in the vocabulary, or undefined. */
  correct(word: string): string | undefined {
    return this.similar(word, 1)[0];
  }

  /**
   * Sub-word matching for a word missing from the vocabulary: vocabulary words it is made of
   * ("imagenet" -> ["image", "net"] or just ["image"] when "net" never occurs). Parts have at least 3
   * letters; the longest known prefix (>= 4 letters) is the fallback.
   */
  parts(word: string): string[] {
    if (word.length < 6 || word.length > 40) return [];
    for (let i = 3; i <= word.length - 3; i++) {
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
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) out.push(this.sorted[i]!);
    out.sort((a, b) => this.count(b) - this.count(a) || (a < b ? -1 : 1));
    return out.slice(0, limit);
  }
}

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}
