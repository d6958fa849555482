/**
 * The pruned ranking's second thread: with it, random queries rank exactly as one thread scoring every
 * passage; an index restored into shared memory starts it, one built in this thread does not; and a thread
 * that fails or does not answer changes no answer (its transcripts are ranked on the calling thread), says
 * why in a process warning and is not used again.
 */
import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex, indexDataOf } from '../../../src/search/index.ts';
import type { IndexData } from '../../../src/search/index/index-data.ts';
import { searchParams } from '../../../src/search/params.ts';
import { fromTransfer, toTransfer } from '../../../src/search/persist/transfer.ts';
import { Ranker, type RankRequest, type Ranked } from '../../../src/search/ranking/rank.ts';
import { RankThread } from '../../../src/search/ranking/rank-thread.ts';
import { QueryScratch } from '../../../src/search/ranking/scratch.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { generated, requests } from './generated.ts';

// As prune.test.ts: a shallow re-rank depth and no postings floor, so pruning runs and skips transcripts on a
// small corpus, and a second thread from any size.
const params = searchParams({
  rank: { rerankDepth: 6, pruneMinPostings: 0, pruneMinPassages: 0, rankThreadMinPassages: 0, rankThreadTimeoutMs: 2000, chapterTitle: 4, synonymCandidateShare: 0.02, synonymCandidateMinPostings: 10 },
});
const corpus = generated();
const fixture = (name: string): URL => new URL(`../../fixtures/ranking/${name}`, import.meta.url);

const rank = (r: Ranker, req: RankRequest, s: QueryScratch): Ranked[] => {
  const out = r.rank(req, s);
  s.clearTermBits(req.terms);
  return out;
};

/** Waits (letting the event loop run) until `ready` holds, at most 20 s. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ready()).toBe(true);
}

// A second thread needs a second core (RankThread.start declines on one).
describe.skipIf(availableParallelism() < 2)('ranking thread', () => {
  let restored: SearchIndex;
  let data: IndexData;
  let scratch: QueryScratch;
  let off: Ranker;
  let request: RankRequest;
  const started: Ranker[] = [];

  /** A ranker over the restored (shared) arrays whose first pruned ranking starts a thread on `module`, ready. */
  async function withThread(module?: URL): Promise<Ranker> {
    const ranker = new Ranker(data, params, corpus.transcripts);
    ranker.startHelper = (chapters) => RankThread.start(ranker, data, params, chapters, module);
    rank(ranker, request, scratch);
    await until(() => ranker.threads === 2);
    started.push(ranker);
    return ranker;
  }

  beforeAll(async () => {
    const built = buildIndex(corpus, params);
    restored = await fromTransfer(toTransfer(built, 'k').snapshot, 'k', async () => {});
    data = indexDataOf(restored)!.data;
    scratch = new QueryScratch(data.pTranscript.length, data.chunkTranscript.length, data.termIds.size, data.pBase.length - 1);
    off = new Ranker(data, searchParams({ rank: { ...params.rank, prune: 0 } }), corpus.transcripts);
    request = fc.sample(requests(data), { numRuns: 1, seed: 1 })[0]!;
  });

  afterAll(() => {
    for (const r of started) (r as unknown as { helper?: RankThread }).helper?.stop();
  });

  it('ranks exactly as one thread scoring every passage, on random queries', async () => {
    const two = await withThread();
    let both = 0;
    fc.assert(
      fc.property(requests(data), (req) => {
        two.lastPruned = undefined;
        expect(rank(two, req, scratch)).toEqual(rank(off, req, scratch));
        if ((two.lastPruned as Ranker['lastPruned'])?.threads === 2) both++;
      }),
      { numRuns: 300, seed: 20261206 },
    );
    // Every pruned ranking used both threads.
    expect(both).toBeGreaterThan(250);
    expect(two.threads).toBe(2);
  });

  it('starts for an index restored into shared memory or built with its ranking arrays there, and only where a second thread is wanted', async () => {
    const shared = (a: ArrayBufferView) => a.buffer instanceof SharedArrayBuffer;
    const wait = async (index: SearchIndex): Promise<Ranker> => {
      const ranker = (index as unknown as { ranker: Ranker }).ranker;
      index.search('wzaord wbaord', { limit: 5 });
      await until(() => ranker.threads === 2);
      started.push(ranker);
      return ranker;
    };
    const restoredRanker = await wait(restored);
    // A collection view shares the index's ranker: closing the view leaves the thread running.
    restored.within(['no such collection']).close?.();
    expect(restoredRanker.threads).toBe(2);
    const built = buildIndex(corpus, params);
    const builtData = indexDataOf(built)!.data;
    for (const a of [builtData.bm25.docs, builtData.bm25.tfs, builtData.bm25.norm, builtData.pTranscript, builtData.pChunk, builtData.blockNorm, builtData.bounds!.units]) expect(shared(a)).toBe(true);
    await wait(built);
    // One thread wanted: a build leaves its arrays where they are, and no thread starts.
    const one = searchParams({ rank: { ...params.rank, rankThreads: 1 } });
    const single = buildIndex(corpus, one);
    expect(shared(indexDataOf(single)!.data.bm25.docs)).toBe(false);
    expect(RankThread.start({}, indexDataOf(single)!.data, params, undefined)).toBeUndefined();
    expect(RankThread.start({}, data, one, undefined)).toBeUndefined();
    expect(RankThread.start({}, data, searchParams({ rank: { ...params.rank, rankThreadMinPassages: data.pTranscript.length + 1 } }), undefined)).toBeUndefined();
  });

  it("drops the thread's answer to a query whose own half failed, and goes on with both threads", async () => {
    const two = await withThread();
    const own = two.rankTranscripts.bind(two);
    let fail = true;
    two.rankTranscripts = (...args: Parameters<Ranker['rankTranscripts']>) => {
      if (fail && args[5] === 0) {
        fail = false;
        throw new Error('own half failed');
      }
      return own(...args);
    };
    expect(() => two.rank(request, scratch)).toThrow('own half failed');
    scratch.clearTermBits(request.terms);
    for (const req of fc.sample(requests(data), { numRuns: 30, seed: 11 })) {
      two.lastPruned = undefined;
      expect(rank(two, req, scratch)).toEqual(rank(off, req, scratch));
      expect((two.lastPruned as Ranker['lastPruned'])?.threads).toBe(2);
    }
  });

  it('stops its thread when closed, and ranks the same on one thread', async () => {
    const closing = await withThread();
    const thread = (closing as unknown as { helper: RankThread }).helper;
    const stop = vi.spyOn(thread, 'stop');
    closing.close();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(closing.threads).toBe(1);
    for (const req of fc.sample(requests(data), { numRuns: 20, seed: 13 })) expect(rank(closing, req, scratch)).toEqual(rank(off, req, scratch));
    expect(closing.threads).toBe(1);
  });

  it.each([
    ['fails', 'failing-rank-worker.ts', /stand-in ranking failure/],
    ['gives no answer in time', 'silent-rank-worker.ts', /no answer within 2000 ms/],
    ['answers another query', 'stale-rank-worker.ts', /answered query 0 for query 1/],
    ['exits', 'exiting-rank-worker.ts', /exited \(code 3\)/],
  ])('ranks a query whose thread %s on the calling thread, warns once and stops using it', async (_, module, why) => {
    const warnings: string[] = [];
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation((w) => void warnings.push(String(w)));
    try {
      const broken = await withThread(fixture(module));
      const reqs = fc.sample(requests(data), { numRuns: 20, seed: 7 });
      for (const req of reqs) expect(rank(broken, req, scratch)).toEqual(rank(off, req, scratch));
      // The failure's message arrives through the event loop.
      await until(() => warnings.length > 0);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(why);
      expect(broken.threads).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
