/**
 * A second thread for pruned rankings ({@link RankWeights.rankThreads}): a worker (`rank-worker.ts`) holding a
 * {@link Ranker} over the same index arrays as the main thread (shared memory: nothing is copied), which ranks
 * the later transcripts of each pruned query while the main thread ranks the earlier ones. The two heaps'
 * floors are shared as they rise, so either skips what the other has already outscored; the helper's kept
 * candidates then join the main heap, which keeps exactly the `rerankDepth` best of both (ties: the lower
 * passage id), the same candidates as one thread ranking everything.
 *
 * Failure never changes an answer: if the thread cannot start, fails, or does not answer within
 * `rankThreadTimeoutMs`, the main thread ranks those transcripts itself, the thread is stopped and not used
 * again, and the failure is emitted as a process warning with its stack.
 *
 * @example
 * ranker.startHelper = (chapters) => RankThread.start(ranker, data, params, chapters);
 */
import { Worker } from 'node:worker_threads';
import { siblingModule } from '../../compiled.ts';
import { workerSource } from '../../worker-bootstrap.ts';
import type { IndexData } from '../index/index-data.ts';
import { rankingArrays, rankThreadsWanted, type RankingArrays } from '../index/shared-arrays.ts';
import type { SearchParams } from '../params.ts';
import { BoxState, RankMailbox } from './rank-mailbox.ts';
import type { HelperChapters, HelperStats, Plan, RankHelper, RankRequest, StartIn, TopK } from './rank.ts';
import type { QueryScratch } from './scratch.ts';

/** What the ranking thread starts with (its `workerData`): typed arrays in shared memory, and plain values. */
export interface RankThreadInput {
  mailbox: SharedArrayBuffer;
  params: SearchParams;
  /** The fields of the index's `Bm25Index`. */
  bm25: Record<string, unknown>;
  /** The fields of the index's `TermBounds`. */
  bounds: Record<string, unknown>;
  arrays: RankingArrays;
  /** Per passage, its chapter (-1: none); absent when no chapter title counts. */
  chapterOf: Int32Array | undefined;
}

/** Stops threads whose ranker is gone (an index replaced by a reload). */
const stopWhenGone = new FinalizationRegistry<() => void>((stop) => stop());

/** Whether a typed array's memory is shared (another thread sees the same bytes). */
function shared(value: unknown): boolean {
  return !ArrayBuffer.isView(value) || value.buffer instanceof SharedArrayBuffer;
}

export class RankThread implements RankHelper {
  private failed = false;
  private warned = false;
  private stopped = false;
  /** The number of the last query posted (its reply must carry it). */
  private seq = 0;
  private readonly box: RankMailbox;
  private readonly numTranscripts: number;
  /** The first transcript the thread ranks: where half of the passages are behind. */
  private readonly mid: number;

  private constructor(
    private readonly worker: Worker,
    input: RankThreadInput,
    private readonly timeoutMs: number,
  ) {
    this.box = new RankMailbox(input.mailbox);
    const { pBase } = input.arrays;
    this.numTranscripts = pBase.length - 1;
    const half = pBase[this.numTranscripts]! / 2;
    let mid = 0;
    while (mid < this.numTranscripts && pBase[mid]! < half) mid++;
    this.mid = mid;
    worker.on('message', (message: { failed?: string }) => {
      if (message.failed) this.fail(`ranking thread failed: ${message.failed}`);
    });
    worker.on('error', (error) => this.fail(`ranking thread failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      // Unless stopped here, or its failure already said why (with its stack).
      if (!this.warned && !this.stopped) this.fail(`ranking thread exited (code ${code})`);
    });
    worker.unref();
  }

  /**
   * Starts a thread for the pruned rankings of `owner` (stopped once `owner` is garbage, or by {@link stop}),
   * or undefined when it does not apply: `rankThreads` below 2, one core, a corpus under
   * `rankThreadMinPassages`, no pruning bounds, or an array not in shared memory (a build that did not put
   * them there); or when it cannot start (a process warning says why). `workerModule`: the thread's module
   * (default `rank-worker.ts`; tests start stand-ins that fail).
   */
  static start(owner: object, data: IndexData, params: SearchParams, chapters: HelperChapters | undefined, workerModule = siblingModule('./rank-worker.ts', import.meta.url)): RankThread | undefined {
    const w = params.rank;
    if (!data.bounds || !rankThreadsWanted(data.pTranscript.length, params)) return undefined;
    const arrays = rankingArrays(data);
    const { pBase } = arrays;
    const bm25 = { ...data.bm25 } as Record<string, unknown>;
    const bounds = { ...data.bounds } as Record<string, unknown>;
    const all = [...Object.values(arrays), ...Object.values(bm25), ...Object.values(bounds)];
    if (!all.every(shared)) return undefined;
    let chapterOf: Int32Array | undefined;
    if (chapters) {
      chapterOf = new Int32Array(new SharedArrayBuffer(chapters.chapterOf.byteLength));
      chapterOf.set(chapters.chapterOf);
    }
    const mailbox = RankMailbox.create({ numTranscripts: pBase.length - 1, numChapters: chapters?.count ?? 0, depth: w.rerankDepth });
    const input: RankThreadInput = { mailbox, params, bm25, bounds, arrays, chapterOf };
    let worker: Worker;
    try {
      worker = new Worker(workerSource(workerModule.href), { eval: true, workerData: input });
    } catch (error) {
      // Ranked on one thread instead; said, with the stack.
      process.emitWarning(`ranking thread not started: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
    const thread = new RankThread(worker, input, w.rankThreadTimeoutMs);
    stopWhenGone.register(owner, () => thread.stop());
    return thread;
  }

  ready(): boolean {
    return !this.failed && Atomics.load(this.box.control, 0) !== BoxState.starting;
  }

  post(request: RankRequest, plan: Plan, chapterScores: Float32Array | undefined): number {
    const state = this.box.control;
    const now = Atomics.load(state, 0);
    if (now === BoxState.failed) {
      // It exited between two queries: its exit event says how.
      this.failed = true;
      return -1;
    }
    if (now !== BoxState.idle) {
      this.fail('ranking thread busy with an earlier query (its answer was never collected)');
      return -1;
    }
    this.box.writeRequest(++this.seq, request, plan, chapterScores, this.mid, this.numTranscripts);
    Atomics.store(state, 0, BoxState.request);
    Atomics.notify(state, 0);
    return this.mid;
  }

  collect(heap: TopK, s: QueryScratch): { startIn: StartIn; stats: HelperStats } | undefined {
    if (!this.answered()) return undefined;
    const reply = this.box.readReply();
    Atomics.store(this.box.control, 0, BoxState.idle);
    if (reply.seq !== this.seq) {
      this.fail(`ranking thread answered query ${reply.seq} for query ${this.seq}`);
      return undefined;
    }
    for (let k = 0; k < reply.ids.length; k++) heap.push(reply.ids[k]!, reply.scores[k]!);
    const row = new Map<number, number>();
    reply.transcripts.forEach((t, j) => row.set(t, j));
    const n = reply.transcripts.length;
    const startIn: StartIn = (q, t) => {
      const j = row.get(t);
      return j === undefined ? -2 : reply.starts[s.termBit[q.id]! * n + j]!;
    };
    return { startIn, stats: reply.stats };
  }

  abandon(): void {
    if (this.answered()) Atomics.store(this.box.control, 0, BoxState.idle);
  }

  /**
   * Waits for the answer to the query posted; false (and not used again) when the thread failed or gave no
   * answer within the timeout.
   */
  private answered(): boolean {
    const state = this.box.control;
    while (Atomics.load(state, 0) === BoxState.request) {
      if (Atomics.wait(state, 0, BoxState.request, this.timeoutMs) === 'timed-out') {
        this.fail(`ranking thread gave no answer within ${this.timeoutMs} ms`);
        return false;
      }
    }
    if (Atomics.load(state, 0) === BoxState.done) return true;
    // It failed: why comes in its message (its stack) or its exit event (its code), emitted when it arrives.
    this.failed = true;
    return false;
  }

  other(): number {
    return this.box.floor(1);
  }

  publish(floor: number): void {
    this.box.setFloor(0, floor);
  }

  /** Stops the thread (it is not used again). */
  stop(): void {
    this.stopped = true;
    Atomics.store(this.box.control, 0, BoxState.stop);
    Atomics.notify(this.box.control, 0);
    void this.worker.terminate();
  }

  /** Stops using the thread, stops it, and emits `message` as a process warning (the first failure's only). */
  private fail(message: string): void {
    this.failed = true;
    this.stop();
    if (this.warned) return;
    this.warned = true;
    process.emitWarning(message);
  }
}
