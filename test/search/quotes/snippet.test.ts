import { describe, expect, it } from 'vitest';
import { Break } from '../../../src/search/index/passages.ts';
import { bestWindow } from '../../../src/search/quotes/snippet.ts';
import { Vocabulary, editDistance } from '../../../src/search/text/vocabulary.ts';

describe('bestWindow', () => {
  const n = 150;
  const terms = Array.from({ length: n }, (_, i) => (i >= 100 && i < 110 ? 7 : 0));
  it('returns a short region whole', () => {
    expect(bestWindow({ from: 5, to: 40, terms, breaks: [], weight: () => 0 })).toEqual([5, 40]);
  });
  it('picks the densest sentence-aligned window within the length bounds', () => {
    const breaks = Array.from({ length: n }, (_, i) => (i % 20 === 19 ? Break.Sentence : Break.None));
    const [a, b] = bestWindow({ from: 0, to: n, terms, breaks, weight: (t) => (t === 7 ? 1 : 0) }, { maxWords: 60 });
    expect(a).toBeLessThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(110);
    expect(b - a).toBeLessThanOrEqual(60);
    expect(b - a).toBeGreaterThanOrEqual(20);
    expect(a % 20).toBe(0); // starts after a sentence end
  });
  it('falls back to word-bounded windows around the matches in unpunctuated text', () => {
    const breaks = Array.from({ length: n }, () => Break.None);
    const [a, b] = bestWindow({ from: 0, to: n, terms, breaks, weight: (t) => (t === 7 ? 1 : 0) }, { targetWords: 40 });
    expect(b - a).toBe(40);
    expect(a).toBeLessThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(110);
  });
});

describe('Vocabulary', () => {
  const v = new Vocabulary([['network', 20], ['neural', 15], ['gpus', 9], ['gpu', 3], ['image', 5], ['imet', 1], ['scaling', 4]]);
  it('corrects typos, transpositions included', () => {
    expect(v.correct('netwrok')).toBe('network');
    expect(v.correct('nueral')).toBe('neural');
    expect(v.correct('gpsu')).toBe('gpus');
    expect(v.correct('zzzzqqq')).toBeUndefined();
  });
  it('finds sub-words and look-alikes of unknown words', () => {
    expect(v.parts('imagenet')).toEqual(['image']);
    expect(v.resembling('imagenet').map(([w]) => w)).toContain('imet');
    // A shared ending is no garbling: look-alikes keep the first letter.
    const w = new Vocabulary([['fidelity', 2]]);
    expect(w.resembling('reliability')).toEqual([]);
  });
  it('completes prefixes by frequency', () => {
    expect(v.withPrefix('gp')).toEqual(['gpus', 'gpu']);
    expect(v.withPrefix('x')).toEqual([]);
  });
  it('computes Damerau-Levenshtein distance', () => {
    expect(editDistance('gpsu', 'gpus')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
