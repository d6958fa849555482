import { describe, expect, it } from 'vitest';
import { Break, classifyGap, segmentPassages } from '../../../src/search/index/passages.ts';
import { buildIndex } from '../../../src/search/index.ts';
import { corpus, transcript } from '../helpers.ts';

describe('classifyGap', () => {
  it('ranks breaks: glued < space < clause < sentence < turn', () => {
    expect(classifyGap('-', false)).toBe(Break.Glued);
    expect(classifyGap(' ', false)).toBe(Break.None);
    expect(classifyGap(', ', false)).toBe(Break.Clause);
    expect(classifyGap('. ', false)).toBe(Break.Sentence);
    expect(classifyGap(' ? ', false)).toBe(Break.Sentence);
    expect(classifyGap(' ', true)).toBe(Break.Turn);
    expect(classifyGap('.', false)).toBe(Break.Glued); // 3.14 is not a sentence end
  });
});

describe('segmentPassages', () => {
  const breaks = (n: number, at: Record<number, number>) => Array.from({ length: n }, (_, i) => at[i] ?? Break.None);
  it('ends a passage at the first sentence end after the target length', () => {
    const cuts = segmentPassages(100, breaks(100, { 10: Break.Sentence, 45: Break.Sentence, 80: Break.Sentence }), { targetWords: 40 });
    expect(cuts).toEqual([[0, 46], [46, 100]]);
  });
  it('ends a passage at a speaker turn once it has a few words', () => {
    const cuts = segmentPassages(30, breaks(30, { 2: Break.Turn, 12: Break.Turn }), { minTurnWords: 6 });
    expect(cuts).toEqual([[0, 13], [13, 30]]);
  });
  it('cuts unpunctuated text into bounded windows', () => {
    const cuts = segmentPassages(300, breaks(300, {}), { maxWords: 70 });
    for (const [a, b] of cuts) expect(b - a).toBeLessThanOrEqual(70);
    expect(cuts[0]![0]).toBe(0);
    expect(cuts.at(-1)![1]).toBe(300);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]![0]).toBe(cuts[i - 1]![1]);
  });
  it('prefers a clause boundary when a sentence runs too long', () => {
    const cuts = segmentPassages(150, breaks(150, { 50: Break.Clause }), { maxWords: 70 });
    expect(cuts[0]).toEqual([0, 51]);
  });
  it('never cuts inside a hyphenated word when a space is available', () => {
    const b = breaks(120, {});
    for (let i = 60; i < 75; i++) b[i] = Break.Glued;
    for (const [a] of segmentPassages(120, b, { maxWords: 70 })) if (a > 0) expect(b[a - 1]).not.toBe(Break.Glued);
  });
});

describe('passages in the index', () => {
  it('splits at pauses and speaker turns and interpolates times inside cues', () => {
    const t = transcript('v1', [
      { text: 'alpha beta gamma delta epsilon zeta eta theta', start: 0, end: 8, speaker: 'Ann' },
      { text: 'iota kappa lambda mu nu xi omicron pi', start: 8, end: 16, speaker: 'Bob' },
      { text: 'rho sigma tau upsilon phi chi psi omega', start: 30, end: 38, speaker: 'Bob' },
    ]);
    const index = buildIndex(corpus(t));
    const all = index.around('v1', 0, 0, 10);
    expect(all.map((h) => h.text)).toEqual([
      'alpha beta gamma delta epsilon zeta eta theta',
      'iota kappa lambda mu nu xi omicron pi',
      'rho sigma tau upsilon phi chi psi omega',
    ]);
    expect(all.map((h) => h.speaker)).toEqual(['Ann', 'Bob', 'Bob']);
    expect(all[2]!.start).toBe(30);
    // A quote starting mid-cue gets a time interpolated by character position.
    const long = transcript('v2', [{ text: `${'word '.repeat(60)}battery battery battery ${'word '.repeat(60)}`.trim(), start: 0, end: 100 }]);
    const hit = buildIndex(corpus(long)).search('battery').hits[0]!;
    expect(hit.start).toBeGreaterThan(10);
    expect(hit.end).toBeLessThan(90);
  });
});
