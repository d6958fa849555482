/** Clean verbatim: every displayed quote is its exact source slice with only fillers and immediate repeats left out. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { storedText } from '../../../src/corpus/text.ts';
import { toQuote } from '../../../src/core/quote.ts';
import { buildIndex } from '../../../src/search/index.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { cleanVerbatim, FILLERS, MAX_REPEAT } from '../../../src/search/quotes/verbatim.ts';
import { tokenize } from '../../../src/search/verify/align.ts';

const norms = (text: string): string[] => tokenize(text).map((t) => t.norm);

/**
 * Checks that `shown` is `source` with only fillers and immediate repeats removed: the removed ranges, cut
 * out of the source, give exactly the shown text; a removed word is a filler, or copies the word one to
 * three words before it (an immediate repeat); every other word is kept, unchanged and in order.
 */
function assertCleanSlice(source: string, shown: string): void {
  const { text, removed } = cleanVerbatim(source);
  expect(text).toBe(shown);
  let rebuilt = '';
  let at = 0;
  for (const r of removed) {
    rebuilt += source.slice(at, Math.max(at, r.start));
    at = Math.max(at, r.end);
  }
  rebuilt += source.slice(at);
  expect(rebuilt).toBe(text);
  const words = tokenize(source);
  const inRemoved = (start: number) => removed.some((r) => start >= r.start && start < r.end);
  // Source words (a contraction is one word: its tokens share a start), kept or not.
  const units = [...new Map(words.map((w) => [w.start, words.filter((x) => x.start === w.start).map((x) => x.norm).join(' ')])).entries()];
  const kept: string[] = [];
  for (const [start, norm] of units) {
    if (!inRemoved(start)) {
      if (!FILLERS.has(norm)) kept.push(norm);
      continue;
    }
    if (FILLERS.has(norm)) continue;
    const copies = kept.slice(-MAX_REPEAT).includes(norm);
    expect(copies, `"${norm}" left out of "${source}" is neither a filler nor a repeat`).toBe(true);
  }
  // Nothing else changed: the words of the shown text are the source's words minus the removed ones.
  expect(norms(text)).toEqual(words.filter((w) => !inRemoved(w.start)).map((w) => w.norm));
}

describe('clean verbatim', () => {
  it('leaves out fillers and immediate repeats of one to three words, nothing else', () => {
    expect(cleanVerbatim('you had the you had the uh Insight that the GPU').text).toBe('you had the Insight that the GPU');
    expect(cleanVerbatim('the gpus appeared in our in our lab').text).toBe('the gpus appeared in our lab');
    expect(cleanVerbatim("there's a there's a there's a a misunderstanding that that uh chat GPT").text).toBe("there's a misunderstanding that chat GPT");
    expect(cleanVerbatim('so, uh, the thing um').text).toBe('so, the thing');
    expect(cleanVerbatim('a four word phrase a four word phrase').text).toBe('a four word phrase a four word phrase');
    expect(cleanVerbatim('Nothing to remove here.').text).toBe('Nothing to remove here.');
  });

  it('holds for random word strings with fillers and stutters (property)', () => {
    const word = fc.constantFrom('uh', 'um', 'the', 'gpu', 'in', 'our', 'lab', 'it', "it's", 'a', 'we', 'So,', 'model.');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), (ws) => {
        const source = ws.join(' ');
        assertCleanSlice(source, cleanVerbatim(source).text);
      }),
      { numRuns: 300 },
    );
  });

  describe('every displayed quote of the bundled transcript (property)', () => {
    let index: SearchIndex;
    let words: string[];
    beforeAll(async () => {
      index = buildIndex(await loadCorpus('transcripts'));
      words = [...new Set(index.corpus.transcripts.flatMap((t) => storedText(t).text.split(/\s+/)))].filter((w) => w.length > 3);
    });
    it('is its exact source slice with only fillers and repeats removed, "…" marking cuts', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 100_000 }), (i) => {
          for (const hit of index.search(words[i % words.length]!, { limit: 3 }).hits) {
            expect(hit.text).toBe(storedText(hit.transcript).text.slice(hit.charStart, hit.charEnd));
            const quote = toQuote(hit, index.params.bounds);
            const body = quote.display!.replace(/^…/, '').replace(/…$/, '');
            assertCleanSlice(hit.text, cleanVerbatim(hit.text).text);
            expect(body).toBe(cleanVerbatim(hit.text).text.trim());
            expect(toQuote(hit, index.params.bounds, 'exact').display!.replace(/^…/, '').replace(/…$/, '')).toBe(hit.text.trim());
          }
        }),
        { numRuns: 40 },
      );
    });
  });
});
