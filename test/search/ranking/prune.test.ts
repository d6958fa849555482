/**
 * The pruned first pass (transcript by transcript, best bound first) ranks exactly as scoring every passage:
 * a property over random queries on a generated corpus, with the same ranker run with pruning on and off.
 * A bound made too tight must break it (the property can fail).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { TermBounds } from '../../../src/search/index/bounds.ts';
import { buildIndexData, type IndexData } from '../../../src/search/index/index-data.ts';
import { searchParams, type SearchParams } from '../../../src/search/params.ts';
import { RANK_DEFAULTS, Ranker, type RankRequest, type Ranked } from '../../../src/search/ranking/rank.ts';
import { sortPrefix, TranscriptQueue } from '../../../src/search/ranking/prune.ts';
import { QueryScratch } from '../../../src/search/ranking/scratch.ts';
import { stem } from '../../../src/search/text/stem.ts';
import { corpus } from '../helpers.ts';
import { generated, requests, WORDS } from './generated.ts';
import { prng } from '../../../scripts/bench/queries.ts';

interface Setup {
  data: IndexData;
  on: Ranker;
  off: Ranker;
  scratch: QueryScratch;
}

function setup(data: IndexData, params: SearchParams, transcripts: ReturnType<typeof corpus>['transcripts']): Setup {
  const off = searchParams({ rank: { ...params.rank, prune: 0 } });
  return {
    data,
    on: new Ranker(data, params, transcripts),
    off: new Ranker(data, off, transcripts),
    scratch: new QueryScratch(data.pTranscript.length, data.chunkTranscript.length, data.termIds.size, data.pBase.length - 1),
  };
}

const lastPruned = (r: Ranker): Ranker['lastPruned'] => r.lastPruned;

const rank = (r: Ranker, req: RankRequest, s: QueryScratch): Ranked[] => {
  const out = r.rank(req, s);
  s.clearTermBits(req.terms);
  return out;
};

describe('pruned first pass', () => {
  const transcripts = generated().transcripts;
  // A shallow re-rank depth and no postings floor, so pruning runs and has transcripts to skip on a small corpus;
  // common synonyms deferred from 10 postings, so that path is pruned too.
  const params = searchParams({ rank: { rerankDepth: 6, pruneMinPostings: 0, pruneMinPassages: 0, chapterTitle: 4, synonymCandidateShare: 0.02, synonymCandidateMinPostings: 10 } });
  let s: Setup;
  beforeAll(() => {
    s = setup(buildIndexData(corpus(...transcripts), params), params, transcripts);
  });

  // Batches of 1: strictly best bound first; of 3: several batches, each in transcript order; the default (256):
  // every transcript of this small corpus in the first batch, in transcript order, the floor checked before each.
  it.each([1, 3, RANK_DEFAULTS.pruneBatch])('ranks exactly as scoring every passage, on random queries (batches of %i)', (pruneBatch) => {
    const on = new Ranker(s.data, searchParams({ rank: { ...params.rank, pruneBatch } }), transcripts);
    let listed = 0;
    let scored = 0;
    fc.assert(
      fc.property(requests(s.data), (req) => {
        on.lastPruned = undefined;
        const pruned = rank(on, req, s.scratch);
        expect(pruned).toEqual(rank(s.off, req, s.scratch));
        const stat = lastPruned(on);
        listed += stat?.listed ?? 0;
        scored += stat?.scored ?? 0;
      }),
      // A fixed seed: the share of transcripts skipped below varies with the queries drawn.
      { numRuns: 400, seed: 20261206 },
    );
    // The property means something only if pruning ran and skipped transcripts.
    expect(listed).toBeGreaterThan(1000);
    expect(scored).toBeLessThan(listed * 0.9);
  });

  it.each([0, -3, Number.NaN])('scores in batches of 1 when the batch size is %s (never no results)', (pruneBatch) => {
    const on = new Ranker(s.data, { ...params, rank: { ...params.rank, pruneBatch } }, transcripts);
    let found = 0;
    fc.assert(
      fc.property(requests(s.data), (req) => {
        const pruned = rank(on, req, s.scratch);
        expect(pruned).toEqual(rank(s.off, req, s.scratch));
        found += pruned.length;
      }),
      { numRuns: 40, seed: 20261206 },
    );
    expect(found).toBeGreaterThan(0);
  });

  it('differs from scoring every passage when the bound is too tight', () => {
    const b = s.data.bounds!;
    const tight = new TermBounds(b.offsets, b.transcripts, b.starts, b.transcriptCodes, b.unitOffsets, b.units, b.unitCodes, b.unitBase, b.scale * 0.7, b.neighbors, b.block, b.unitPassages);
    const broken = setup({ ...s.data, bounds: tight }, params, transcripts);
    let differ = 0;
    fc.assert(
      fc.property(requests(s.data), (req) => {
        if (JSON.stringify(rank(broken.on, req, broken.scratch)) !== JSON.stringify(rank(broken.off, req, broken.scratch))) differ++;
      }),
      { numRuns: 200, seed: 20261206 },
    );
    expect(differ).toBeGreaterThan(0);
  });

  it('is not used for one video, or below the postings or passages floor', () => {
    const one: RankRequest = { terms: [{ id: s.data.termIds.get(stem(WORDS[0]!))!, weight: 1, local: true, word: 0 }], scope: { pFrom: s.data.pBase[3]!, pTo: s.data.pBase[4]!, transcript: 3 }, speakerFilter: -1, speakerBoost: -1, phrases: [] };
    s.on.lastPruned = undefined;
    expect(rank(s.on, one, s.scratch)).toEqual(rank(s.off, one, s.scratch));
    expect(lastPruned(s.on)).toBeUndefined();
    const floor = searchParams({ rank: { ...params.rank, pruneMinPostings: 1e9 } });
    const high = new Ranker(s.data, floor, transcripts);
    rank(high, { ...one, scope: { pFrom: 0, pTo: s.data.pTranscript.length, transcript: -1 } }, s.scratch);
    expect(lastPruned(high)).toBeUndefined();
    const small = new Ranker(s.data, searchParams({ rank: { ...params.rank, pruneMinPassages: s.data.pTranscript.length + 1 } }), transcripts);
    rank(small, { ...one, scope: { pFrom: 0, pTo: s.data.pTranscript.length, transcript: -1 } }, s.scratch);
    expect(lastPruned(small)).toBeUndefined();
    const whole = new Ranker(s.data, params, transcripts);
    rank(whole, { ...one, scope: { pFrom: 0, pTo: s.data.pTranscript.length, transcript: -1 } }, s.scratch);
    expect(lastPruned(whole)).toBeDefined();
  });
});

describe('TranscriptQueue batches', () => {
  it('takes the best bounds at the floor, at most the batch size, in transcript order', () => {
    const transcripts = generated().transcripts;
    const params = searchParams({ rank: { pruneMinPostings: 0, pruneMinPassages: 0 } });
    const data = buildIndexData(corpus(...transcripts), params);
    const term = data.termIds.get(stem(WORDS[0]!))!;
    const queue = new TranscriptQueue(data.pBase.length - 1).fill(data.bounds!, [{ id: term, weight: 1 }], undefined, 0, 1);
    const bounds = Array.from({ length: queue.length }, () => 0);
    const all: number[] = [];
    for (let t = queue.pop(); t >= 0; t = queue.pop()) all.push(t);
    all.forEach((t, i) => (bounds[i] = queue.bound(t)));
    expect(all.length).toBeGreaterThan(10);
    queue.fill(data.bounds!, [{ id: term, weight: 1 }], undefined, 0, 1);
    const floor = bounds[Math.floor(all.length / 2)]!;
    const taken: number[] = [];
    for (let n = queue.popBatch(floor, 4); n > 0; n = queue.popBatch(floor, 4)) {
      expect(n).toBeLessThanOrEqual(4);
      const batch = Array.from(queue.batch.subarray(0, n));
      expect(batch).toEqual(batch.slice().sort((a, b) => a - b));
      taken.push(...batch);
    }
    // Exactly the transcripts whose bound reaches the floor.
    expect(taken.sort((a, b) => a - b)).toEqual(all.filter((t) => queue.bound(t) >= floor).sort((a, b) => a - b));
    expect(taken.length).toBeLessThan(all.length);
    queue.clear();
  });

  it('fills a range of transcripts [from, to) exactly as the full fill lists them there, bounds and starts', () => {
    const transcripts = generated().transcripts;
    const params = searchParams({ rank: { pruneMinPostings: 0, pruneMinPassages: 0 } });
    const data = buildIndexData(corpus(...transcripts), params);
    const numT = data.pBase.length - 1;
    const ids = WORDS.map((w) => data.termIds.get(stem(w))).filter((id): id is number => id !== undefined && data.bm25.df(id) > 0);
    const rand = prng(11);
    const queue = new TranscriptQueue(numT);
    /** What a fill lists: per listed transcript (ascending), its bound and each term's start there. */
    const listing = (terms: Array<{ id: number; weight: number }>, visible: Uint8Array | undefined, from?: number, to?: number) => {
      queue.fill(data.bounds!, terms, visible, 0.5, 1.25, from, to);
      const listed: number[] = [];
      for (let t = queue.pop(); t >= 0; t = queue.pop()) listed.push(t);
      return listed.sort((a, b) => a - b).map((t) => ({ t, bound: queue.bound(t), starts: terms.map((_, i) => queue.start(i, t)) }));
    };
    let compared = 0;
    for (let q = 0; q < 12; q++) {
      const terms = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({ id: ids[Math.floor(rand() * ids.length)]!, weight: 0.2 + rand() * 2 }));
      const visible = q % 3 === 2 ? Uint8Array.from({ length: numT }, () => (rand() < 0.7 ? 1 : 0)) : undefined;
      const full = listing(terms, visible);
      expect(full.length).toBeGreaterThan(0);
      for (let from = 0; from < numT; from++) {
        for (let to = from + 1; to <= numT; to++) {
          expect(listing(terms, visible, from, to)).toEqual(full.filter((e) => e.t >= from && e.t < to));
          compared++;
        }
      }
    }
    expect(compared).toBe(12 * ((numT * (numT + 1)) / 2));
  });

  it('sorts a prefix in place, short or long', () => {
    const rand = prng(5);
    for (const n of [0, 1, 2, 7, 32, 33, 200]) {
      const data = Int32Array.from({ length: n + 5 }, () => Math.floor(rand() * 50));
      const expected = [...Array.from(data.subarray(0, n)).sort((a, b) => a - b), ...Array.from(data.subarray(n))];
      sortPrefix(data, n);
      expect(Array.from(data)).toEqual(expected);
    }
  });
});
