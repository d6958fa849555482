import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { boundsSteps, buildIndexData, INDEX_DATA_FIELDS } from '../../../src/search/index/index-data.ts';
import { searchParams } from '../../../src/search/params.ts';
import { corpus, transcript } from '../helpers.ts';

const c = corpus(
  transcript('a', Array.from({ length: 40 }, (_, i) => ({ text: `orbits and tides, kepler swept equal areas in equal times ${i}.`, speaker: i % 4 < 2 ? 'Ana' : 'Ben' }))),
  transcript('empty', []),
  transcript('b', Array.from({ length: 25 }, (_, i) => ({ text: `wild yeast starter feeds on flour and water, day ${i}.` }))),
);

describe('buildIndexData', () => {
  const data = buildIndexData(c, searchParams());

  it('has exactly the declared fields', () => {
    expect(Object.keys(data).sort()).toEqual(Object.keys(INDEX_DATA_FIELDS).sort());
  });

  it('numbers tokens and passages over the corpus, each transcript a contiguous range', () => {
    const n = c.transcripts.length;
    expect(data.tokBase.length).toBe(n + 1);
    expect(data.pBase.length).toBe(n + 1);
    expect(data.pBase[1]).toBe(data.pBase[2]); // the empty transcript has no passages
    expect(data.tokBase[n]).toBe(data.tokTerm.length);
    for (let p = 0; p < data.pTokStart.length; p++) {
      const t = data.pTranscript[p]!;
      expect(p).toBeGreaterThanOrEqual(data.pBase[t]!);
      expect(p).toBeLessThan(data.pBase[t + 1]!);
      expect(data.pTokStart[p]).toBeLessThan(data.pTokEnd[p]!);
      if (p > 0 && data.pTranscript[p - 1] === t) expect(data.pTokStart[p]).toBe(data.pTokEnd[p - 1]);
    }
  });

  it('keeps stems as term ids, tokens in stored-text order (offsets recomputed on demand)', () => {
    const text = data.stored[0]!.text;
    const k = data.tokBase[0]! + 2;
    const { base, starts, ends } = data.tokens.of(0);
    expect(text.slice(starts[k - base]!, ends[k - base]!)).toBe('tides');
    expect(data.stemOf[data.tokTerm[k]!]).toBe('tide');
    expect(data.termIds.get('tide')).toBe(data.tokTerm[k]);
    expect(data.stemsSorted).toEqual(data.stemOf.slice().sort());
  });

  it('groups passages into chunks and blocks that never cross transcripts', () => {
    for (let p = 0; p < data.pChunk.length; p++) expect(data.chunkTranscript[data.pChunk[p]!]).toBe(data.pTranscript[p]);
    for (let w = 0; w < data.chunkTranscript.length; w++) {
      expect(data.chunkTranscript[data.blockLo[w]!]).toBe(data.chunkTranscript[w]);
      expect(data.chunkTranscript[data.blockHi[w]!]).toBe(data.chunkTranscript[w]);
    }
    expect(data.chunkLenPrefix[data.chunkTranscript.length]).toBe(data.bm25.lengths.reduce((a, b) => a + b, 0));
  });

  it('lists speakers by transcript and tags passages with their majority speaker', () => {
    expect(data.speakersOf).toEqual([['Ana', 'Ben'], [], []]);
    expect(data.speakerNames.sort()).toEqual(['Ana', 'Ben']);
    expect(new Set(data.pSpeaker.subarray(data.pBase[2]!, data.pBase[3]!))).toEqual(new Set([-1]));
  });

  it('builds the block semantics only when the semantic weight is on', () => {
    expect(data.semantics).toBeDefined();
    expect(buildIndexData(c, searchParams({ rank: { semantic: 0 } })).semantics).toBeUndefined();
  });
});

describe('buildIndexData sharedMemory', () => {
  // Every corpus ranks on two threads under these parameters (where the machine has two cores).
  const twoThreads = searchParams({ rank: { pruneMinPassages: 0, rankThreadMinPassages: 0 } });
  const isShared = (array: ArrayBufferView): boolean => array.buffer instanceof SharedArrayBuffer;

  it.skipIf(availableParallelism() < 2)('puts the postings, passage arrays and bounds in shared memory by default when two threads rank', () => {
    const data = buildIndexData(c, twoThreads);
    expect(isShared(data.bm25.docs)).toBe(true);
    expect(isShared(data.pTranscript)).toBe(true);
    expect(isShared(data.bounds!.unitBase)).toBe(true);
  });

  it('leaves them in ordinary memory when the build is not to share them, built at once or in steps after', () => {
    const data = buildIndexData(c, twoThreads, { sharedMemory: false });
    const deferred = buildIndexData(c, twoThreads, { sharedMemory: false, defer: true });
    const steps = boundsSteps(deferred, twoThreads, 100, false)!;
    let next = steps.next();
    while (!next.done) next = steps.next();
    for (const d of [data, { ...deferred, bounds: next.value }]) {
      expect(isShared(d.bm25.docs)).toBe(false);
      expect(isShared(d.pTranscript)).toBe(false);
      expect(isShared(d.blockNorm)).toBe(false);
      expect(d.bounds).toBeDefined();
      for (const value of Object.values(d.bounds!)) if (ArrayBuffer.isView(value)) expect(isShared(value)).toBe(false);
    }
    expect(deferred.bounds).toBeUndefined();
  });
});
