/** Property: every quote is an exact slice of the stored text and never starts or ends inside a word. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { storedText } from '../../src/corpus/text.ts';
import { buildIndex } from '../../src/search/index.ts';
import type { Hit, SearchIndex } from '../../src/search/types.ts';

const WORD_CHAR = /[\p{L}\p{N}]/u;

function assertVerbatim(hit: Hit): void {
  const text = storedText(hit.transcript).text;
  expect(hit.text).toBe(text.slice(hit.charStart, hit.charEnd));
  expect(hit.text.length).toBeGreaterThan(0);
  if (hit.charStart > 0) expect(WORD_CHAR.test(text[hit.charStart - 1]!) && WORD_CHAR.test(text[hit.charStart]!)).toBe(false);
  if (hit.charEnd < text.length) expect(WORD_CHAR.test(text[hit.charEnd - 1]!) && WORD_CHAR.test(text[hit.charEnd]!)).toBe(false);
  expect(hit.end).toBeGreaterThanOrEqual(hit.start);
}

describe('verbatim quotes (property)', () => {
  let index: SearchIndex;
  let words: string[];
  beforeAll(async () => {
    const corpus = await loadCorpus('transcripts');
    const fixtures = await loadCorpus('test/fixtures/search/corpus');
    index = buildIndex({ transcripts: [...corpus.transcripts, ...fixtures.transcripts], skipped: [] });
    words = [...new Set(corpus.transcripts.flatMap((t) => storedText(t).text.split(/\s+/)))].filter(Boolean);
  });

  it('holds for random queries built from corpus words, typos and noise', () => {
    const query = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 }).map((ix) => ix.map((i) => words[i % words.length]).join(' ')),
      fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 20 })).map(([i, j]) => {
        const w = words[i % words.length]!;
        const k = j % Math.max(1, w.length);
        return w.slice(0, k) + w.slice(k + 1, k + 2) + w.slice(k, k + 1) + w.slice(k + 2); // transposition typo
      }),
      fc.string({ maxLength: 40 }),
    );
    // Queries of corpus words find passages: a search that silently finds nothing must fail this property.
    let searched = 0;
    let mentioned = 0;
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 8 }), (q, limit) => {
        const r = index.search(q, { limit });
        expect(r.hits.length).toBeLessThanOrEqual(limit);
        r.hits.forEach(assertVerbatim);
        const m = index.mentions(q, { limit: 5 });
        m.hits.forEach(assertVerbatim);
        if (r.hits.length) searched++;
        if (m.hits.length) mentioned++;
      }),
      { numRuns: 300 },
    );
    expect(searched, 'queries whose search found a passage').toBeGreaterThan(30);
    expect(mentioned, 'queries whose mentions found a passage').toBeGreaterThan(30);
  });

  it('holds for around() and random()', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1200, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, u) => {
        index.around('f96Xrg4uNik', s, 2, 2).forEach(assertVerbatim);
        const h = index.random(undefined, () => u);
        if (h) assertVerbatim(h);
      }),
      { numRuns: 100 },
    );
  });
});
