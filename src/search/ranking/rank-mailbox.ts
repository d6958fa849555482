/**
 * The shared memory through which the main thread and its ranking thread (`rank-thread.ts`,
 * `rank-worker.ts`) pass one pruned query at a time: a state word both wait on, the query (its terms, its
 * plan, the speaker and collection settings, the chapter-title scores, the transcripts to rank), each heap's
 * floor while both rank, and the helper's kept candidates with where each term's postings start in their
 * transcripts. Nothing is cloned or posted per query; the main thread blocks on the state word while the
 * helper finishes (a search is synchronous).
 *
 * @example
 * const box = new RankMailbox(RankMailbox.create({ numTranscripts, numChapters, depth }));
 * box.writeRequest(1, request, plan, scores, from, to);  // main
 * const job = box.readRequest(numPassages);             // helper
 */
import type { Plan, RankRequest } from './rank.ts';
import { MAX_TERMS, type QueryTerm } from '../query/resolve.ts';

/** States of the mailbox's state word (`starting` until the thread is ready for queries). */
export const BoxState = { idle: 0, request: 1, done: 2, failed: 3, stop: 4, starting: 5 } as const;

/** Sizes a mailbox is made for. */
export interface MailboxSizes {
  numTranscripts: number;
  numChapters: number;
  /** The first pass's `rerankDepth`: the most candidates a heap keeps. */
  depth: number;
}

/** Control words (Int32). */
const C = { state: 0, numTerms: 1, from: 2, to: 3, speakerFilter: 4, speakerBoost: 5, context: 6, visible: 7, chapters: 8, kept: 9, keptTranscripts: 10, listed: 11, scored: 12, blocks: 13, seq: 14, replySeq: 15, size: 16 } as const;
/** Per term flags. */
const LOCAL = 1;
const SYNONYM = 2;
const DEFERRED = 4;
const LATE = 8;

/** A query as the helper reads it. */
export interface RankJob {
  /** The query's number (its reply carries it back). */
  seq: number;
  request: RankRequest;
  plan: Plan;
  chapterScores: Float32Array | undefined;
  from: number;
  to: number;
}

/** The helper's answer as the main thread reads it. */
export interface RankReply {
  /** The number of the query it answers. */
  seq: number;
  ids: Int32Array;
  scores: Float64Array;
  /** Per kept transcript (in `transcripts`), where each query term's postings start there (term-major rows of `transcripts.length`; -1: none). */
  transcripts: Int32Array;
  starts: Int32Array;
  stats: { listed: number; scored: number; blocks: number };
}

/** Typed views over a mailbox's SharedArrayBuffer. */
export class RankMailbox {
  readonly control: Int32Array;
  private readonly floors: BigInt64Array;
  private readonly termIds: Int32Array;
  private readonly termWords: Int32Array;
  private readonly termFlags: Int32Array;
  private readonly termWeights: Float64Array;
  private readonly visible: Uint8Array;
  private readonly chapterScores: Float32Array;
  private readonly keptIds: Int32Array;
  private readonly keptScores: Float64Array;
  private readonly keptTranscripts: Int32Array;
  private readonly keptStarts: Int32Array;
  /** A float's bits as a 64-bit integer (the floors are read and written atomically). */
  private readonly bits = new BigInt64Array(1);
  private readonly bitsAsFloat = new Float64Array(this.bits.buffer);

  /** A mailbox's memory for these sizes (with its sizes in its first words). */
  static create(sizes: MailboxSizes): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(RankMailbox.layout(sizes).bytes);
    const head = new Int32Array(buffer, 0, 3);
    head[0] = sizes.numTranscripts;
    head[1] = sizes.numChapters;
    head[2] = sizes.depth;
    new RankMailbox(buffer).control[0] = BoxState.starting;
    return buffer;
  }

  private static layout(sizes: MailboxSizes): { at: number[]; bytes: number } {
    const { numTranscripts, numChapters, depth } = sizes;
    // Byte lengths in order, each part 8-byte aligned: head, control, floors, term ids/words/flags, weights,
    // visible, chapter scores, kept ids, scores, transcripts, starts.
    const parts = [12, C.size * 4, 16, MAX_TERMS * 4, MAX_TERMS * 4, MAX_TERMS * 4, MAX_TERMS * 8, numTranscripts, numChapters * 4, depth * 4, depth * 8, depth * 4, depth * MAX_TERMS * 4];
    const at: number[] = [];
    let bytes = 0;
    for (const length of parts) {
      at.push(bytes);
      bytes += Math.ceil(length / 8) * 8;
    }
    return { at, bytes };
  }

  constructor(readonly buffer: SharedArrayBuffer) {
    const head = new Int32Array(buffer, 0, 3);
    const sizes = { numTranscripts: head[0]!, numChapters: head[1]!, depth: head[2]! };
    const { at } = RankMailbox.layout(sizes);
    this.control = new Int32Array(buffer, at[1]!, C.size);
    this.floors = new BigInt64Array(buffer, at[2]!, 2);
    this.termIds = new Int32Array(buffer, at[3]!, MAX_TERMS);
    this.termWords = new Int32Array(buffer, at[4]!, MAX_TERMS);
    this.termFlags = new Int32Array(buffer, at[5]!, MAX_TERMS);
    this.termWeights = new Float64Array(buffer, at[6]!, MAX_TERMS);
    this.visible = new Uint8Array(buffer, at[7]!, sizes.numTranscripts);
    this.chapterScores = new Float32Array(buffer, at[8]!, sizes.numChapters);
    this.keptIds = new Int32Array(buffer, at[9]!, sizes.depth);
    this.keptScores = new Float64Array(buffer, at[10]!, sizes.depth);
    this.keptTranscripts = new Int32Array(buffer, at[11]!, sizes.depth);
    this.keptStarts = new Int32Array(buffer, at[12]!, sizes.depth * MAX_TERMS);
  }

  /**
   * For the helper: when its thread exits (process.exit, an uncaught error) in the middle of a query or between
   * two, the state word says failed at once, so the main thread, waiting on it or about to post, does not wait
   * for its timeout.
   */
  failOnExit(): void {
    process.on('exit', () => {
      const was = Atomics.load(this.control, 0);
      if ((was === BoxState.request || was === BoxState.idle) && Atomics.compareExchange(this.control, 0, was, BoxState.failed) === was) Atomics.notify(this.control, 0);
    });
  }

  /** Heap `side`'s floor (0: the main thread's, 1: the helper's), -Infinity when none is published. */
  floor(side: 0 | 1): number {
    this.bits[0] = Atomics.load(this.floors, side);
    return this.bitsAsFloat[0]!;
  }

  setFloor(side: 0 | 1, floor: number): void {
    this.bitsAsFloat[0] = floor;
    Atomics.store(this.floors, side, this.bits[0]!);
  }

  /** Writes query number `seq` for the helper: rank transcripts `[from, to)`. Both floors start at -Infinity. */
  writeRequest(seq: number, request: RankRequest, plan: Plan, chapterScores: Float32Array | undefined, from: number, to: number): void {
    const c = this.control;
    c[C.seq] = seq;
    const { terms } = request;
    c[C.numTerms] = terms.length;
    terms.forEach((q, i) => {
      this.termIds[i] = q.id;
      this.termWords[i] = q.word;
      this.termWeights[i] = q.weight;
      this.termFlags[i] = (q.local ? LOCAL : 0) | (q.synonym ? SYNONYM : 0) | (plan.deferred[i] ? DEFERRED : 0) | (plan.late.includes(q) ? LATE : 0);
    });
    c[C.from] = from;
    c[C.to] = to;
    c[C.speakerFilter] = request.speakerFilter;
    c[C.speakerBoost] = request.speakerBoost;
    c[C.context] = plan.context ? 1 : 0;
    c[C.visible] = request.scope.visible ? 1 : 0;
    if (request.scope.visible) this.visible.set(request.scope.visible);
    c[C.chapters] = chapterScores ? 1 : 0;
    if (chapterScores) this.chapterScores.set(chapterScores);
    this.setFloor(0, -Infinity);
    this.setFloor(1, -Infinity);
  }

  /** The query the main thread wrote ({@link writeRequest}); its arrays are views of the mailbox, valid until the next. */
  readRequest(numPassages: number): RankJob {
    const c = this.control;
    const terms: QueryTerm[] = [];
    for (let i = 0; i < c[C.numTerms]!; i++) {
      const flags = this.termFlags[i]!;
      terms.push({ id: this.termIds[i]!, weight: this.termWeights[i]!, local: (flags & LOCAL) !== 0, word: this.termWords[i]!, synonym: (flags & SYNONYM) !== 0 });
    }
    const flagged = (flag: number) => terms.map((_, i) => (this.termFlags[i]! & flag) !== 0);
    const deferred = flagged(DEFERRED);
    const isLate = flagged(LATE);
    const late = terms.filter((_, i) => isLate[i]);
    const plan: Plan = { deferred, late, early: terms.filter((_, i) => !isLate[i]), context: c[C.context] === 1, phraseScan: false };
    const scope = { pFrom: 0, pTo: numPassages, transcript: -1, visible: c[C.visible] === 1 ? this.visible : undefined };
    const request: RankRequest = { terms, scope, speakerFilter: c[C.speakerFilter]!, speakerBoost: c[C.speakerBoost]!, phrases: [] };
    return { seq: c[C.seq]!, request, plan, chapterScores: c[C.chapters] === 1 ? this.chapterScores : undefined, from: c[C.from]!, to: c[C.to]! };
  }

  /**
   * Writes the helper's answer to query `seq`: the candidates its heap kept (`ids`, `scores`, `size`), and for
   * each of their transcripts where each of the `numTerms` terms' postings start there (`start(i, t)`, -1: none).
   */
  writeReply(seq: number, heap: { ids: Int32Array; scores: Float64Array; size: number }, transcriptOf: (p: number) => number, numTerms: number, start: (i: number, t: number) => number, stats: RankReply['stats']): void {
    const c = this.control;
    c[C.replySeq] = seq;
    c[C.numTerms] = numTerms;
    c[C.kept] = heap.size;
    this.keptIds.set(heap.ids.subarray(0, heap.size));
    this.keptScores.set(heap.scores.subarray(0, heap.size));
    const seen = new Set<number>();
    for (let k = 0; k < heap.size; k++) seen.add(transcriptOf(heap.ids[k]!));
    const list = [...seen];
    c[C.keptTranscripts] = list.length;
    list.forEach((t, j) => {
      this.keptTranscripts[j] = t;
      for (let i = 0; i < numTerms; i++) this.keptStarts[i * list.length + j] = start(i, t);
    });
    c[C.listed] = stats.listed;
    c[C.scored] = stats.scored;
    c[C.blocks] = stats.blocks;
  }

  /** The helper's answer ({@link writeReply}), copied out of the mailbox. */
  readReply(): RankReply {
    const c = this.control;
    const kept = c[C.kept]!;
    const n = c[C.keptTranscripts]!;
    return {
      seq: c[C.replySeq]!,
      ids: this.keptIds.slice(0, kept),
      scores: this.keptScores.slice(0, kept),
      transcripts: this.keptTranscripts.slice(0, n),
      starts: this.keptStarts.slice(0, n * c[C.numTerms]!),
      stats: { listed: c[C.listed]!, scored: c[C.scored]!, blocks: c[C.blocks]! },
    };
  }
}
