/**
 * The transcripts a query ranks, best bound first, for the pruned ranking (`Ranker.rankPruned`): each
 * transcript saying a query term gets an upper bound on the first-pass score of any of its passages, from the
 * index's per-transcript term bounds ({@link TermBounds}): the sum over the query's terms of IDF x query
 * weight x the term's bound there, plus the best chapter-title score, times the named speaker's boost. The
 * ranker scores transcripts in that order and stops at the first whose bound is below the lowest score it
 * keeps: no passage left can enter. Each transcript is listed with a coarser bound read from its terms'
 * transcript entries only, and refined to the exact one (its unit entries read) when it comes to the top.
 * Why the bounds hold: docs/ranking.md ("Pruned first pass").
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

// A listed transcript's query terms are the bits of one 32-bit integer.
if (MAX_TERMS > 31) throw new Error(`TranscriptQueue: at most 31 query terms (MAX_TERMS is ${MAX_TERMS})`);

/** A max-heap of transcripts by bound, over buffers sized to the corpus's transcripts. */
export class TranscriptQueue {
  /** Per listed transcript: its bound (coarse until refined, see {@link fill}). */
  private readonly bounds: Float64Array;
  /** Per listed transcript: the sum of its terms' transcript entries (their best block parts), for {@link passageBound}. */
  private readonly blockPart: Float64Array;
  /** Per listed transcript: the sum of its terms' largest unit entries (the coarse bound's unit part). */
  private readonly coarseUnits: Float64Array;
  /** Per listed transcript: which query terms it has (bit i: term i; MAX_TERMS <= 31). */
  private readonly termMask: Int32Array;
  /** Per transcript: the fill that listed it (`generation` of that fill). */
  private readonly listedIn: Int32Array;
  /** Per transcript: the fill whose exact bound it holds (`generation` of that fill; older: coarse or not listed). */
  private readonly refinedIn: Int32Array;
  private generation = 0;
  private extra = 0;
  private factor = 1;
  private readonly heap: Int32Array;
  /** The transcripts of the last {@link popBatch}. */
  readonly batch: Int32Array;
  private numListed = 0;
  private size = 0;
  /** Transcripts refined since the last {@link fill}. */
  refined = 0;
  /** The bounds, terms (ids) and weights (IDF x query weight x the bounds' unit value) of the last {@link fill}. */
  private termBounds: TermBounds | undefined;
  private readonly termIds = new Int32Array(MAX_TERMS);
  private readonly termWeights = new Float64Array(MAX_TERMS);
  private numTerms = 0;
  /** Transcripts refined at a time, at most (see {@link settle}); from `fill`'s `refineGroup`. */
  private refineGroup = 1;
  /** The transcripts listed by the last fill, ascending. */
  private readonly listedOrder: Int32Array;
  /** The transcripts being refined. */
  private readonly group: Int32Array;
  /** Per transcript being refined and query term (`g x terms + i`): where the term's unit entries there start (-1: none). */
  private places = new Int32Array(0);
  /** Per unit of the transcript being refined (its index from the transcript's first): what the terms' unit entries add. */
  private unitSum = new Float64Array(256);
  /** The units of `unitSum` set (to clear them). */
  private unitsTouched = new Int32Array(256);

  /**
   * Per query term and listed transcript (`term x transcripts + t`: a fill writes each term's row in ascending
   * order, a stream per term, where a transcript's terms side by side cost a cache line per transcript): the
   * term's transcript entry there + 1, when the term's bit is in `termMask` (else stale).
   */
  private readonly entryOf: Int32Array;
  private readonly numTranscripts: number;

  constructor(numTranscripts: number) {
    this.numTranscripts = numTranscripts;
    this.entryOf = new Int32Array(numTranscripts * MAX_TERMS);
    this.bounds = new Float64Array(numTranscripts);
    this.blockPart = new Float64Array(numTranscripts);
    this.coarseUnits = new Float64Array(numTranscripts);
    this.termMask = new Int32Array(numTranscripts);
    this.listedIn = new Int32Array(numTranscripts);
    this.refinedIn = new Int32Array(numTranscripts);
    this.heap = new Int32Array(numTranscripts);
    this.group = new Int32Array(numTranscripts);
    this.listedOrder = new Int32Array(numTranscripts);
    this.batch = new Int32Array(numTranscripts);
  }

  /**
   * Lists the transcripts of the `terms` (term id, IDF x query weight > 0, at most MAX_TERMS; transcripts not
   * `visible` left out) with a coarse bound, and orders them best first. A transcript's exact bound is the best
   * over its units of the sum of each term's bound there (its transcript entry plus its unit entry), plus
   * `extra`, times `factor`; the coarse one sums, per term, its transcript entry plus its largest unit entry
   * there (`unitMaxCodes`), so it is never below the exact one and needs no unit entry. {@link popBatch}
   * refines a transcript (reads its unit entries) only when it comes to the top, up to `refineGroup` at a time
   * (default 1). The terms' transcript entries are read in one merge by transcript (both lists ascending), so
   * nothing corpus-sized is cleared after.
   */
  fill(termBounds: TermBounds, terms: ReadonlyArray<{ id: number; weight: number }>, visible: Uint8Array | undefined, extra: number, factor: number, refineGroup = 1): this {
    this.termBounds = termBounds;
    this.extra = extra;
    this.factor = factor;
    this.refined = 0;
    this.refineGroup = Math.max(1, Math.floor(refineGroup) || 1);
    this.nextGeneration();
    const n = (this.numTerms = terms.length);
    for (let i = 0; i < n; i++) {
      const id = (this.termIds[i] = terms[i]!.id);
      this.termWeights[i] = id >= 0 && id + 1 < termBounds.offsets.length ? terms[i]!.weight * termBounds.value(1) : 0;
    }
    for (let i = 0; i < n; i++) if (this.termWeights[i]! > 0) this.addTerm(i);
    this.list(visible);
    return this;
  }

  /**
   * Adds query term `i`'s transcript entries (one stream, transcripts ascending): to each transcript's block
   * part and coarse unit part, its bit in the transcript's terms, and its entry. A transcript first reached in
   * this fill starts from nothing. Terms are added in query order, so each sum is the one a merge by
   * transcript would make, to the bit.
   */
  private addTerm(i: number): void {
    const { offsets, transcripts, transcriptCodes, unitMaxCodes } = this.termBounds!;
    const { blockPart, coarseUnits, termMask, listedIn, entryOf, generation } = this;
    const id = this.termIds[i]!;
    const w = this.termWeights[i]!;
    const row = i * this.numTranscripts;
    const bit = 1 << i;
    for (let k = offsets[id]!, end = offsets[id + 1]!; k < end; k++) {
      const t = transcripts[k]!;
      if (listedIn[t] !== generation) {
        listedIn[t] = generation;
        blockPart[t] = 0;
        coarseUnits[t] = 0;
        termMask[t] = 0;
      }
      blockPart[t] = blockPart[t]! + w * transcriptCodes[k]!;
      coarseUnits[t] = coarseUnits[t]! + w * unitMaxCodes[k]!;
      termMask[t] = termMask[t]! | bit;
      entryOf[row + t] = k + 1;
    }
  }

  /** Lists (ascending) and heaps the transcripts the terms reached that are `visible`, with their coarse bounds. */
  private list(visible: Uint8Array | undefined): void {
    const { bounds, blockPart, coarseUnits, termMask, listedIn, refinedIn, listedOrder, heap, generation, extra, factor } = this;
    let listed = 0;
    for (let t = 0; t < this.numTranscripts; t++) {
      if (listedIn[t] !== generation || (visible && visible[t] !== 1)) continue;
      bounds[t] = (blockPart[t]! + coarseUnits[t]! + extra) * factor * ROUNDING;
      // With one term there, its largest unit entry is the best unit's: the coarse bound is the exact one.
      const mask = termMask[t]!;
      if ((mask & (mask - 1)) === 0) refinedIn[t] = generation;
      listedOrder[listed] = t;
      heap[listed++] = t;
    }
    this.numListed = listed;
    this.size = listed;
    for (let i = (listed >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Starts a fill: every transcript's bound is coarse again (the stamps wrap after 2^31 fills: cleared then). */
  private nextGeneration(): void {
    if (this.generation === 0x7fffffff) {
      this.refinedIn.fill(0);
      this.listedIn.fill(0);
      this.generation = 0;
    }
    this.generation++;
  }

  /**
   * Refines the transcripts `group[0..count)` (ascending, all listed): sets each one's exact bound (see
   * {@link fill}): per unit of the transcript, the sum over the terms of their unit entries there (in term
   * order, as the coarse bound sums their largest), the best unit's sum added to the transcript entries.
   * Each term's unit entries in a transcript start at `unitStarts` of its transcript entry; those places are
   * looked up for the whole group first, term by term in transcript order (forward in memory, and the loads
   * independent of each other, so the memory system serves many at once), then read.
   */
  private refine(group: Int32Array, count: number): void {
    const { unitStarts, unitOffsets, units, unitCodes, unitBase } = this.termBounds!;
    const { entryOf, termMask, termIds, termWeights } = this;
    const n = this.numTerms;
    const rows = this.numTranscripts;
    if (this.places.length < count * n) this.places = new Int32Array(count * n);
    const places = this.places;
    for (let i = 0; i < n; i++) {
      const row = i * rows;
      const bit = 1 << i;
      for (let g = 0; g < count; g++) {
        const t = group[g]!;
        places[g * n + i] = termMask[t]! & bit ? entryOf[row + t]! - 1 : -1;
      }
    }
    for (let x = 0; x < count * n; x++) {
      const k = places[x]!;
      if (k >= 0) places[x] = unitStarts[k]!;
    }
    for (let g = 0; g < count; g++) {
      const t = group[g]!;
      const first = unitBase[t]!;
      const units1 = unitBase[t + 1]! - first;
      let { unitSum, unitsTouched } = this;
      if (units1 > unitSum.length) {
        this.unitSum = unitSum = new Float64Array(2 * units1);
        this.unitsTouched = unitsTouched = new Int32Array(2 * units1);
      }
      let touched = 0;
      for (let i = 0; i < n; i++) {
        const start = places[g * n + i]!;
        if (start < 0) continue;
        const w = termWeights[i]!;
        for (let j = start, end = unitOffsets[termIds[i]! + 1]!; j < end; j++) {
          const u = units[j]! - first;
          if (u >= units1) break;
          const was = unitSum[u]!;
          if (was === 0) unitsTouched[touched++] = u;
          unitSum[u] = was + (w * unitCodes[j]! || Number.MIN_VALUE);
        }
      }
      let best = 0;
      for (let x = 0; x < touched; x++) {
        const u = unitsTouched[x]!;
        if (unitSum[u]! > best) best = unitSum[u]!;
        unitSum[u] = 0;
      }
      this.bounds[t] = (this.blockPart[t]! + best + this.extra) * this.factor * ROUNDING;
      this.refinedIn[t] = this.generation;
    }
    this.refined += count;
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
    while (n < max && this.settle(floor) && this.bounds[this.heap[0]!]! >= floor) this.batch[n++] = this.removeTop();
    sortPrefix(this.batch, n);
    return n;
  }

  /** The transcript with the best exact bound left (removed from the queue), -1 when none is left. */
  pop(): number {
    return this.settle(-Infinity) ? this.removeTop() : -1;
  }

  /**
   * Refines until the top of the heap has its exact bound or is below `floor` (then nothing left reaches the
   * floor: every other bound is at most the top's); false when the queue is empty. While the top is coarse and
   * reaches the floor, up to `refineGroup` such tops are taken off, refined together in transcript order
   * ({@link refine}) and put back: a refined bound is at most the coarse one, and the heap gives it back only
   * when no bound left is higher.
   */
  private settle(floor: number): boolean {
    const { heap, bounds, refinedIn, group } = this;
    while (this.size > 0) {
      if ((floor > -Infinity || this.refineGroup >= this.numListed) && refinedIn[heap[0]!] !== this.generation && bounds[heap[0]!]! >= floor) {
        this.sweep(floor);
        continue;
      }
      let count = 0;
      while (count < this.refineGroup && this.size > 0) {
        const t = heap[0]!;
        if (refinedIn[t] === this.generation || bounds[t]! < floor) break;
        group[count++] = this.removeTop();
      }
      if (count === 0) return true;
      sortPrefix(group, count);
      this.refine(group, count);
      for (let g = 0; g < count; g++) this.push(group[g]!);
    }
    return false;
  }

  /**
   * Refines every transcript still coarse whose bound reaches `floor`, in one pass over the listed ones in
   * transcript order (the unit entries read forward, nearly in a stream when many are refined), and orders the
   * heap again. Coarse ones are all in the heap (a transcript is refined before it leaves it); the floor only
   * rises, so after a sweep no coarse bound left reaches a later floor.
   */
  private sweep(floor: number): void {
    const { listedOrder, bounds, refinedIn, group, generation } = this;
    let count = 0;
    for (let x = 0; x < this.numListed; x++) {
      const t = listedOrder[x]!;
      if (refinedIn[t] !== generation && bounds[t]! >= floor) group[count++] = t;
    }
    this.refine(group, count);
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Puts listed transcript `t` back into the heap (by its bound). */
  private push(t: number): void {
    const { heap, bounds } = this;
    const b = bounds[t]!;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (bounds[heap[parent]!]! >= b) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = t;
  }

  private removeTop(): number {
    const top = this.heap[0]!;
    this.heap[0] = this.heap[--this.size]!;
    this.siftDown(0);
    return top;
  }

  /** Where the postings of query term `i` (its position in the terms filled) start in transcript `t`; -1: it has none there. */
  start(i: number, t: number): number {
    if (!(this.termMask[t]! & (1 << i))) return -1;
    return this.termBounds!.starts[this.entryOf[i * this.numTranscripts + t]! - 1]!;
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

