import { describe, expect, it } from 'vitest';
import { buildIndexData } from '../../../src/search/index/index-data.ts';
import { searchParams } from '../../../src/search/params.ts';
import { Ranker, type RankRequest } from '../../../src/search/ranking/rank.ts';
import { QueryScratch } from '../../../src/search/ranking/scratch.ts';
import { stem } from '../../../src/search/text/stem.ts';
import { corpus, transcript } from '../helpers.ts';

describe('a deferred (late) synonym', () => {
  // "beta" is a synonym said in more than 1% of passages: deferred, it adds to the blocks an earlier term
  // reached and to no other. Here the earlier term ("alpha") weighs 0, so it reaches no block (adds nothing).
  const lines = Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? `the alpha thing number ${i}.` : i % 2 === 0 ? `a beta remark about things ${i}.` : `filler words here ${i}.`));
  const ts = [transcript('a', lines.map((text) => ({ text }))), transcript('b', lines.slice(10).map((text) => ({ text })))];
  const ranked = (block: number) => {
    const params = searchParams({ rank: { prune: 0, block, synonymCandidateShare: 0.01, synonymCandidateMinPostings: 1 } });
    const data = buildIndexData(corpus(...ts), params);
    const s = new QueryScratch(data.pTranscript.length, data.chunkTranscript.length, data.termIds.size, data.pBase.length - 1);
    const request: RankRequest = {
      terms: [
        { id: data.termIds.get(stem('alpha'))!, weight: 0, local: true, word: 0, synonym: false },
        { id: data.termIds.get(stem('beta'))!, weight: 1, local: true, word: 1, synonym: true },
      ],
      scope: { pFrom: 0, pTo: data.pTranscript.length, transcript: -1 },
      speakerFilter: -1,
      speakerBoost: -1,
      phrases: [],
    } as RankRequest;
    return new Ranker(data, params, ts).rank(request, s);
  };

  it('adds to a block an earlier term reached', () => {
    // "gamma" in the first passage; the deferred "beta" four passages on: in the same block, outside the
    // passage and its neighbours. What beta adds to the first passage's score, with blocks against without.
    const filler = (i: number) => `plain words of line ${i} go on here until the end of it.`;
    const text = Array.from({ length: 200 }, (_, i) => (i === 0 ? 'the gamma thing is here and that is all.' : i === 16 || i % 40 === 20 ? 'a beta remark comes in here now.' : filler(i)));
    const near = [transcript('n', text.map((t) => ({ text: t })))];
    const added = (block: number): number => {
      const params = searchParams({ rank: { prune: 0, block, synonymCandidateShare: 0.01, synonymCandidateMinPostings: 1 } });
      const data = buildIndexData(corpus(...near), params);
      const s = new QueryScratch(data.pTranscript.length, data.chunkTranscript.length, data.termIds.size, data.pBase.length - 1);
      const gamma = { id: data.termIds.get(stem('gamma'))!, weight: 1, local: true, word: 0, synonym: false };
      const beta = { id: data.termIds.get(stem('beta'))!, weight: 1, local: true, word: 1, synonym: true };
      const scope = { pFrom: 0, pTo: data.pTranscript.length, transcript: -1 };
      const rank = (terms: RankRequest['terms']) => new Ranker(data, params, near).rank({ terms, scope, speakerFilter: -1, speakerBoost: -1, phrases: [] } as RankRequest, s);
      const [first] = rank([gamma]);
      return rank([gamma, beta]).find((r) => r.id === first!.id)!.score - first!.score;
    };
    expect(added(0.4)).toBeGreaterThan(added(0) + 0.1);
  });

  it('adds nothing to a block no earlier term reached', () => {
    const withBlocks = ranked(0.4);
    expect(withBlocks.length).toBeGreaterThan(0);
    expect(withBlocks).toEqual(ranked(0));
  });
});
