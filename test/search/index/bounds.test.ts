/**
 * TermBounds: every stored bound holds (checked against a brute-force computation of what each term adds to
 * every passage), is not far above the real maximum, and survives the index snapshot.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import type { Corpus } from '../../../src/corpus/types.ts';
import { buildIndex, indexDataOf } from '../../../src/search/index.ts';
import { saturated } from '../../../src/search/index/bm25.ts';
import { TermBounds, unitsOf } from '../../../src/search/index/bounds.ts';
import { buildIndexData, type IndexData } from '../../../src/search/index/index-data.ts';
import { searchParams } from '../../../src/search/params.ts';
import { fromTransfer, toTransfer } from '../../../src/search/persist/transfer.ts';
import { BUNDLED_DIR } from '../../fuzz/hostile.ts';

/** What term `term` adds (per unit of IDF) to each passage's first-pass score, by the definition. */
function contributions(data: IndexData, term: number, neighbors: number, block: number): Float64Array {
  const { bm25, pTranscript, pChunk, blockLo, blockHi, blockNorm } = data;
  const numP = pTranscript.length;
  const k1p = bm25.k1 + 1;
  const sat = new Float64Array(numP);
  const chunkTf = new Float64Array(blockLo.length);
  for (let k = bm25.offsets[term]!; k < bm25.offsets[term + 1]!; k++) {
    const d = bm25.docs[k]!;
    sat[d] = saturated(1, bm25.tfs[k]!, k1p, bm25.norm[d]!);
    chunkTf[pChunk[d]!]! += bm25.tfs[k]!;
  }
  const out = new Float64Array(numP);
  for (let p = 0; p < numP; p++) {
    const c = pChunk[p]!;
    let tf = 0;
    for (let j = blockLo[c]!; j <= blockHi[c]!; j++) tf += chunkTf[j]!;
    const around = (p > 0 && pTranscript[p - 1] === pTranscript[p] ? sat[p - 1]! : 0) + (p + 1 < numP && pTranscript[p + 1] === pTranscript[p] ? sat[p + 1]! : 0);
    out[p] = sat[p]! + neighbors * around + block * saturated(1, tf, k1p, blockNorm[c]!);
  }
  return out;
}

/** The stored bound of `term` at each passage of the transcripts that say it (-1 elsewhere). */
function stored(data: IndexData, b: TermBounds, term: number): Float64Array {
  const { pBase } = data;
  const { pUnit, unitBase } = unitsOf(data, b.unitPassages);
  expect(unitBase).toEqual(b.unitBase);
  const out = new Float64Array(data.pTranscript.length).fill(-1);
  const extra = new Map<number, number>();
  for (let j = b.unitOffsets[term]!; j < b.unitOffsets[term + 1]!; j++) extra.set(b.units[j]!, b.value(b.unitCodes[j]!));
  for (let k = b.offsets[term]!; k < b.offsets[term + 1]!; k++) {
    const t = b.transcripts[k]!;
    expect(data.pTranscript[data.bm25.docs[b.starts[k]!]!]).toBe(t);
    for (let p = pBase[t]!; p < pBase[t + 1]!; p++) out[p] = b.value(b.transcriptCodes[k]!) + (extra.get(pUnit[p]!) ?? 0);
  }
  return out;
}

describe('TermBounds', () => {
  let data: IndexData;
  let fixtures: Corpus;
  beforeAll(async () => {
    fixtures = await loadCorpus('test/fixtures/search/corpus');
    data = buildIndexData(fixtures, searchParams({ rank: { pruneMinPassages: 0 } }));
  });

  it('bounds what every term adds to every passage of the transcripts saying it, within a few percent of the best', () => {
    const b = data.bounds!;
    const { neighbors, block } = searchParams().rank;
    let checked = 0;
    for (let term = 0; term < data.termIds.size; term++) {
      if (data.bm25.df(term) === 0) continue;
      const real = contributions(data, term, neighbors, block);
      const bound = stored(data, b, term);
      let best = 0;
      let bestBound = 0;
      for (let p = 0; p < real.length; p++) {
        if (real[p]! > 0) expect(bound[p], `term ${term} passage ${p}`).toBeGreaterThanOrEqual(real[p]!);
        if (bound[p]! >= 0) {
          best = Math.max(best, real[p]!);
          bestBound = Math.max(bestBound, bound[p]!);
        }
      }
      // The best passage's bound is its value rounded up, not a loose ceiling.
      expect(bestBound).toBeLessThanOrEqual(best * 1.001 + 1e-3);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('built in steps of a few postings, yields between steps and ends with the same bounds as one build', () => {
    const rank = searchParams().rank;
    const run = (postingsPerStep: number) => {
      const steps = TermBounds.steps(data.bm25, data, rank, postingsPerStep);
      let yielded = 0;
      let next = steps.next();
      for (; !next.done; next = steps.next()) yielded++;
      return { yielded, bounds: next.value };
    };
    const postings = data.bm25.docs.length;
    const small = run(5);
    // A step ends at the first term past its share: about postings / 5 steps (a term is never split).
    expect(small.yielded).toBeGreaterThan(postings / 5 / 4);
    expect(run(Infinity).yielded).toBe(0);
    expect({ ...small.bounds }).toEqual({ ...TermBounds.build(data.bm25, data, rank) });
    expect({ ...small.bounds }).toEqual({ ...data.bounds! });
  });

  it('is built only for a corpus of pruneMinPassages or more', () => {
    expect(buildIndexData(fixtures, searchParams()).bounds).toBeUndefined();
    expect(buildIndexData(fixtures, searchParams({ rank: { pruneMinPassages: data.pTranscript.length } })).bounds).toBeDefined();
  });

  it('comes back from the snapshot (transfer form) as the same bounds', async () => {
    const original = buildIndex(await loadCorpus(BUNDLED_DIR), { rank: { pruneMinPassages: 0 } });
    const restored = await fromTransfer(toTransfer(original, 'k').snapshot, 'k', async () => {});
    const before = indexDataOf(original)!.data.bounds!;
    const after = indexDataOf(restored)!.data.bounds!;
    expect(after).toBeInstanceOf(TermBounds);
    expect(after.units.length).toBeGreaterThan(0);
    expect({ ...after }).toEqual({ ...before });
    expect(after.value(100)).toBe(before.value(100));
  });
});
