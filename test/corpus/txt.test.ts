import { describe, expect, it } from 'vitest';
import { parseTxt } from '../../src/corpus/txt.ts';
import { chunkWords, timeByWords } from '../../src/corpus/estimate.ts';

describe('parseTxt', () => {
  it('estimates times over the known duration and marks them approximate', () => {
    const result = parseTxt('ALICE: hello there\nBOB: hi', { duration: 9 });
    expect(result.approximate).toBe(true);
    expect(result.cues).toEqual([
      { start: 0, end: 6, text: 'hello there', speaker: 'ALICE' },
      { start: 6, end: 9, text: 'hi', speaker: 'BOB' },
    ]);
  });

  it('assumes 150 words per minute without a duration', () => {
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
    const { cues } = parseTxt(words);
    expect(cues).toHaveLength(25);
    expect(cues.at(-1)!.end).toBe(120);
    expect(cues[1]!.start).toBe(4.8);
  });

  it('cleans lines and skips non-speech', () => {
    expect(parseTxt('[Music]\n\nit&#39;s <i>fine</i>', { duration: 1 }).cues).toEqual([{ start: 0, end: 1, text: "it's fine" }]);
  });
});

describe('estimate helpers', () => {
  it('chunks never split words', () => {
    expect(chunkWords('a b c d e', 2)).toEqual(['a b', 'c d', 'e']);
    expect(chunkWords('  ')).toEqual([]);
  });
  it('times are strictly increasing and end at the duration', () => {
    const cues = timeByWords(chunkWords('one two three four five six seven', 3).map((text) => ({ text })), 7);
    expect(cues.map((c) => [c.start, c.end])).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
  });
});
