/**
 * Hot reload off the event loop: one long-lived worker thread reads, parses and indexes the transcripts
 * folder (`scan`, see `build-worker.ts`) or indexes a given corpus (`build`), and sends the index back in
 * transfer form (its buffers moved or shared, not copied); this thread restores it in small steps that yield to the
 * event loop ({@link fromTransfer}), so chat requests keep being answered during a rebuild of any size.
 *
 * `build` falls back to building on the main thread, with one warning, whenever the worker cannot do it:
 * it cannot start (e.g. running without tsx), it crashes, or the index cannot be snapshotted. `scan`
 * rejects instead, and the reloader falls back to scanning here. Correctness never depends on the worker;
 * only latency does.
 *
 * @example
 * const builder = createWorkerBuilder({ logger });
 * const index = await builder.build(corpus);  // SearchIndex, built in the worker when possible
 * await builder.close();
 */
import { Worker } from 'node:worker_threads';
import type { Corpus } from '../corpus/types.ts';
import type { LoadFileOptions } from '../corpus/load.ts';
import { buildIndex, indexDataOf } from '../search/index.ts';
import { decodedText } from '../search/persist/snapshot.ts';
import { fromTransfer, type ReuseText, type SnapshotTransfer } from '../search/persist/transfer.ts';
import type { SearchIndex } from '../search/types.ts';
import { WORKER_SNAPSHOT_KEY, type BuildReply, type BuildRequest, type ScanReport } from './build-worker.ts';
import type { SeedState } from './catalog.ts';
import { workerSource } from '../worker-bootstrap.ts';
import { siblingModule } from '../compiled.ts';

/** Options of {@link createWorkerBuilder}. */
export interface WorkerBuilderOptions {
  /** Where a fallback to the main thread is reported (once per reason). Default: nowhere. */
  logger?: { warn(obj: object, msg?: string): void };
  /** Build on the main thread only (no worker; `scan` then always rejects). Default false. */
  inThread?: boolean;
}

/** What to scan in the worker (see {@link IndexBuilder.scan}). */
export interface ScanRequest {
  /** The transcripts folder. */
  dir: string;
  /** Passed to the loader. Default: its defaults. */
  load?: LoadFileOptions;
  /** Start over: the files the live index serves and how to recognise those unchanged since they were read. */
  reset?: { live: string[]; seed: SeedState };
  /**
   * The live index (stays on this thread): the new index reuses its stored texts for the transcripts the
   * scan did not add or change, instead of allocating them again. Default: none.
   */
  live?: SearchIndex;
}

/** What a worker scan found, with the new index when something changed. */
export interface WorkerScan {
  report: ScanReport;
  /** The new index (verdict `changed`), restored on this thread. */
  index?: SearchIndex;
  /** Cues in the new index. */
  cues?: number;
  /** Files the worker has parsed since its folder state was (re)made. */
  parsed: number;
}

/** Builds indexes for reloads. */
export interface IndexBuilder {
  /** Builds the index of `corpus`: in the worker when possible, else on this thread. */
  build(corpus: Corpus): Promise<SearchIndex>;
  /** Scans the folder in the worker (see `build-worker.ts`); rejects when the worker cannot. */
  scan(request: ScanRequest): Promise<WorkerScan>;
  /**
   * Starts the worker and runs one tiny build through it, so the first real rebuild does not pay for
   * starting the thread and compiling the search code (and the decode path here is warm). Never rejects.
   */
  warm(): Promise<void>;
  /** Stops the worker (if any). */
  close(): Promise<void>;
  /** Where the last index was built: `worker`, or `thread` (fallback or `inThread`). */
  readonly lastBuild: 'worker' | 'thread' | undefined;
}

const WORKER_URL = siblingModule('./build-worker.ts', import.meta.url).href;

/** The worker's bootstrap: loads the worker module (compiled, or the TypeScript source through tsx: see {@link workerSource}). */
const BOOTSTRAP = workerSource(WORKER_URL);

/** Lets the event loop run between two restore steps. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Restores an index the worker sent. */
const restore = (snapshot: SnapshotTransfer, reuse?: ReuseText): Promise<SearchIndex> => fromTransfer(snapshot, WORKER_SNAPSHOT_KEY, pause, reuse);

/**
 * The live index's stored texts of the files a scan neither added nor changed (see {@link ScanRequest.live}),
 * those already in memory only: a text the live index restored lazily and has not used yet is not decoded
 * for this (the new index decodes its own copy when first used).
 */
function unchangedTexts(live: SearchIndex | undefined, report: ScanReport): ReuseText | undefined {
  const stored = live && indexDataOf(live)?.data.stored;
  if (!live || !stored) return undefined;
  const fresh = new Set([...report.added, ...report.changed]);
  const files = new Map<string, number>();
  live.corpus.transcripts.forEach((t, k) => {
    if (!fresh.has(t.file)) files.set(t.file, k);
  });
  return (t) => {
    const k = files.get(t.file);
    return k === undefined || !stored[k] ? undefined : decodedText(stored[k]);
  };
}

type Request = BuildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** One worker thread and its requests in flight. */
class WorkerChannel {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: BuildReply) => void; reject: (e: Error) => void }>();

  /** Sends `request` (starting the worker if needed) and resolves with its reply. */
  request(request: Request): Promise<BuildReply> {
    const w = (this.worker ??= this.start());
    const id = ++this.seq;
    return new Promise<BuildReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...request, id });
    });
  }

  /** Terminates the worker; requests in flight reject. */
  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      w.removeAllListeners('exit');
      w.removeAllListeners('error');
      await w.terminate();
    }
    this.failAll(new Error('build worker closed'));
  }

  private start(): Worker {
    const w = new Worker(BOOTSTRAP, { eval: true });
    w.unref();
    w.on('message', (reply: BuildReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      p.resolve(reply);
    });
    w.on('error', (error) => this.failAll(error));
    w.on('exit', (code) => this.failAll(new Error(`build worker exited with code ${code}`)));
    return w;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.worker = undefined;
  }
}

/** Creates an {@link IndexBuilder} that uses one long-lived worker thread. */
export function createWorkerBuilder(options: WorkerBuilderOptions = {}): IndexBuilder {
  const channel = new WorkerChannel();
  let disabled = options.inThread === true;
  /** Set by close(): a build still waiting on the worker then fails quietly instead of falling back. */
  let closed = false;
  let lastBuild: 'worker' | 'thread' | undefined;

  const fallback = (reason: string): void => {
    options.logger?.warn({ reason }, `reload: building the index on the main thread (${reason}); requests wait while it builds`);
  };
  /** A failed reply: an index that cannot be snapshotted will not become snapshottable, so stop using the worker. */
  const refused = async (reply: Extract<BuildReply, { ok: false }>): Promise<Error> => {
    if (reply.snapshot) {
      disabled = true;
      await channel.terminate();
    }
    return new Error(reply.message);
  };

  return {
    get lastBuild() {
      return lastBuild;
    },
    async build(corpus) {
      lastBuild = 'thread';
      if (disabled) return buildIndex(corpus);
      try {
        const reply = await channel.request({ kind: 'build', corpus });
        if (!reply.ok) throw await refused(reply);
        const index = await restore(reply.snapshot!);
        lastBuild = 'worker';
        return index;
      } catch (error) {
        if (closed) throw error;
        fallback((error as Error)?.message ?? String(error));
      }
      return buildIndex(corpus);
    },
    async scan(request) {
      if (disabled) throw new Error('the build worker is not in use');
      const { live, ...toWorker } = request;
      const reply = await channel.request({ kind: 'scan', ...toWorker });
      if (!reply.ok) throw await refused(reply);
      const index = reply.snapshot ? await restore(reply.snapshot, unchangedTexts(live, reply.scan!)) : undefined;
      if (index) lastBuild = 'worker';
      return { report: reply.scan!, index, cues: reply.cues, parsed: reply.parsed ?? 0 };
    },
    async warm() {
      if (disabled) return;
      const cue = { start: 0, end: 2, text: 'Warming up the index builder.' };
      const meta = { id: 'warm-up', title: 'warm-up' };
      await this.build({ transcripts: [{ meta, file: 'warm-up.srt', format: 'srt', cues: [cue], approximate: false, warnings: [] }], skipped: [] }).catch(() => undefined);
    },
    async close() {
      closed = true;
      await channel.terminate();
    },
  };
}
