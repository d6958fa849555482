/**
 * Per-query scratch: the score accumulators and touched lists one query fills and clears. They are corpus
 * sized (a float per passage and per chunk), so allocating them per query would cost more than most queries;
 * a query borrows one from its index's {@link ScratchPool} and gives it back clean. A query that fails midway
 * does not give its scratch back (a new one is made for the next), so a half-cleared buffer never leaks into
 * another query.
 *
 * @example
 * const answer = pool.use((scratch) => rank(request, scratch));
 */

import { TranscriptQueue } from './prune.ts';

/** A list of ids over a preallocated array (`data[0..length)`). */
export interface IdList {
  data: Int32Array;
  length: number;
}

/** `mask` bit of a passage scored only as a candidate's neighbour (not a candidate itself). */
export const SIDE = 1 << 31;

/** The buffers of one query. All zero (lists empty, `termBit` all -1) between queries. */
export class QueryScratch {
  /** Per passage: the query's BM25 score so far. */
  readonly acc: Float32Array;
  /** Per passage: bits of the query terms it matched ({@link SIDE}: scored only as a neighbour). */
  readonly mask: Int32Array;
  /** Candidate passages (non-zero `mask`), in the order they were first scored. */
  readonly touched: IdList;
  /** Non-candidate neighbours of candidates that a deferred synonym scored (mask {@link SIDE}). */
  readonly sideTouched: IdList;
  /** Per chunk: a term's frequency in the chunk (cleared after each term). */
  readonly chunkTf: Float32Array;
  readonly chunkTouched: IdList;
  /** Per chunk: the block score of the chunk's block. */
  readonly blockAcc: Float32Array;
  readonly blockTouched: IdList;
  /** Per term id: its bit in the query (its position among the query terms), -1 when not a query term. */
  readonly termBit: Int32Array;
  /** Transcripts by first-pass bound, for the pruned ranking (empty between queries). */
  readonly transcripts: TranscriptQueue;

  constructor(numPassages: number, numChunks: number, numTerms: number, numTranscripts = 0) {
    this.acc = new Float32Array(numPassages);
    this.mask = new Int32Array(numPassages);
    this.touched = { data: new Int32Array(numPassages), length: 0 };
    this.sideTouched = { data: new Int32Array(numPassages), length: 0 };
    this.chunkTf = new Float32Array(numChunks);
    this.chunkTouched = { data: new Int32Array(numChunks), length: 0 };
    this.blockAcc = new Float32Array(numChunks);
    this.blockTouched = { data: new Int32Array(numChunks), length: 0 };
    this.termBit = new Int32Array(numTerms).fill(-1);
    this.transcripts = new TranscriptQueue(numTranscripts);
  }

  /** Clears the passage and block scores of the last ranking (the term bits stay: {@link clearTermBits}). */
  resetScores(): void {
    for (let k = 0; k < this.touched.length; k++) {
      const p = this.touched.data[k]!;
      this.acc[p] = 0;
      this.mask[p] = 0;
    }
    this.touched.length = 0;
    for (let k = 0; k < this.sideTouched.length; k++) {
      const p = this.sideTouched.data[k]!;
      this.acc[p] = 0;
      this.mask[p] = 0;
    }
    this.sideTouched.length = 0;
    for (let k = 0; k < this.blockTouched.length; k++) this.blockAcc[this.blockTouched.data[k]!] = 0;
    this.blockTouched.length = 0;
  }

  /** Unmarks the query terms `ids` in `termBit`. */
  clearTermBits(ids: Iterable<{ id: number }>): void {
    for (const q of ids) this.termBit[q.id] = -1;
  }
}

/** The scratch buffers of an index's queries: one per query in flight, reused. */
export class ScratchPool {
  private readonly free: QueryScratch[] = [];

  constructor(
    private readonly numPassages: number,
    private readonly numChunks: number,
    private readonly numTerms: number,
    private readonly numTranscripts = 0,
  ) {}

  /**
   * Runs `query` with a scratch of its own. The query must leave it clean ({@link QueryScratch.resetScores},
   * {@link QueryScratch.clearTermBits}); if it throws, the scratch is dropped instead of reused.
   */
  use<T>(query: (scratch: QueryScratch) => T): T {
    const scratch = this.free.pop() ?? new QueryScratch(this.numPassages, this.numChunks, this.numTerms, this.numTranscripts);
    const result = query(scratch);
    this.free.push(scratch);
    return result;
  }
}
