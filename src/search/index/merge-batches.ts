/**
 * Joins {@link TokenBatch}es (from one or more threads) into the corpus's token stream with one numbering of
 * terms and surface words: exactly the ids, counts and orders that one thread tokenizing every transcript in
 * corpus order gives. Term ids follow the order of each term's first token; surface words follow the order of
 * their first counted occurrence; a term is a stopword term at a position until a content word with its stem
 * has appeared at or before that position (`stopFrom`).
 *
 * @example
 * const merged = mergeBatches(batchesInCorpusOrder);
 * merged.termIds.get('eigenvector') // the term id of that stem
 */
import { NEVER, type TokenBatch } from './token-batch.ts';

/** The merged token stream and tables ({@link mergeBatches}). */
export interface MergedTokens {
  /** Per token (whole corpus, transcript order): term id, character offsets, gap kind, cue (within its transcript). */
  terms: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  breaks: Int8Array;
  cueOfToken: Int32Array;
  /** Per transcript, its first token (length transcripts + 1). */
  tokBase: Int32Array;
  /** Per transcript, its position (file order). */
  positions: Int32Array;
  /** Stem -> term id, in id order. */
  termIds: Map<string, number>;
  /** Per term: the first position at which it is a content term ({@link NEVER} for stopword-only terms). */
  stopFrom: Int32Array;
  /** Counted surface words in order of their first count, with their counts. */
  words: Array<[string, number]>;
}

/** One thread's ids as seen so far: its stems and words by its ids, and its term ids in the merged numbering (-1: not met yet). */
interface ThreadIds {
  stems: string[];
  words: string[];
  toGlobal: Int32Array;
}

/**
 * Merges batches given in corpus order (each thread's batches in the order it made them). Consumes them:
 * each batch's per-token arrays are replaced by empty ones once copied, so a cold start does not hold
 * the corpus's tokens twice (batches and merged) through the build.
 */
export function mergeBatches(batches: readonly TokenBatch[]): MergedTokens {
  let numTokens = 0;
  let numTranscripts = 0;
  for (const b of batches) {
    numTokens += b.terms.length;
    numTranscripts += b.tokCount.length;
  }
  const out = {
    terms: new Int32Array(numTokens),
    starts: new Int32Array(numTokens),
    ends: new Int32Array(numTokens),
    breaks: new Int8Array(numTokens),
    cueOfToken: new Int32Array(numTokens),
    tokBase: new Int32Array(numTranscripts + 1),
    positions: new Int32Array(numTranscripts),
  };
  const threads = new Map<number, ThreadIds>();
  const termIds = new Map<string, number>();
  const wordAt = new Map<string, number>();
  const words: Array<[string, number]> = [];
  let at = 0;
  let t = 0;
  for (const b of batches) {
    const ids = threadIds(threads, b);
    renumber(b.terms, ids, termIds, out.terms, at);
    out.starts.set(b.starts, at);
    out.ends.set(b.ends, at);
    out.breaks.set(b.breaks, at);
    out.cueOfToken.set(b.cueOfToken, at);
    release(b);
    out.positions.set(b.positions, t);
    for (let i = 0; i < b.tokCount.length; i++) {
      out.tokBase[t++] = at;
      at += b.tokCount[i]!;
    }
    for (let k = 0; k < b.counted.length; k++) {
      const word = ids.words[b.counted[k]!]!;
      let w = wordAt.get(word);
      if (w === undefined) {
        w = words.length;
        wordAt.set(word, w);
        words.push([word, 0]);
      }
      words[w]![1] += b.countedN[k]!;
    }
  }
  out.tokBase[numTranscripts] = at;
  return { ...out, termIds, stopFrom: contentPositions(batches, threads, termIds.size), words };
}

/** Drops a merged batch's per-token arrays (the merged stream has them). */
function release(b: TokenBatch): void {
  b.terms = new Int32Array(0);
  b.starts = new Int32Array(0);
  b.ends = new Int32Array(0);
  b.breaks = new Int8Array(0);
  b.cueOfToken = new Int32Array(0);
}

/** The thread's ids with the batch's new stems and words added. */
function threadIds(threads: Map<number, ThreadIds>, b: TokenBatch): ThreadIds {
  let ids = threads.get(b.thread);
  if (!ids) {
    ids = { stems: [], words: [], toGlobal: new Int32Array(1024).fill(-1) };
    threads.set(b.thread, ids);
  }
  for (const s of b.newStems) ids.stems.push(s);
  for (const w of b.newWords) ids.words.push(w);
  if (ids.stems.length > ids.toGlobal.length) {
    const next = new Int32Array(Math.max(ids.stems.length, ids.toGlobal.length * 2)).fill(-1);
    next.set(ids.toGlobal);
    ids.toGlobal = next;
  }
  return ids;
}

/** Writes the batch's terms into `out` at `at` in the merged numbering, giving a term met for the first time the next id. */
function renumber(terms: Int32Array, ids: ThreadIds, termIds: Map<string, number>, out: Int32Array, at: number): void {
  const toGlobal = ids.toGlobal;
  for (let k = 0; k < terms.length; k++) {
    const local = terms[k]!;
    let g = toGlobal[local]!;
    if (g < 0) {
      const s = ids.stems[local]!;
      g = termIds.get(s) ?? termIds.size;
      if (g === termIds.size) termIds.set(s, g);
      toGlobal[local] = g;
    }
    out[at + k] = g;
  }
}

/** Per merged term, the first position at which any thread saw a content word with its stem. */
function contentPositions(batches: readonly TokenBatch[], threads: Map<number, ThreadIds>, numTerms: number): Int32Array {
  const stopFrom = new Int32Array(numTerms).fill(NEVER);
  for (const b of batches) {
    const toGlobal = threads.get(b.thread)!.toGlobal;
    for (let k = 0; k < b.contentTerms.length; k++) {
      const g = toGlobal[b.contentTerms[k]!]!;
      if (g >= 0 && b.contentAt[k]! < stopFrom[g]!) stopFrom[g] = b.contentAt[k]!;
    }
  }
  return stopFrom;
}
