import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/search/index.ts';
import { generalRank, generalRarity, keyWordIndex } from '../../../src/search/query/relevance.ts';
import { corpus, transcript } from '../helpers.ts';

describe('generalRarity', () => {
  it('ranks everyday spoken words as common and technical terms or names as rare', () => {
    expect(generalRarity('help')).toBeLessThan(generalRarity('budget'));
    expect(generalRarity('budget')).toBeLessThan(generalRarity('reinforcement'));
    // Not in the list at all: rarer than any listed word.
    expect(generalRarity('gpus')).toBeGreaterThan(generalRarity('reinforcement'));
    expect(generalRarity('gpus')).toBe(generalRarity('imagenet'));
  });
});

describe('generalRank', () => {
  it('ranks words by their order in the list, lower-cased, first occurrence', () => {
    expect(generalRank('you')).toBe(1);
    expect(generalRank('i')).toBe(2);
    expect(generalRank('I')).toBe(Infinity);
    expect(generalRank('help')).toBeLessThan(generalRank('budget'));
    expect(generalRank('gpus')).toBe(Infinity);
  });
});

describe('keyWordIndex', () => {
  it('picks the rarest matched word in general English, whatever the corpus IDF says', () => {
    expect(keyWordIndex(['gpus', 'help'], [true, true], [2.2, 3.3])).toBe(0);
    expect(keyWordIndex(['help', 'gpus'], [true, true], [3.3, 2.2])).toBe(1);
  });
  it('skips words that matched nothing and breaks near-ties by corpus IDF', () => {
    expect(keyWordIndex(['gpus', 'help'], [false, true], [0, 3.3])).toBe(1);
    expect(keyWordIndex(['gpus', 'imagenet'], [true, true], [1, 2])).toBe(1);
    expect(keyWordIndex(['gpus'], [false], [0])).toBe(-1);
  });
});

// One talk in which "help" is said once and "gpu" several times: by corpus IDF alone, "help" looks like the
// more specific word. Each speaker turn is a passage; filler turns keep the moments apart.
const filler = (i: number) => ({
  text: `Filler turn ${i} about the weather: the trains ran late again, the hiking boots stayed wet for days, the mountains were cold in spring, the lakes froze twice, the village bakery closed early, and the long walk home took most of the evening every single time we tried.`,
  speaker: i % 2 ? 'Ann' : 'Bob',
});
const talk = transcript('talkAAAAAAA', [
  { text: 'We bought our first GPU in 2010 and the GPU made training fast, much faster than before.', speaker: 'Cy' },
  filler(1), filler(2), filler(3), filler(4), filler(5),
  { text: 'Another GPU arrived later and we trained bigger networks on the GPU cluster all year.', speaker: 'Cy' },
  filler(6), filler(7), filler(8), filler(9), filler(10),
  { text: 'Completely unrelated: the cafeteria staff were always very helpful and kind to visitors.', speaker: 'Cy' },
  filler(11), filler(12), filler(13), filler(14), filler(15),
  { text: 'Budgets were small, so we wrote our own kernels for every GPU we could find anywhere.', speaker: 'Cy' },
  filler(16), filler(17), filler(18), filler(19), filler(20),
  { text: 'Clusters and budgets, weather permitting: this turn holds three words of the question but not its rarest.', speaker: 'Cy' },
]);
const index = buildIndex(corpus(talk));

describe('SearchOptions relevance floor', () => {
  it('is off by default: a passage that only says "helpful" is still listed', () => {
    const r = index.search('how did GPUs help?', { limit: 10 });
    expect(r.hits.some((h) => /helpful/.test(h.text) && !/gpu/i.test(h.text))).toBe(true);
  });
  it('requireKeyWord drops results without the most specific word, and total counts only what is kept', () => {
    const all = index.search('how did GPUs help?', { limit: 10 });
    const r = index.search('how did GPUs help?', { limit: 10, requireKeyWord: true });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.length).toBeLessThan(all.hits.length);
    for (const h of r.hits) expect(h.text).toMatch(/gpu/i);
    expect(r.total).toBe(r.hits.length);
    // Paging over the kept results agrees with the total.
    const page2 = index.search('how did GPUs help?', { limit: 1, offset: 1, requireKeyWord: true });
    expect(page2.total).toBe(r.total);
    expect(page2.hits[0]?.text).toBe(r.hits[1]?.text);
  });
  it('keeps results holding half of a longer query even without its key word', () => {
    // "kernels" is the rarest word; the last turn lacks it but holds three of the four words.
    const all = index.search('kernels clusters weather budgets', { limit: 30 });
    const r = index.search('kernels clusters weather budgets', { limit: 30, requireKeyWord: true });
    expect(r.hits.some((h) => /weather permitting/.test(h.text))).toBe(true);
    expect(r.hits.some((h) => /kernels/.test(h.text))).toBe(true);
    // Moments of filler turns only (they say "weather", one word of four) are gone.
    const onlyFiller = (h: { text: string }) => !/kernel|cluster|budget/i.test(h.text);
    expect(all.hits.some(onlyFiller)).toBe(true);
    expect(r.hits.some(onlyFiller)).toBe(false);
    expect(r.total).toBe(r.hits.length);
  });
  it('minRelative drops results scoring below that share of the best', () => {
    const all = index.search('gpu trains', { limit: 10 });
    const best = all.hits[0]!.score;
    const r = index.search('gpu trains', { limit: 10, minRelative: 0.6 });
    expect(r.hits.length).toBeGreaterThan(0);
    for (const h of r.hits) expect(h.score).toBeGreaterThanOrEqual(0.6 * best);
    expect(r.hits.length).toBe(all.hits.filter((h) => h.score >= 0.6 * best).length);
    expect(r.total).toBe(r.hits.length);
  });
  it('mentions() of words never said together lists every moment of the most specific one', () => {
    // No passage says "gpus help": the timeline is that of "gpus", with or without requireKeyWord.
    for (const r of [index.mentions('how did GPUs help?'), index.mentions('how did GPUs help?', { requireKeyWord: true })]) {
      expect(r.hits.length).toBeGreaterThan(0);
      for (const h of r.hits) expect(h.text).toMatch(/gpu/i);
    }
  });
});
