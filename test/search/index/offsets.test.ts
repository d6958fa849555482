import { describe, expect, it } from 'vitest';
import { buildIndexData } from '../../../src/search/index/index-data.ts';
import { TokenOffsets, tokenOffsets } from '../../../src/search/index/offsets.ts';
import { searchParams } from '../../../src/search/params.ts';
import { stem } from '../../../src/search/text/stem.ts';
import { normalizeWord } from '../../../src/search/text/tokenize.ts';
import { corpus, transcript } from '../helpers.ts';

// Accents, curly apostrophes, possessives, digits, a mark-only "word" (U+0301 alone) the index skips, CJK.
const c = corpus(
  transcript('a', [
    { text: 'Fourier’s café naïve — x² in 2016, it’s Kepler\u2019s law.' },
    { text: '\u0301 résumé THE Earth\u0301s orbit; 東京 and Zürich' },
    { text: '' },
    { text: "don't stop: rock'n'roll ... ok" },
  ]),
  transcript('empty', []),
  transcript('b', Array.from({ length: 30 }, (_, i) => ({ text: `wild yeast starter feeds on flour and water, day ${i}.` }))),
);

describe('TokenOffsets', () => {
  const data = buildIndexData(c, searchParams());

  it('recomputes exactly the tokens the index has: same count, and each token text stems to its term', () => {
    const offsets = new TokenOffsets(data.stored, data.tokBase);
    let checked = 0;
    for (let t = 0; t < c.transcripts.length; t++) {
      const { base, starts, ends } = offsets.of(t);
      expect(base).toBe(data.tokBase[t]);
      expect(starts.length).toBe(data.tokBase[t + 1]! - base);
      for (let i = 0; i < starts.length; i++) {
        const raw = data.stored[t]!.text.slice(starts[i]!, ends[i]!);
        expect(data.stemOf[data.tokTerm[base + i]!]).toBe(stem(normalizeWord(raw)));
        checked++;
      }
    }
    expect(checked).toBe(data.tokTerm.length);
    expect(checked).toBeGreaterThan(300);
  });

  it('keeps the most recently used transcripts and recomputes the others', () => {
    const offsets = new TokenOffsets(data.stored, data.tokBase, 2);
    const a = offsets.of(0);
    expect(offsets.of(0)).toBe(a);
    offsets.of(2);
    offsets.of(1);
    expect(offsets.of(0)).not.toBe(a); // evicted by 2 and 1
    expect(offsets.of(0).starts).toEqual(a.starts);
  });

  it('throws when the text and the index disagree on the count', () => {
    expect(() => tokenOffsets('one two three', 2)).toThrow(/3 tokens, the index 2/);
    expect(tokenOffsets('one two', 2)).toEqual({ starts: Int32Array.from([0, 4]), ends: Int32Array.from([3, 7]) });
  });
});
