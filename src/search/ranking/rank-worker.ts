/**
 * The ranking thread of `rank-thread.ts`: a {@link Ranker} over the index's arrays (shared memory, the same
 * bytes as the main thread's) that ranks the later transcripts of each pruned query the main thread writes
 * into the mailbox, sharing the heaps' floors with it, and writes back the candidates it kept. Started with a
 * {@link RankThreadInput} as `workerData`; a failure is written to the mailbox (state `failed`) and posted
 * with its stack, and the thread stops.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Bm25Index } from '../index/bm25.ts';
import { TermBounds } from '../index/bounds.ts';
import type { IndexData } from '../index/index-data.ts';
import { onPrototype } from '../index/shared-arrays.ts';
import { BoxState, RankMailbox } from './rank-mailbox.ts';
import { Ranker, TopK, type FloorShare } from './rank.ts';
import type { RankThreadInput } from './rank-thread.ts';
import { QueryScratch } from './scratch.ts';

const input = workerData as RankThreadInput;
const box = new RankMailbox(input.mailbox);
const { arrays } = input;
const bm25 = onPrototype<Bm25Index>(Bm25Index.prototype, input.bm25);
const bounds = onPrototype<TermBounds>(TermBounds.prototype, input.bounds);
const data = { ...arrays, bm25, bounds, semantics: undefined } as unknown as IndexData;
const ranker = new Ranker(data, input.params, []);
const numPassages = arrays.pTranscript.length;
const scratch = new QueryScratch(numPassages, arrays.blockLo.length, bm25.offsets.length - 1, arrays.pBase.length - 1);
const share: FloorShare = { other: () => box.floor(0), publish: (floor) => box.setFloor(1, floor) };
const state = box.control;

/** Ranks the query in the mailbox and writes the reply. */
function answer(): void {
  const job = box.readRequest(numPassages);
  const heap = new TopK(input.params.rank.rerankDepth);
  const chapters = job.chapterScores && input.chapterOf ? { scores: job.chapterScores, chapterOf: input.chapterOf } : undefined;
  job.request.terms.forEach((q, i) => (scratch.termBit[q.id] = i));
  const queue = ranker.rankTranscripts(job.request, job.plan, chapters, heap, scratch, job.from, job.to, share);
  const stats = ranker.lastPruned!;
  box.writeReply(job.seq, heap, (p) => arrays.pTranscript[p]!, job.request.terms.length, (i, t) => queue.start(i, t), stats);
  queue.clear();
  scratch.clearTermBits(job.request.terms);
}

box.failOnExit();
// Ready: the main thread reads the state word (its event loop may be busy answering).
Atomics.store(state, 0, BoxState.idle);
for (;;) {
  const now = Atomics.load(state, 0);
  if (now === BoxState.stop) break;
  if (now === BoxState.request) {
    try {
      answer();
    } catch (error) {
      // Reported, never hidden: the main thread ranks these transcripts itself and logs this stack.
      parentPort?.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      Atomics.store(state, 0, BoxState.failed);
      Atomics.notify(state, 0);
      break;
    }
    Atomics.store(state, 0, BoxState.done);
    Atomics.notify(state, 0);
    continue;
  }
  // Sleeps while the state stays as it is (a stop notifies; a terminate interrupts the wait).
  Atomics.wait(state, 0, now);
}
