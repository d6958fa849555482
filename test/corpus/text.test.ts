import { describe, expect, it } from 'vitest';
import { rememberStoredText, cueAt, storedText, storedTextLength, type StoredText } from '../../src/corpus/text.ts';
import { transcript } from '../search/helpers.ts';

describe('storedText', () => {
  it('joins the cues with one space and knows where each starts', () => {
    const t = transcript('textAAAAAAA', [{ text: 'Hello there.' }, { text: 'General Kenobi!' }, { text: 'Bold.' }]);
    const stored = storedText(t);
    expect(stored.text).toBe('Hello there. General Kenobi! Bold.');
    expect([...stored.cueStarts]).toEqual([0, 13, 29]);
    expect(storedText(t)).toBe(stored);
    expect([cueAt(stored, 0), cueAt(stored, 12), cueAt(stored, 13), cueAt(stored, 33)]).toEqual([0, 0, 1, 2]);
    expect(storedTextLength(t)).toBe(stored.text.length);
  });

  it('returns an adopted stored text (a restored transcript\'s) instead of joining the cues again', () => {
    const t = transcript('textBBBBBBB', [{ text: 'one' }, { text: 'two' }]);
    let reads = 0;
    const adopted: StoredText = {
      get text() {
        reads++;
        return 'one two';
      },
      cueStarts: Int32Array.from([0, 4]),
      length: 7,
    };
    rememberStoredText(t, adopted);
    expect(storedText(t)).toBe(adopted);
    // Its length is known without reading the text.
    expect(storedTextLength(t)).toBe(7);
    expect(reads).toBe(0);
  });
});
