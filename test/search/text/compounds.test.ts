import { describe, expect, it } from 'vitest';
import { attestedCompound, type TokenView } from '../../../src/search/text/compounds.ts';
import { stem } from '../../../src/search/text/stem.ts';

/**
 * Two passages of one transcript: "we pre training data set" and "back data up back" (as term ids), with
 * their postings written out by hand.
 */
function view(): TokenView {
  const words = ['we', 'pre', 'training', 'data', 'set', 'back', 'up'];
  const termIds = new Map(words.map((w, i) => [stem(w), i] as [string, number]));
  const offsets = Int32Array.from([0, 0, 1, 2, 4, 5, 6, 7]);
  const docs = Int32Array.from([0, 0, 0, 1, 0, 1, 1]);
  return {
    termIds,
    termIsStop: [1, 0, 0, 0, 0, 0, 0],
    bm25: { offsets, docs, df: (t: number) => offsets[t + 1]! - offsets[t]! },
    tokTerm: [0, 1, 2, 3, 4, 5, 3, 6, 5],
    tokBase: [0, 9],
    pTokStart: [0, 5],
    pTokEnd: [5, 9],
    pTranscript: [0, 0],
  };
}

describe('attestedCompound', () => {
  it('splits a word into two words said one right after the other', () => {
    expect(attestedCompound('pretraining', view())).toEqual({ parts: ['pre', 'training'], count: 1, strength: 1 });
    expect(attestedCompound('dataset', view())).toEqual({ parts: ['data', 'set'], count: 1, strength: 1 });
  });
  it('needs the two words said together, in that order, and no stopwords', () => {
    expect(attestedCompound('setdata', view())).toBeUndefined();
    expect(attestedCompound('backup', view())).toBeUndefined(); // "back data up": not next to each other
    expect(attestedCompound('weset', view())).toBeUndefined();
  });
  it('skips splits whose rarer part is in too few passages when asked', () => {
    expect(attestedCompound('dataset', view(), 1)).toBeUndefined();
  });
});
