/**
 * The transcripts a query ranks, best bound first, for the pruned ranking (`Ranker.rankPruned`): each
 * transcript saying a query term gets an upper bound on the first-pass score of any of its passages, from the
 * index's per-transcript term bounds ({@link TermBounds}): the sum over the query's terms of IDF x query
 * weight x the term's bound there, plus the best chapter-title score, times the named speaker's boost. The
 * ranker scores transcripts in that order and stops at the first whose bound is below the lowest score it
 * keeps: no passage left can enter. Why the bound holds: docs/ranking.md ("Pruned first pass").
 *
 * Corpus-sized buffers (a bound per transcript, the heap) live in the query's scratch; a fill sets every entry
 * the query reads, so nothing needs clearing after.
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
  /** Per listed transcript: its bound. */
  private readonly bounds: Float64Array;
  /** Per listed transcript: the sum of its terms' transcript entries (their best block parts), for {@link passageBound}. */
  private readonly blockPart: Float64Array;
  private extra = 0;
  private factor = 1;
  private readonly heap: Int32Array;
  /** The transcripts of the last {@link popBatch}. */
  readonly batch: Int32Array;
  private numListed = 0;
  private size = 0;
  /** Per unit of the transcript being filled (its index from the transcript's first): what the terms' unit entries add. */
  private unitSum = new Float64Array(256);
  /** The units of `unitSum` set (to clear them). */
  private unitsTouched = new Int32Array(256);

  /**
   * Per query term and listed transcript (`term x transcripts + t`: a fill writes each term's row in ascending
   * order, a stream per term, where a transcript's terms side by side cost a cache line per transcript): its
   * first posting there + 1 (0: none).
   */
  private readonly startOf: Int32Array;

  constructor(numTranscripts: number) {
    this.startOf = new Int32Array(numTranscripts * MAX_TERMS);
    this.bounds = new Float64Array(numTranscripts);
    this.blockPart = new Float64Array(numTranscripts);
    this.heap = new Int32Array(numTranscripts);
    this.batch = new Int32Array(numTranscripts);
  }

  /**
   * Bounds the transcripts of the `terms` (term id, IDF x query weight > 0, at most MAX_TERMS; transcripts not
   * `visible` left out; only transcripts `[from, to)`, default all): the best over the transcript's units of the
   * sum of each term's bound there (its transcript entry plus its unit entry), plus `extra`, times `factor`;
   * and orders them best first. The terms' entries are read in one merge by transcript (both lists ascending),
   * so nothing corpus-sized is cleared after.
   */
  fill(
    termBounds: TermBounds,
    terms: ReadonlyArray<{ id: number; weight: number }>,
    visible: Uint8Array | undefined,
    extra: number,
    factor: number,
    from = 0,
    to = this.bounds.length,
  ): this {
    const { transcripts, starts, transcriptCodes, units, unitCodes, unitBase } = termBounds;
    const { bounds, blockPart, startOf } = this;
    this.extra = extra;
    this.factor = factor;
    const n = terms.length;
    const { at, atEnd, unitAt, unitEnd, weight } = cursors(termBounds, terms, from);
    let t = -1;
    for (let i = 0; i < n; i++) if (at[i]! < atEnd[i]! && (t < 0 || transcripts[at[i]!]! < t)) t = transcripts[at[i]!]!;
    const rows = this.bounds.length;
    let { unitSum, unitsTouched } = this;
    let listed = 0;
    while (t >= 0 && t < to) {
      const first = unitBase[t]!;
      const units1 = unitBase[t + 1]! - first;
      if (units1 > unitSum.length) {
        this.unitSum = unitSum = new Float64Array(2 * units1);
        this.unitsTouched = unitsTouched = new Int32Array(2 * units1);
      }
      let touched = 0;
      let sum = 0;
      let next = -1;
      for (let i = 0; i < n; i++) {
        let k = at[i]!;
        if (k < atEnd[i]! && transcripts[k] === t) {
          const w = weight[i]!;
          sum += w * transcriptCodes[k]!;
          startOf[i * rows + t] = starts[k]! + 1;
          at[i] = ++k;
          // The term's unit entries in this transcript follow on (units ascend with transcripts).
          let j = unitAt[i]!;
          for (const end = unitEnd[i]!; j < end; j++) {
            const u = units[j]! - first;
            if (u >= units1) break;
            const was = unitSum[u]!;
            if (was === 0) unitsTouched[touched++] = u;
            unitSum[u] = was + (w * unitCodes[j]! || Number.MIN_VALUE);
          }
          unitAt[i] = j;
        } else startOf[i * rows + t] = 0;
        if (k < atEnd[i]! && (next < 0 || transcripts[k]! < next)) next = transcripts[k]!;
      }
      let best = 0;
      for (let x = 0; x < touched; x++) {
        const u = unitsTouched[x]!;
        if (unitSum[u]! > best) best = unitSum[u]!;
        unitSum[u] = 0;
      }
      if (!visible || visible[t] === 1) {
        blockPart[t] = sum;
        bounds[t] = (sum + best + extra) * factor * ROUNDING;
        this.heap[listed++] = t;
      }
      t = next;
    }
    this.numListed = listed;
    this.size = this.numListed;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return this;
  }

  /** Transcripts listed by the last {@link fill}. */
  get length(): number {
    return this.numListed;
  }

  /**
   * Takes up to `max` transcripts off the queue, best bound first, while their bound is at least `floor`, into
   * {@link batch} sorted by transcript (so scoring them reads postings and passages in memory order); returns
   * how many (0: none left at the floor).
   */
  popBatch(floor: number, max: number): number {
    let n = 0;
    while (n < max && this.size > 0 && this.bounds[this.heap[0]!]! >= floor) this.batch[n++] = this.pop();
    sortPrefix(this.batch, n);
    return n;
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
    return this.startOf[i * this.bounds.length + t]! - 1;
  }

  /** A listed transcript's bound. */
  bound(t: number): number {
    return this.bounds[t]!;
  }

  /**
   * A second bound on transcript `t`'s first-pass scores, once its passages' BM25 is known: `passagePart` is
   * the most any of its passages has of BM25 + neighbours (summed from the scored accumulators); the block
   * part stays bounded by the terms' transcript entries (their best block there), plus `extra`, times `factor`.
   * Tighter than {@link bound} when the terms' best passages of a chunk are different passages.
   */
  passageBound(t: number, passagePart: number): number {
    return (passagePart + this.blockPart[t]! + this.extra) * this.factor * ROUNDING;
  }

  /** Empties the queue (ready for the next query: {@link fill} sets every entry it reads). */
  clear(): void {
    this.numListed = 0;
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

/**
 * Per term (its weight per code, IDF x query weight x the code's value): where its transcript and unit
 * entries for transcripts from `from` on start (`at`, `unitAt`) and where its entries end.
 */
function cursors(termBounds: TermBounds, terms: ReadonlyArray<{ id: number; weight: number }>, from: number) {
  const { offsets, transcripts, unitOffsets, units, unitBase } = termBounds;
  const n = terms.length;
  const at = new Int32Array(n);
  const atEnd = new Int32Array(n);
  const unitAt = new Int32Array(n);
  const unitEnd = new Int32Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = terms[i]!.id;
    if (id < 0 || id + 1 >= offsets.length) continue;
    atEnd[i] = offsets[id + 1]!;
    unitEnd[i] = unitOffsets[id + 1]!;
    at[i] = from > 0 ? firstAtLeast(transcripts, offsets[id]!, atEnd[i]!, from) : offsets[id]!;
    unitAt[i] = from > 0 ? firstAtLeast(units, unitOffsets[id]!, unitEnd[i]!, unitBase[from]!) : unitOffsets[id]!;
    weight[i] = terms[i]!.weight * termBounds.value(1);
  }
  return { at, atEnd, unitAt, unitEnd, weight };
}

/** The first index in `[lo, hi)` of ascending `data` whose value is at least `value` (`hi`: none). */
function firstAtLeast(data: Int32Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (data[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorts `data[0..count)` ascending in place (by insertion when short: most calls sort a few ids). */
export function sortPrefix(data: Int32Array, count: number): void {
  if (count > 32) {
    data.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const v = data[i]!;
    let j = i - 1;
    for (; j >= 0 && data[j]! > v; j--) data[j + 1] = data[j]!;
    data[j + 1] = v;
  }
}
