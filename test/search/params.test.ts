import { describe, expect, it } from 'vitest';
import { lengthNorm, saturated } from '../../src/search/index/bm25.ts';
import { buildIndexData } from '../../src/search/index/index-data.ts';
import { ENGINE_DEFAULTS, RANK_DEFAULTS, SEARCH_DEFAULTS, searchParams } from '../../src/search/params.ts';
import { corpus, transcript } from './helpers.ts';

const talk = corpus(
  transcript('a', Array.from({ length: 60 }, (_, i) => ({ text: `the tide rises ${i % 3 ? 'and the moon pulls' : 'while sailors wait'} near the harbour wall number ${i}.` }))),
  transcript('b', Array.from({ length: 30 }, (_, i) => ({ text: `bread dough needs time to proof overnight batch ${i}.` }))),
);

describe('SearchParams', () => {
  it('fills every section from the defaults and applies overrides section by section', () => {
    const p = searchParams({ rank: { block: 0 }, bm25: { k1: 1.5 }, snippet: { maxWords: 50 } });
    expect(p.rank).toEqual({ ...RANK_DEFAULTS, block: 0 });
    expect(p.bm25).toEqual({ k1: 1.5, b: 0.75 });
    expect(p.snippet).toEqual({ minWords: 20, maxWords: 50, targetWords: 40, beside: 0.6 });
    expect(p.vocabulary).toEqual(SEARCH_DEFAULTS.vocabulary);
    expect(searchParams()).toEqual(SEARCH_DEFAULTS);
  });

  it('keeps a default when an override is explicitly undefined (as the ?? defaults did)', () => {
    expect(searchParams({ bm25: { k1: undefined } }).bm25.k1).toBe(1.2);
    expect(searchParams({ snippet: { minWords: undefined } }).snippet.minWords).toBe(20);
    expect(searchParams({ rank: { pruneBatch: undefined } }).rank.pruneBatch).toBe(RANK_DEFAULTS.pruneBatch);
    expect(searchParams({ passages: { targetWords: undefined } }).passages).toEqual(SEARCH_DEFAULTS.passages);
  });

  it('uses the BM25 b option for blocks as well as passages (it was fixed at 0.75 for blocks)', () => {
    const flat = buildIndexData(talk, searchParams({ bm25: { b: 0 } }));
    expect(flat.bm25.b).toBe(0);
    for (const n of flat.blockNorm) expect(n).toBe(1.2); // b = 0: no length normalisation
    for (const n of flat.bm25.norm) expect(n).toBeCloseTo(1.2, 6);
    const normal = buildIndexData(talk, searchParams());
    expect(normal.blockNorm.some((n) => n !== 1.2)).toBe(true);
  });
});

describe('EngineParams', () => {
  it("keeps verify's word-table details for every corpus small enough for whole-corpus anchors", () => {
    // A corpus of anchorAllWords index words is aligned whole on every verify; its tables' details must all
    // stay kept, or each verify rebuilds them (100 hours: p50 8 -> 358 ms). Alignment tokens run a few
    // percent above index words (contractions split, numbers spelled out): a quarter of margin.
    expect(ENGINE_DEFAULTS.verifyTableTokens).toBeGreaterThanOrEqual(1.25 * SEARCH_DEFAULTS.verify.anchorAllWords);
  });
});

describe('BM25 saturation', () => {
  it('is weight x tf x (k1 + 1) / (tf + norm), saturating in tf', () => {
    const norm = lengthNorm(1.2, 0.75, 40, 40);
    expect(norm).toBeCloseTo(1.2, 12);
    expect(saturated(2, 1, 2.2, norm)).toBeCloseTo((2 * 2.2) / 2.2, 12);
    const gains = [1, 2, 4, 8, 16].map((tf) => saturated(1, tf, 2.2, norm));
    for (let i = 1; i < gains.length; i++) expect(gains[i]! - gains[i - 1]!).toBeLessThan(i === 1 ? Infinity : gains[i - 1]! - gains[i - 2]!);
    expect(gains[4]).toBeLessThan(2.2);
  });

  it('normalises longer texts harder', () => {
    expect(lengthNorm(1.2, 0.75, 80, 40)).toBeGreaterThan(lengthNorm(1.2, 0.75, 20, 40));
    expect(lengthNorm(1.2, 0, 80, 40)).toBe(1.2);
  });
});
