/**
 * Quality regression suite: questions, typos and caption misspellings on the bundled transcript and on this
 * area's fixtures, each asserting that the FIRST result covers the passage a person would want.
 * An expectation lists one or more anchors (verbatim text of the right passage); the first hit must
 * overlap one of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { storedText } from '../../src/corpus/text.ts';
import { buildIndex } from '../../src/search/index.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { expectAll } from '../helpers/expect-all.ts';

const seedCases: Array<[string, string[]]> = [
  ['How did GPUs help?', ['GTX 580', 'gpus appeared', 'great fit for the GPU']],
  ['gpsu', ['GTX 580', 'gpus appeared', 'great fit for the GPU']],
  ['what did he say about scaling laws?', ['about the scaling laws', 'intuition about the scaling law']],
  ['ImageNet', ['imet data set', 'image and data set']],
  ['what was the imagenet data set', ['imet data set', 'image and data set']],
  ['kernel methods', ['kernel methods']],
  ['bayesian models', ['basian models']],
  ['James Martens optimization breakthrough', ['James Martins']],
  ['unsupervised learning through compression', ['learning through compression', 'compression of the data will lead']],
  ['compresion', ['learning through compression', 'compression of the data will lead', 'compress the data']],
  ['realtime strategy game', ['realtime strategy game']],
  ['the sentiment neuron', ['sentiment neuron']],
  ['what did he say about predicting the next character', ['next character']],
  ['statistical correlations in text', ['statistical correlations']],
  ['"GTX 580"', ['GTX 580']],
  ['Toronto lab', ['Toronto lab']],
  ['what did Ilya think about bigger is better', ['bigger is better']],
  ['how many researchers were there in 2015', ['2015 2016']],
  ['chat gpt moment', ['chat GPT moment']],
  ['why is the convolutional network a good fit for the gpu', ['great fit for the GPU']],
  // Compounds typed as one word that the captions split: "pre-training", "open AI".
  ['pretraining', ['pre-training stage', 'pre-train on everything']],
  ['what was the first idea at openai', ['first initial idea about what to work on at openai', 'Initial Ideas at the start of open AI']],
];

const fixtureCases: Array<[string, string[]]> = [
  ['what did the industrial designer think about the buttons?', ['rubber buttons instead']],
  ['LCD screen', ['LCD display', 'LCD screen needs']],
  ['batery', ['kinetic battery', 'battery: kinetic']],
  ['what did marketing say about losing the remote', ['lose their remote control']],
  ['noise removal', ['noise removal']],
  ['what is the uncertainty principle', ['uncertainty principle']],
  ['how does the winding frequency find the signal', ['winding frequency matches']],
  ['price per unit', ['twelve euros fifty']],
];

function check(index: SearchIndex, query: string, anchors: string[]): void {
  const hit = index.search(query, { limit: 1 }).hits[0];
  expect(hit, `no result for ${query}`).toBeDefined();
  const text = storedText(hit!.transcript).text;
  const ok = anchors.some((a) => {
    for (let at = text.indexOf(a); at >= 0; at = text.indexOf(a, at + 1)) {
      if (at < hit!.charEnd && at + a.length > hit!.charStart) return true;
    }
    return false;
  });
  expect(ok, `"${query}" -> "${hit!.text}"`).toBe(true);
}

describe('quality on the bundled transcript', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = buildIndex(await loadCorpus('transcripts'));
  });
  it.each(seedCases)('%s', (query, anchors) => check(index, query, anchors));
  it('corrects typos it searched with', () => {
    const r = index.search('nueral netwrok');
    expect(r.corrected).toEqual({ nueral: 'neural', netwrok: 'network' });
    expect(r.hits[0]!.text).toMatch(/neural network/i);
  });
  it('answers nothing for everyday words nobody says, rather than a look-alike or a "typo" two letters away', () => {
    // The interview says "fidelity", "fit", "basian" and "big bang"; never "reliability", "fruit" or "bananas".
    for (const word of ['reliability', 'fruit', 'bananas']) {
      const r = index.search(`what does he think about ${word}?`);
      expect(r.hits, word).toEqual([]);
      expect(r.corrected, word).toEqual({});
      expect(r.subject, word).toBe(word);
    }
  });
  it('searches a compound typed as one word by the two words the captions say, not a "correction"', () => {
    const r = index.search('pretraining', { limit: 2 });
    expect(r.corrected).toEqual({});
    expectAll(r.hits.map((h) => h.text), (t) => /pre-train/.test(t));
    // "openai" is said once as one word and eight times as "open AI": both count.
    const open = index.search('openai', { limit: 3 }).hits;
    expect(open).toHaveLength(3);
    for (const h of open) expect(h.text).toMatch(/open ?ai/i);
  });
});

describe('quality on the search fixtures', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = buildIndex(await loadCorpus('test/fixtures/search/corpus'));
  });
  it.each(fixtureCases)('%s', (query, anchors) => check(index, query, anchors));
  it('reports the chapter of a hit', () => {
    expect(index.search('noise removal').hits[0]!.chapter).toBe('Sound and chords');
  });
});
