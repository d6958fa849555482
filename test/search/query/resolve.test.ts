/**
 * Query-word resolution (src/search/query/resolve.ts), seen through `search`: which words were searched
 * (`terms`) and which were corrected, on a small made-up talk.
 */
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/search/index.ts';
import { corpus, transcript } from '../helpers.ts';

const talk = transcript('t1', [
  { text: 'We started with pre-training on a huge data set, and the data set was hard.' },
  { text: 'Then the imet data set arrived and the network learned to fit the images.' },
  { text: 'Bayesian methods were popular; the basian models looked elegant on paper.' },
  { text: 'People at open AI believed in scale. The slides were in color.' },
]);
const index = buildIndex(corpus(talk));
const resolved = (q: string) => {
  const r = index.search(q);
  return { terms: r.terms, corrected: r.corrected, found: r.hits.length > 0 };
};

describe('query word resolution', () => {
  it('searches a word by its own stem when it is said', () => {
    expect(resolved('network').terms).toEqual(['network']);
  });
  it('splits a compound said as two words, before any typo correction', () => {
    expect(resolved('pretraining')).toEqual({ terms: ['pre', 'training'], corrected: {}, found: true });
    expect(resolved('openai').terms).toEqual(['open', 'ai']);
  });
  it('corrects typos, but not an everyday word into another word two edits away', () => {
    expect(resolved('netwrok').corrected).toEqual({ netwrok: 'network' });
    expect(resolved('colour').found).toBe(true); // WordNet: colour ~ color
    // "fruit" is two edits from "fit", which is said: no correction, nothing found.
    expect(resolved('fruit')).toEqual({ terms: [], corrected: {}, found: false });
  });
  it('matches caption look-alikes of rare words only, keeping the first letter', () => {
    expect(resolved('imagenet').terms).toEqual(expect.arrayContaining(['imet']));
    expect(resolved('bananas')).toEqual({ terms: [], corrected: {}, found: false });
  });
});
