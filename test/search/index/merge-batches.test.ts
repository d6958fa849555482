import { describe, expect, it } from 'vitest';
import { storedText } from '../../../src/corpus/text.ts';
import type { Corpus } from '../../../src/corpus/types.ts';
import { buildIndexData, buildIndexDataFromBatches } from '../../../src/search/index/index-data.ts';
import { BatchTokenizer, type TokenBatch } from '../../../src/search/index/token-batch.ts';
import { searchParams } from '../../../src/search/params.ts';
import { corpus, plainData, transcript } from '../helpers.ts';

// "does" (a stopword) and "doe" (not one) share the stem "doe": the term is a stopword term until "doe" is
// said, so the earlier transcripts' passages leave it out of BM25 and the later ones count it.
const c = corpus(
  transcript('a', [{ text: 'Does it orbit? It does, the tides say so.' }, { text: 'Kepler swept equal areas.', speaker: 'Ana' }]),
  transcript('b', [{ text: 'What does the starter need? Flour, water and time.' }]),
  transcript('empty', []),
  transcript('c', [{ text: 'A doe and her fawn crossed; the doe stopped.', speaker: 'Ben' }, { text: 'Does she see us? Tides, orbits, areas.' }]),
  transcript('d', [{ text: 'The yeast feeds; equal areas in equal times, Kepler said.' }]),
  transcript('e', [{ text: 'Orbits again: does the doe orbit? Starter, flour, fawn.', speaker: 'Ana' }]),
);

/** Batches of `sizes` transcripts, made in turn by tokenizers `threads[i]` (as threads taking batches would). */
function batches(input: Corpus, sizes: number[], threads: number[]): TokenBatch[] {
  const params = searchParams();
  const tokenizers = new Map<number, BatchTokenizer>();
  const out: TokenBatch[] = [];
  let at = 0;
  sizes.forEach((size, i) => {
    const thread = threads[i]!;
    if (!tokenizers.has(thread)) tokenizers.set(thread, new BatchTokenizer(thread, params.passages.pauseSeconds));
    const part = input.transcripts.slice(at, at + size);
    out.push(tokenizers.get(thread)!.tokenize(part, part.map((_, k) => at + k)));
    at += size;
  });
  return out;
}

describe('mergeBatches', () => {
  const params = searchParams();
  const whole = buildIndexData(c, params);

  it.each([
    [[1, 1, 1, 1, 1, 1], [0, 1, 0, 1, 0, 1]],
    [[2, 2, 2], [1, 0, 1]],
    [[3, 3], [1, 0]],
    [[1, 4, 1], [0, 1, 1]],
    [[6], [3]],
  ])('batches %j made by tokenizers %j give the index of one pass', (sizes, threads) => {
    const data = buildIndexDataFromBatches(c, c.transcripts.map((t) => storedText(t)), batches(c, sizes, threads), params);
    expect(plainData(data)).toEqual(plainData(whole));
  });

  it('counts a stem as a content term only from the transcript where a content word with it is said', () => {
    const doe = whole.termIds.get('doe')!;
    expect(whole.termIsStop[doe]).toBe(0);
    const inPostings = (t: number): boolean => {
      for (let p = whole.pBase[t]!; p < whole.pBase[t + 1]!; p++) {
        for (let k = whole.pTokStart[p]!; k < whole.pTokEnd[p]!; k++) if (whole.tokTerm[k] === doe) return whole.bm25.docs.subarray(whole.bm25.offsets[doe]!, whole.bm25.offsets[doe + 1]!).includes(p);
      }
      return false;
    };
    expect(inPostings(0)).toBe(false); // 'a': only "does"
    expect(inPostings(3)).toBe(true); // 'c': "doe"
    expect(inPostings(5)).toBe(true); // 'e': "does" after "doe" was said
  });
});
