/**
 * Worker thread side of {@link loadAndTokenize}: takes batches from the shared counter until none is left,
 * loads and tokenizes each ({@link loadBatch}) and posts it back as columns and token arrays, transferred;
 * then posts `done`. Started with a {@link WorkerInput} as `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toColumns } from '../../corpus/columns.ts';
import { isTranscript } from '../../corpus/load.ts';
import type { LoadWarning, Transcript } from '../../corpus/types.ts';
import { loadBatch, type WorkerInput, type WorkerMessage } from './load-tokenize.ts';
import { BatchTokenizer, batchTransfer } from './token-batch.ts';

const input = workerData as WorkerInput;
const tokenizer = new BatchTokenizer(input.thread, input.pauseSeconds);
const numBatches = Math.ceil(input.files.length / input.batchFiles);
for (let b = Atomics.add(input.counter, 0, 1); b < numBatches; b = Atomics.add(input.counter, 0, 1)) {
  const { results, batch } = await loadBatch(b, input, tokenizer);
  const skipped: Array<[number, LoadWarning]> = [];
  const transcripts: Transcript[] = [];
  results.forEach((r, k) => (isTranscript(r) ? transcripts.push(r) : skipped.push([k, r])));
  const { columns, transfer } = toColumns(transcripts);
  const message: WorkerMessage = { kind: 'batch', b, columns, skipped, batch };
  parentPort!.postMessage(message, [...transfer, ...batchTransfer(batch)]);
}
parentPort!.postMessage({ kind: 'done' } satisfies WorkerMessage);
