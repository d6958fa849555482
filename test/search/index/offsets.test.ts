import { describe, expect, it } from 'vitest';
import { buildIndexData } from '../../../src/search/index/index-data.ts';
import { packOffsets, TokenPlaces } from '../../../src/search/index/offsets.ts';
import { searchParams } from '../../../src/search/params.ts';
import { stem } from '../../../src/search/text/stem.ts';
import { normalizeWord } from '../../../src/search/text/tokenize.ts';
import { corpus, transcript } from '../helpers.ts';

// Accents, curly apostrophes, possessives, digits, a mark-only "word" (U+0301 alone) the index skips, CJK,
// a gap and a word of 255+ characters (stored wide).
const c = corpus(
  transcript('a', [
    { text: 'Fourier’s café naïve — x² in 2016, it’s Kepler\u2019s law.' },
    { text: '\u0301 résumé THE Earth\u0301s orbit; 東京 and Zürich' },
    { text: '' },
    { text: "don't stop: rock'n'roll ... ok" },
    { text: `${'♪ '.repeat(200)}then ${'a'.repeat(300)} word` },
  ]),
  transcript('empty', []),
  transcript('b', Array.from({ length: 30 }, (_, i) => ({ text: `wild yeast starter feeds on flour and water, day ${i}.` }))),
);

describe('TokenPlaces', () => {
  const data = buildIndexData(c, searchParams());

  it('recomputes exactly the tokens the index has: same count, and each token text stems to its term', () => {
    const offsets = data.tokens;
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
    const offsets = new TokenPlaces(data.tokBase, data.tokens.tokWide, (t) => data.tokens.packed(t), 2);
    const a = offsets.of(0);
    expect(offsets.of(0)).toBe(a);
    offsets.of(2);
    offsets.of(1);
    expect(offsets.of(0)).not.toBe(a); // evicted by 2 and 1
    expect(offsets.of(0).starts).toEqual(a.starts);
    // A scan keeps only the last one.
    const scan = offsets.scan();
    const s0 = scan.of(0);
    expect(scan.of(0)).toBe(s0);
    scan.of(1);
    expect(scan.of(0)).not.toBe(s0);
    expect(scan.of(0)).toEqual(s0);
  });

  it('packs lengths and gaps of 255 or more exactly, per transcript from offset 0', () => {
    const starts = [3, 10, 400, 0, 1];
    const ends = [8, 310, 402, 1, 700];
    const tokBase = Int32Array.from([0, 3, 5]);
    const packed = packOffsets(starts, ends, tokBase);
    expect([...packed.tokGap]).toEqual([3, 2, 90, 0, 0]);
    expect([...packed.tokLen]).toEqual([5, 255, 2, 1, 255]);
    expect([...packed.tokWide]).toEqual([[2, 300], [8, 699]]);
    const offsets = TokenPlaces.inMemory(packed, Int8Array.from([0, 1, 2, 0, 3]), tokBase);
    expect(offsets.of(0)).toEqual({ base: 0, starts: Int32Array.from([3, 10, 400]), ends: Int32Array.from([8, 310, 402]) });
    expect(offsets.of(1)).toEqual({ base: 3, starts: Int32Array.from([0, 1]), ends: Int32Array.from([1, 700]) });
    expect([...offsets.breaks(0)]).toEqual([0, 1, 2]);
    expect([...offsets.breaks(1)]).toEqual([0, 3]);
  });

  it('reads each transcript through packedOf only (no corpus-wide array), and refuses bytes of the wrong length', () => {
    const asked: number[] = [];
    const places = new TokenPlaces(data.tokBase, data.tokens.tokWide, (t) => (asked.push(t), data.tokens.packed(t)), 1);
    expect(places.of(2).starts).toEqual(data.tokens.of(2).starts);
    expect([...places.breaks(2)]).toEqual([...data.tokens.breaks(2)]);
    expect(asked).toEqual([2, 2]);
    const short = new TokenPlaces(data.tokBase, data.tokens.tokWide, (t) => ({ ...data.tokens.packed(t), tokLen: new Uint8Array(1) }));
    expect(() => short.of(2)).toThrow(/transcript 2 has 1 packed token places, expected/);
  });

  it('refuses offsets that go backwards', () => {
    expect(() => packOffsets([5, 2], [6, 3], Int32Array.from([0, 2]))).toThrow(/not after the previous/);
  });
});
