/**
 * Score bounds of each term per transcript and per unit, for the pruned ranking (`src/search/ranking/prune.ts`).
 *
 * What a term adds to the first-pass score of a passage p, per unit of its IDF x query weight, is
 * `sat(p) + neighbors x (sat(p - 1) + sat(p + 1)) + block x blockSat(chunk of p)` (`sat`: the passage's BM25
 * saturation, 0 without the term; `blockSat`: its block's; neighbours only in the same transcript). A unit is
 * up to `pruneUnitPassages` consecutive passages of one chunk (so of one transcript), numbered in passage
 * order ({@link unitsOf}). Stored:
 *
 * - per transcript saying the term (`transcripts`): the most it adds to a passage of the transcript away from
 *   its postings, which is only its block's part (`transcriptCodes`), and where the term's postings in the
 *   transcript start (`starts`, an index into `bm25.docs`, so ranking one transcript needs no search); CSR
 *   by term in `offsets`, transcripts ascending;
 * - per unit at or next to one of the term's postings (`units`): how much more than that it adds to a passage
 *   of the unit (`unitCodes`, 0 when not more); CSR by term in `unitOffsets`, units ascending;
 * - per transcript, its first unit (`unitBase`, length transcripts + 1).
 *
 * So the most a term adds to a passage of transcript t in unit u is its transcript value plus its unit
 * value (when u is listed). Units smaller than chunks make the sum over a query's terms tighter: terms said in
 * different passages of a chunk no longer add up as if said in one.
 *
 * A value is a 16-bit code rounded up (`code x scale / 65535` >= the value). Built with the `neighbors` and
 * `block` weights it records; a ranker with other weights does not prune.
 *
 * @example
 * const bounds = TermBounds.build(data.bm25, data, params.rank);
 * bounds.value(bounds.unitCodes[k]) // the term's bound in unit bounds.units[k], per unit of IDF x weight
 */
import type { Bm25Index } from './bm25.ts';
import { saturated } from './bm25.ts';
import { GrowableInt32 } from './growable.ts';

/** What {@link TermBounds.build} reads from the index data. */
export interface BoundsInput {
  pTranscript: Int32Array;
  pBase: Int32Array;
  pChunk: Int32Array;
  blockLo: Int32Array;
  blockHi: Int32Array;
  blockNorm: Float64Array;
}

const CODE_MAX = 65535;

/** The weights bounds are built for: the first pass's `neighbors` and `block`, and the unit size `pruneUnitPassages`. */
export interface BoundsWeights {
  neighbors: number;
  block: number;
  pruneUnitPassages: number;
}

/**
 * Each passage's unit (up to `size` consecutive passages of one chunk, numbered in passage order) and each
 * transcript's first unit (length transcripts + 1).
 *
 * @example const { pUnit, unitBase } = unitsOf(data, 3);
 */
export function unitsOf(data: Pick<BoundsInput, 'pChunk' | 'pBase'>, size: number): { pUnit: Int32Array; unitBase: Int32Array } {
  const { pChunk, pBase } = data;
  const pUnit = new Int32Array(pChunk.length);
  const numTranscripts = pBase.length - 1;
  const unitBase = new Int32Array(numTranscripts + 1);
  let unit = -1;
  let inUnit = 0;
  let t = 0;
  for (let p = 0; p < pChunk.length; p++) {
    while (t < numTranscripts && pBase[t + 1]! <= p) unitBase[++t] = unit + 1;
    if (p === 0 || pChunk[p] !== pChunk[p - 1] || inUnit >= size) {
      unit++;
      inUnit = 0;
    }
    pUnit[p] = unit;
    inUnit++;
  }
  while (t < numTranscripts) unitBase[++t] = unit + 1;
  return { pUnit, unitBase };
}

export class TermBounds {
  constructor(
    /** Per term, its first transcript entry (length terms + 1). */
    readonly offsets: Int32Array,
    /** Per transcript entry, the transcript. */
    readonly transcripts: Int32Array,
    /** Per transcript entry, the term's first posting in the transcript (an index into `bm25.docs`). */
    readonly starts: Int32Array,
    /** Per transcript entry, the term's bound at a passage of it outside its chunk entries (the block part). */
    readonly transcriptCodes: Uint16Array,
    /** Per term, its first unit entry (length terms + 1). */
    readonly unitOffsets: Int32Array,
    /** Per unit entry, the unit. */
    readonly units: Int32Array,
    /** Per unit entry, how much the term's bound at a passage of that unit exceeds its transcript entry's. */
    readonly unitCodes: Uint16Array,
    /** Per transcript, its first unit (length transcripts + 1). */
    readonly unitBase: Int32Array,
    /** What code 65535 stands for: the largest value possible with these weights. */
    readonly scale: number,
    /** The `neighbors` weight the bounds were computed with. */
    readonly neighbors: number,
    /** The `block` weight the bounds were computed with. */
    readonly block: number,
    /** Passages per unit (at most). */
    readonly unitPassages: number,
  ) {}

  /** The value (per unit of IDF x query weight) a code stands for. */
  value(code: number): number {
    return (code * this.scale) / CODE_MAX;
  }

  /** Builds the bounds of every term of `bm25` for the `neighbors` and `block` weights (both >= 0). */
  static build(bm25: Bm25Index, data: BoundsInput, weights: BoundsWeights): TermBounds {
    return drain(TermBounds.steps(bm25, data, weights, Infinity));
  }

  /**
   * {@link build} cut into synchronous steps of about `postingsPerStep` postings each (one step per `next()`,
   * the bounds as the generator's return value), for a caller that gives the event loop a turn between two.
   *
   * @example const steps = TermBounds.steps(bm25, data, weights, 50_000); let r; while (!(r = steps.next()).done) await pause();
   */
  static *steps(bm25: Bm25Index, data: BoundsInput, weights: BoundsWeights, postingsPerStep: number): Generator<void, TermBounds> {
    const k1p = bm25.k1 + 1;
    const scale = (1 + 2 * weights.neighbors + weights.block) * k1p;
    const code = (v: number): number => Math.min(CODE_MAX, Math.ceil((v / scale) * CODE_MAX * (1 + 1e-9)));
    const numTerms = bm25.offsets.length - 1;
    const offsets = new Int32Array(numTerms + 1);
    const unitOffsets = new Int32Array(numTerms + 1);
    const transcripts = new GrowableInt32(1 << 16);
    const starts = new GrowableInt32(1 << 16);
    const transcriptCodes = new GrowableInt32(1 << 16);
    const units = new GrowableInt32(1 << 16);
    const unitCodes = new GrowableInt32(1 << 16);
    const unitSize = Math.max(1, Math.floor(weights.pruneUnitPassages));
    const { pUnit, unitBase } = unitsOf(data, unitSize);
    const work = new BoundWork(bm25, data, pUnit, unitBase[unitBase.length - 1]!, weights, k1p);
    let stepEnd = postingsPerStep;
    for (let term = 0; term < numTerms; term++) {
      const end = bm25.offsets[term + 1]!;
      let k = bm25.offsets[term]!;
      while (k < end) {
        // Steps end between two transcripts' runs of postings, inside a term too: a common word's postings
        // (millions at 10,000 hours) are no single step.
        if (k >= stepEnd) {
          yield;
          stepEnd = k + postingsPerStep;
        }
        const t = data.pTranscript[bm25.docs[k]!]!;
        let runEnd = k + 1;
        while (runEnd < end && data.pTranscript[bm25.docs[runEnd]!] === t) runEnd++;
        transcripts.push(t);
        starts.push(k);
        const away = work.run(k, runEnd);
        const awayCode = code(away);
        transcriptCodes.push(awayCode);
        for (let i = 0; i < work.numListed; i++) {
          units.push(work.listed[i]!);
          // Rounded up over the transcript entry as stored (its code), so the sum still bounds the value.
          unitCodes.push(code(Math.max(0, work.unitMax[work.listed[i]!]! - (awayCode * scale) / CODE_MAX)));
        }
        work.clear();
        k = runEnd;
      }
      offsets[term + 1] = starts.length;
      unitOffsets[term + 1] = units.length;
    }
    return new TermBounds(
      offsets, transcripts.toArray(), starts.toArray(), Uint16Array.from(transcriptCodes.toArray()),
      unitOffsets, units.toArray(), Uint16Array.from(unitCodes.toArray()), unitBase,
      scale, weights.neighbors, weights.block, unitSize,
    );
  }
}

/** The per-chunk and per-unit buffers of {@link TermBounds.build} for one transcript's postings of one term at a time. */
class BoundWork {
  private readonly chunkTf: Float64Array;
  /** Per chunk: the block saturation of the chunk's block (for the current run). */
  private readonly chunkSat: Float64Array;
  /** Per unit: the term's bound at a passage of the unit; -1 when not listed. */
  readonly unitMax: Float64Array;
  /** Units with a bound, ascending. */
  readonly listed: Int32Array;
  numListed = 0;
  /** Blocks with a `chunkSat`. */
  private readonly blocks: Int32Array;
  private numBlocks = 0;
  /** Per posting of the run: its saturation. */
  private sats = new Float64Array(1024);

  constructor(
    private readonly bm25: Bm25Index,
    private readonly data: BoundsInput,
    private readonly pUnit: Int32Array,
    numUnits: number,
    private readonly weights: { neighbors: number; block: number },
    private readonly k1p: number,
  ) {
    const numChunks = data.blockLo.length;
    this.chunkTf = new Float64Array(numChunks);
    this.chunkSat = new Float64Array(numChunks);
    this.unitMax = new Float64Array(numUnits).fill(-1);
    this.listed = new Int32Array(numUnits);
    this.blocks = new Int32Array(numChunks);
  }

  /**
   * Bounds of the postings `[from, to)` (one transcript's, of one term): lists the units at or next to them
   * with their bounds, and returns the bound at any other passage of the transcript (its best block's part).
   */
  run(from: number, to: number): number {
    const { docs, tfs, norm } = this.bm25;
    const { pTranscript } = this.data;
    const { neighbors, block } = this.weights;
    const best = block * this.blockSats(from, to);
    const t = pTranscript[docs[from]!]!;
    if (to - from > this.sats.length) this.sats = new Float64Array(2 * (to - from));
    const sats = this.sats;
    for (let k = from; k < to; k++) sats[k - from] = saturated(1, tfs[k]!, this.k1p, norm[docs[k]!]!);
    for (let k = from; k < to; k++) {
      const d = docs[k]!;
      const i = k - from;
      const prevAdjacent = k > from && docs[k - 1] === d - 1;
      const nextAdjacent = k + 1 < to && docs[k + 1] === d + 1;
      // p = d: its own sat and its neighbours' (postings k - 1 and k + 1 when adjacent).
      this.note(d, sats[i]! + neighbors * ((prevAdjacent ? sats[i - 1]! : 0) + (nextAdjacent ? sats[i + 1]! : 0)));
      // p = d - 1 and d + 1 when they have no posting of their own (else they are valued as their own p = d).
      if (!prevAdjacent && d > 0 && pTranscript[d - 1] === t) {
        const before = k > from && docs[k - 1] === d - 2 ? sats[i - 1]! : 0;
        this.note(d - 1, neighbors * (before + sats[i]!));
      }
      if (!nextAdjacent && d + 1 < pTranscript.length && pTranscript[d + 1] === t) {
        const after = k + 1 < to && docs[k + 1] === d + 2 ? sats[i + 1]! : 0;
        this.note(d + 1, neighbors * (after + sats[i]!));
      }
    }
    // Passages are valued in ascending order (d - 1, d, d + 1, then the next posting's), so units are listed ascending.
    return best;
  }

  /** Raises the bound of passage p's unit to p's value (passage part v plus its chunk's block part). */
  private note(p: number, v: number): void {
    const value = v + this.weights.block * this.chunkSat[this.data.pChunk[p]!]!;
    const u = this.pUnit[p]!;
    if (this.unitMax[u]! < 0) this.listed[this.numListed++] = u;
    if (value > this.unitMax[u]!) this.unitMax[u] = value;
  }

  /** Clears the listed units and the block values. */
  clear(): void {
    for (let i = 0; i < this.numListed; i++) this.unitMax[this.listed[i]!] = -1;
    this.numListed = 0;
    for (let i = 0; i < this.numBlocks; i++) this.chunkSat[this.blocks[i]!] = 0;
    this.numBlocks = 0;
  }

  /**
   * Sets `chunkSat[w]` for every block w holding one of the postings `[from, to)` (a block's term frequency
   * is the sum over its chunks) and returns the best.
   */
  private blockSats(from: number, to: number): number {
    const { docs, tfs } = this.bm25;
    const { pChunk, blockLo, blockHi, blockNorm } = this.data;
    const { chunkTf, chunkSat } = this;
    for (let k = from; k < to; k++) chunkTf[pChunk[docs[k]!]!]! += tfs[k]!;
    let best = 0;
    let next = -1;
    for (let k = from; k < to; k++) {
      const c = pChunk[docs[k]!]!;
      for (let w = Math.max(blockLo[c]!, next); w <= blockHi[c]!; w++) {
        let tf = 0;
        for (let j = blockLo[w]!; j <= blockHi[w]!; j++) tf += chunkTf[j]!;
        const v = saturated(1, tf, this.k1p, blockNorm[w]!);
        chunkSat[w] = v;
        this.blocks[this.numBlocks++] = w;
        if (v > best) best = v;
      }
      next = Math.max(next, blockHi[c]! + 1);
    }
    for (let k = from; k < to; k++) chunkTf[pChunk[docs[k]!]!] = 0;
    return best;
  }
}

/** Runs a generator of synchronous steps to its end, in one go, and returns its value. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
