/**
 * The transcripts a query ranks, best bound first, for the pruned ranking (`Ranker.rankPruned`): each
 * transcript saying a query term gets an upper bound on the first-pass score of any of its passages, from the
 * index's per-transcript term bounds ({@link TermBounds}): the sum over the query's terms of IDF x query
 * weight x the term's bound there, plus the best chapter-title score, times the named speaker's boost. The
 * ranker scores transcripts in that order and stops at the first whose bound is below the lowest score it
 * keeps: no passage left can enter. Why the bound holds: docs/ranking.md ("Pruned first pass").
 *
 * Corpus-sized buffers (a bound per transcript, the heap) live in the query's scratch and are cleared after.
 *
 * @example
 * const queue = scratch.transcripts.fill(bounds, [{ id: 12, weight: 3.1 }], undefined, 0, 1);
 * for (let t = queue.pop(); t >= 0 && queue.bound(t) >= floor; t = queue.pop()) score(t);
 * queue.clear();
 */
import type { TermBounds } from '../index/bounds.ts';
import { MAX_TERMS } from '../query/resolve.ts';



/**
 * Margin on every bound for float rounding: passage and block scores are summed in 32-bit floats (about
 * 6e-8 relative per addition), the bound in 64-bit.
 */
const ROUNDING = 1 + 1e-5;

/** A max-heap of transcripts by bound, over buffers sized to the corpus's transcripts. */
export class TranscriptQueue {
  /** Per transcript: its bound (0 when it says no query term); while filling, the sum of its terms' transcript entries. */
  private readonly bounds: Float64Array;
  /** Per transcript: the best chunk's gain over the transcript entries (0 when not listed). */
  private readonly best: Float64Array;
  /** Per chunk: what the terms' chunk entries add over their transcript entries (0 when not listed). */
  private readonly chunkDelta: Float64Array;
  private readonly chunksListed: Int32Array;
  private numChunks = 0;
  private readonly heap: Int32Array;
  /** Every transcript with a bound (to clear them). */
  private readonly listed: Int32Array;
  private numListed = 0;
  private size = 0;

  /** Per transcript and query term (`t x MAX_TERMS + term`, a transcript's terms side by side): its first posting there + 1 (0: none). */
  private readonly startOf: Int32Array;
  private numTerms = 0;

  constructor(
    numTranscripts: number,
    numChunks: number,
  ) {
    this.startOf = new Int32Array(numTranscripts * MAX_TERMS);
    this.bounds = new Float64Array(numTranscripts);
    this.best = new Float64Array(numTranscripts);
    this.chunkDelta = new Float64Array(numChunks);
    this.chunksListed = new Int32Array(numChunks);
    this.heap = new Int32Array(numTranscripts);
    this.listed = new Int32Array(numTranscripts);
  }

  /**
   * Bounds the transcripts of the `terms` (term id, IDF x query weight > 0; transcripts not `visible` left
   * out): the best over the transcript's chunks of the sum of each term's bound there (its chunk entry, else
   * its transcript entry), plus `extra`, times `factor`; and orders them best first.
   */
  fill(termBounds: TermBounds, chunkTranscript: Int32Array, terms: ReadonlyArray<{ id: number; weight: number }>, visible: Uint8Array | undefined, extra: number, factor: number): this {
    const { offsets, transcripts, starts, transcriptCodes, chunkOffsets, chunks, chunkCodes } = termBounds;
    const { bounds, best, chunkDelta } = this;
    this.numTerms = terms.length;
    terms.forEach((q, i) => {
      if (q.id < 0 || q.id + 1 >= offsets.length) return;
      const weight = q.weight * termBounds.value(1);
      for (let k = offsets[q.id]!; k < offsets[q.id + 1]!; k++) {
        const t = transcripts[k]!;
        if (visible && visible[t] !== 1) continue;
        if (best[t] === 0) {
          this.listed[this.numListed++] = t;
          best[t] = -Infinity;
        }
        bounds[t]! += weight * transcriptCodes[k]!;
        this.startOf[t * MAX_TERMS + i] = starts[k]! + 1;
      }
      for (let j = chunkOffsets[q.id]!; j < chunkOffsets[q.id + 1]!; j++) {
        const c = chunks[j]!;
        if (visible && visible[chunkTranscript[c]!] !== 1) continue;
        if (chunkDelta[c] === 0) this.chunksListed[this.numChunks++] = c;
        chunkDelta[c]! += weight * chunkCodes[j]! || Number.MIN_VALUE;
      }
    });
    for (let i = 0; i < this.numChunks; i++) {
      const c = this.chunksListed[i]!;
      const t = chunkTranscript[c]!;
      if (chunkDelta[c]! > best[t]!) best[t] = chunkDelta[c]!;
    }
    for (let i = 0; i < this.numListed; i++) {
      const t = this.listed[i]!;
      bounds[t] = (bounds[t]! + best[t]! + extra) * factor * ROUNDING;
      this.heap[i] = t;
    }
    this.size = this.numListed;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return this;
  }

  /** Transcripts listed by the last {@link fill}. */
  get length(): number {
    return this.numListed;
  }

  /** The transcript with the best bound left (removed from the queue), -1 when none is left. */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0]!;
    this.heap[0] = this.heap[--this.size]!;
    this.siftDown(0);
    return top;
  }

  /** Where the postings of query term `i` (its position in the terms filled) start in transcript `t`; -1: it has none there. */
  start(i: number, t: number): number {
    return this.startOf[t * MAX_TERMS + i]! - 1;
  }

  /** A listed transcript's bound. */
  bound(t: number): number {
    return this.bounds[t]!;
  }

  /** Clears the bounds (the queue is ready for the next query). */
  clear(): void {
    for (let i = 0; i < this.numListed; i++) {
      const t = this.listed[i]!;
      this.bounds[t] = 0;
      this.best[t] = 0;
      this.startOf.fill(0, t * MAX_TERMS, t * MAX_TERMS + this.numTerms);
    }
    for (let i = 0; i < this.numChunks; i++) this.chunkDelta[this.chunksListed[i]!] = 0;
    this.numListed = 0;
    this.numChunks = 0;
    this.size = 0;
  }

  private siftDown(i: number): void {
    const { heap, bounds } = this;
    const n = this.size;
    const t = heap[i]!;
    const b = bounds[t]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && bounds[heap[r]!]! > bounds[heap[l]!]! ? r : l;
      if (bounds[heap[c]!]! <= b) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = t;
  }
}
