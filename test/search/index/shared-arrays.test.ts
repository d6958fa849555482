/** The ranking arrays a second ranking thread reads, and when a build moves them to shared memory. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../../src/search/index/bm25.ts';
import { TermBounds } from '../../../src/search/index/bounds.ts';
import { buildIndexData } from '../../../src/search/index/index-data.ts';
import { inShared, rankThreadsWanted, sharedBm25, sharedBounds } from '../../../src/search/index/shared-arrays.ts';
import { searchParams } from '../../../src/search/params.ts';
import { corpus, transcript } from '../helpers.ts';

const c = corpus(
  transcript('a', Array.from({ length: 40 }, (_, i) => ({ text: `orbits and tides, kepler swept equal areas in equal times ${i}.` }))),
  transcript('b', Array.from({ length: 25 }, (_, i) => ({ text: `wild yeast starter feeds on flour and water, day ${i}.` }))),
);
const isShared = (array: ArrayBufferView): boolean => array.buffer instanceof SharedArrayBuffer;
const typedFields = (object: object): Array<[string, ArrayBufferView]> =>
  Object.entries(object).filter((entry): entry is [string, ArrayBufferView] => ArrayBuffer.isView(entry[1]));
const otherFields = (object: object): Array<[string, unknown]> => Object.entries(object).filter(([, value]) => !ArrayBuffer.isView(value));
const twoCores = availableParallelism() >= 2;
const atThreshold = (min: number) => searchParams({ rank: { pruneMinPassages: 0, rankThreadMinPassages: min } });

describe('rankThreadsWanted and the build', () => {
  const numPassages = buildIndexData(c, atThreshold(0)).pTranscript.length;

  it('has passages to count', () => {
    expect(numPassages).toBeGreaterThan(1);
  });

  it('leaves a corpus below rankThreadMinPassages in ordinary memory', () => {
    expect(rankThreadsWanted(numPassages, atThreshold(numPassages + 1))).toBe(false);
    const data = buildIndexData(c, atThreshold(numPassages + 1));
    expect(data.bounds).toBeDefined();
    for (const array of [data.bm25.docs, data.pTranscript, data.pBase, data.blockNorm, data.bounds!.unitBase]) expect(isShared(array)).toBe(false);
  });

  it.skipIf(!twoCores)('puts a corpus of rankThreadMinPassages passages or more in shared memory', () => {
    expect(rankThreadsWanted(numPassages, atThreshold(numPassages))).toBe(true);
    const data = buildIndexData(c, atThreshold(numPassages));
    for (const array of [data.bm25.docs, data.pTranscript, data.pBase, data.pSpeaker, data.pChunk, data.blockLo, data.blockHi, data.blockNorm]) expect(isShared(array)).toBe(true);
    for (const [, array] of [...typedFields(data.bm25), ...typedFields(data.bounds!)]) expect(isShared(array)).toBe(true);
  });

  it('wants no second thread with rankThreads 1 or without pruning', () => {
    expect(rankThreadsWanted(numPassages, searchParams({ rank: { rankThreadMinPassages: 0, rankThreads: 1 } }))).toBe(false);
    expect(rankThreadsWanted(numPassages, searchParams({ rank: { rankThreadMinPassages: 0, prune: 0 } }))).toBe(false);
  });
});

describe('inShared', () => {
  it('returns an array already in shared memory itself', () => {
    const array = new Float64Array(new SharedArrayBuffer(24));
    array.set([1.5, -2, 3]);
    expect(inShared(array)).toBe(array);
  });

  it('copies an ordinary array into shared memory, same type and contents, the original untouched', () => {
    for (const array of [Int32Array.of(3, -1, 7), Uint16Array.of(9, 0, 65535), Uint8Array.of(1, 2), Float32Array.of(0.25, -8), Float64Array.of(Math.PI, 1e300)]) {
      const copy = inShared(array);
      expect(copy).not.toBe(array);
      expect(isShared(copy)).toBe(true);
      expect(isShared(array)).toBe(false);
      expect(copy.constructor).toBe(array.constructor);
      expect(Array.from(copy)).toEqual(Array.from(array));
    }
  });
});

describe('sharedBm25 and sharedBounds', () => {
  const data = buildIndexData(c, atThreshold(Number.MAX_SAFE_INTEGER));

  it('are built in ordinary memory here', () => {
    expect(isShared(data.bm25.docs)).toBe(false);
    expect(data.bounds).toBeDefined();
  });

  it('make a Bm25Index of the same values over shared memory', () => {
    const shared = sharedBm25(data.bm25);
    expect(shared).toBeInstanceOf(Bm25Index);
    expect(Object.getPrototypeOf(shared)).toBe(Object.getPrototypeOf(data.bm25));
    expect(Object.keys(shared).sort()).toEqual(Object.keys(data.bm25).sort());
    expect(typedFields(shared).length).toBeGreaterThan(0);
    for (const [key, array] of typedFields(shared)) {
      expect(isShared(array)).toBe(true);
      expect(array).toEqual((data.bm25 as unknown as Record<string, unknown>)[key]);
    }
    expect(otherFields(shared)).toEqual(otherFields(data.bm25));
  });

  it('make a TermBounds of the same values over shared memory', () => {
    const bounds = data.bounds!;
    const shared = sharedBounds(bounds);
    expect(shared).toBeInstanceOf(TermBounds);
    expect(Object.getPrototypeOf(shared)).toBe(Object.getPrototypeOf(bounds));
    expect(Object.keys(shared).sort()).toEqual(Object.keys(bounds).sort());
    expect(typedFields(shared).length).toBeGreaterThan(0);
    for (const [key, array] of typedFields(shared)) {
      expect(isShared(array)).toBe(true);
      expect(array).toEqual((bounds as unknown as Record<string, unknown>)[key]);
    }
    expect(otherFields(shared)).toEqual(otherFields(bounds));
  });
});
