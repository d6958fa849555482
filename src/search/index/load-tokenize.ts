/**
 * A cold start's reading, parsing and tokenizing, on this thread and worker threads at once. The caption
 * files (in corpus order) are cut into batches; each thread takes the next batch (a shared counter), loads
 * its files ({@link loadOrSkip}) and tokenizes them with its own term table ({@link BatchTokenizer}). A worker
 * sends each batch back as typed arrays that are transferred, not copied ({@link toColumns},
 * {@link batchTransfer}); {@link buildIndexDataFromBatches} then merges the batches into exactly the index
 * one thread would have built. With fewer than `minFiles` files no worker is started (starting one costs
 * more than it saves); a worker that fails is reported through `onWarning` and its batches are done here.
 *
 * @example
 * const loaded = await loadAndTokenize('transcripts', { pauseSeconds: 1.5, load: { onFile: bar.update } });
 * const data = buildIndexDataFromBatches(loaded.corpus, loaded.stored, loaded.batches, params);
 */
import { Worker } from 'node:worker_threads';
import { fromColumns, type TranscriptColumns } from '../../corpus/columns.ts';
import { assembleCorpus, corpusFiles, isTranscript, loadOrSkip, relativePath, type LoadFileOptions, type LoadOptions } from '../../corpus/load.ts';
import { storedText, type StoredText } from '../../corpus/text.ts';
import type { Corpus, LoadWarning, Transcript } from '../../corpus/types.ts';
import { workerSource } from '../../worker-bootstrap.ts';
import { siblingModule } from '../../compiled.ts';
import { ENGINE_DEFAULTS } from '../params.ts';
import { BatchTokenizer, type TokenBatch } from './token-batch.ts';


/** Options of {@link loadAndTokenize}. */
export interface LoadTokenizeOptions {
  /** Loader options (file size limit, progress per file: `onFile` is called on this thread, in completion order). Default: the loader's. */
  load?: LoadOptions;
  /** A silence between cues at least this long ends a turn (`SearchParams.passages.pauseSeconds`). */
  pauseSeconds: number;
  /** Worker threads beside this one. Default `ENGINE_DEFAULTS.workers` (src/search/params.ts). @example { workers: 0 } // one thread */
  workers?: number;
  /** Fewest caption files for which workers are started. Default `ENGINE_DEFAULTS.parallelMinFiles`. */
  minFiles?: number;
  /** Caption files per batch. Default `ENGINE_DEFAULTS.batchFiles`. */
  batchFiles?: number;
  /**
   * Whether this thread loads batches too while workers run. Default true; false leaves every batch to the
   * workers (this thread only waits; a failed worker's batches are still done here).
   */
  mainTakes?: boolean;
  /** Called with one line when a worker fails (its work is then done on this thread). Default: none. */
  onWarning?: (message: string) => void;
}

/** What {@link loadAndTokenize} makes: the corpus, its transcripts' stored texts, and its token batches in corpus order. */
export interface LoadedTokens {
  corpus: Corpus;
  stored: StoredText[];
  batches: TokenBatch[];
}

/** What a worker is given (`workerData`). */
export interface WorkerInput {
  dir: string;
  files: string[];
  batchFiles: number;
  /** Shared: the next batch to take. */
  counter: Int32Array;
  load: LoadFileOptions;
  pauseSeconds: number;
  thread: number;
}

/** What a worker posts: a batch (its transcripts as columns, its skipped files by index in the batch), then `done`. */
export type WorkerMessage =
  | { kind: 'batch'; b: number; columns: TranscriptColumns; skipped: Array<[number, LoadWarning]>; batch: TokenBatch }
  | { kind: 'done' };

/** One batch's file results (transcripts or skip warnings, in file order) and tokens. */
interface BatchResult {
  results: Array<Transcript | LoadWarning>;
  batch: TokenBatch;
}

/** Loads and tokenizes batch `b` of `files` on this thread. */
export async function loadBatch(b: number, input: Omit<WorkerInput, 'counter' | 'thread' | 'pauseSeconds'>, tokenizer: BatchTokenizer): Promise<BatchResult> {
  const from = b * input.batchFiles;
  const to = Math.min(input.files.length, from + input.batchFiles);
  const results: Array<Transcript | LoadWarning> = [];
  for (let i = from; i < to; i++) results.push(await loadOrSkip(input.files[i]!, input.dir, input.load));
  const transcripts: Transcript[] = [];
  const positions: number[] = [];
  results.forEach((r, k) => {
    if (!isTranscript(r)) return;
    transcripts.push(r);
    positions.push(from + k);
  });
  return { results, batch: tokenizer.tokenize(transcripts, positions) };
}

/** Loads and tokenizes every caption file under `dir` (see the module comment). Throws as {@link corpusFiles} does. */
export async function loadAndTokenize(dir: string, options: LoadTokenizeOptions): Promise<LoadedTokens> {
  const { files, unreadable } = await corpusFiles(dir);
  const batchFiles = Math.max(1, options.batchFiles ?? ENGINE_DEFAULTS.batchFiles);
  const numBatches = Math.ceil(files.length / batchFiles);
  const input = { dir, files, batchFiles, load: { maxFileBytes: options.load?.maxFileBytes } };
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const slots: Array<BatchResult | undefined> = new Array(numBatches);
  let reported = 0;
  const report = (b: number): void => {
    const onFile = options.load?.onFile;
    if (!onFile) return;
    for (let i = b * batchFiles; i < Math.min(files.length, (b + 1) * batchFiles); i++) onFile(relativePath(dir, files[i]!), ++reported, files.length);
  };
  const workers = files.length >= (options.minFiles ?? ENGINE_DEFAULTS.parallelMinFiles) ? (options.workers ?? ENGINE_DEFAULTS.workers) : 0;
  const finished = Array.from({ length: workers }, (_, w) =>
    runWorker({ ...input, counter, pauseSeconds: options.pauseSeconds, thread: w + 1 }, (b, result) => {
      slots[b] = result;
      report(b);
    }).catch((error: unknown) => options.onWarning?.(`index worker failed (its files are read on the main thread): ${(error as Error)?.message ?? String(error)}`)),
  );
  const own = new BatchTokenizer(0, options.pauseSeconds);
  const takes = workers === 0 || options.mainTakes !== false;
  for (let b = takes ? Atomics.add(counter, 0, 1) : numBatches; b < numBatches; b = Atomics.add(counter, 0, 1)) {
    slots[b] = await loadBatch(b, input, own);
    report(b);
    // Let the workers' batches (and a progress bar's timer) in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(finished);
  // Batches a failed worker took but never sent: done here, in order, with a tokenizer of their own.
  const recovery = new BatchTokenizer(workers + 1, options.pauseSeconds);
  for (let b = 0; b < numBatches; b++) {
    if (slots[b]) continue;
    slots[b] = await loadBatch(b, input, recovery);
    report(b);
  }
  const done = slots as BatchResult[];
  const corpus = assembleCorpus(done.flatMap((s) => s.results), unreadable);
  return { corpus, stored: corpus.transcripts.map((t) => storedText(t)), batches: done.map((s) => s.batch) };
}

/** Runs one worker until it has no batch left; `onBatch` gets each batch it sends. Rejects when it fails. */
function runWorker(input: WorkerInput, onBatch: (b: number, result: BatchResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource(siblingModule('./load-tokenize-worker.ts', import.meta.url).href), { eval: true, workerData: input });
    let done = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'done') {
        done = true;
        resolve();
        void worker.terminate();
        return;
      }
      const transcripts = fromColumns(message.columns);
      const results: Array<Transcript | LoadWarning> = [];
      const skipped = new Map(message.skipped);
      const size = transcripts.length + skipped.size;
      for (let k = 0, t = 0; k < size; k++) results.push(skipped.get(k) ?? transcripts[t++]!);
      onBatch(message.b, { results, batch: message.batch });
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!done) reject(new Error(`worker exited (code ${code}) before finishing`));
    });
  });
}
