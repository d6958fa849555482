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
  it('keeps the window on the focus (the best passage) when a neighbour only repeats the word more', () => {
    // Tokens 0-69: a passage saying the word three times (20, 30, 40); 70-139, the focus: twice (100, 110).
    const words = Array.from({ length: 140 }, (_, i) => ([20, 30, 40, 100, 110].includes(i) ? 7 : 0));
    const breaks = Array.from({ length: 140 }, () => Break.None);
    const input = { from: 0, to: 140, terms: words, breaks, weight: (t: number) => (t === 7 ? 1 : 0), focus: [70, 140] as [number, number] };
    const [a0, b0] = bestWindow(input, { beside: 1 });
    expect(a0 <= 20 && b0 > 40).toBe(true); // all alike: the densest window, in the other passage
    const [a, b] = bestWindow(input, { beside: 0.6 });
    expect(a <= 100 && b > 110).toBe(true);
    expect(a).toBeGreaterThan(40);
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
