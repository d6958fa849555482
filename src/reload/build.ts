/**
 * Building the reloaded index off the event loop: a worker thread builds it and sends it back as an index
 * snapshot, which the main thread decodes (for the 3Blue1Brown demo corpus: ~0.7 s build in the worker,
 * ~30 ms decode on the main thread), so chat requests keep being answered during a rebuild instead of
 * waiting seconds for it (and missing Discord's and Slack's 3 s deadlines at a large corpus).
 *
 * Falls back to building on the main thread, with one warning, whenever the worker cannot do it: it
 * cannot start (e.g. running without tsx), it crashes, or the index cannot be snapshotted. Correctness
 * never depends on the worker; only latency does.
 *
 * @example
 * const builder = createWorkerBuilder({ logger });
 * const index = await builder.build(corpus);  // SearchIndex, built in the worker when possible
 * await builder.close();
 */
import { Worker } from 'node:worker_threads';
import type { Corpus } from '../corpus/types.ts';
import { buildIndex } from '../search/index.ts';
import { decodeSnapshot } from '../search/persist/snapshot.ts';
import type { SearchIndex } from '../search/types.ts';
import { WORKER_SNAPSHOT_KEY, type BuildReply } from './build-worker.ts';
import { tsxWorkerSource } from '../worker-bootstrap.ts';

/** Options of {@link createWorkerBuilder}. */
export interface WorkerBuilderOptions {
  /** Where a fallback to the main thread is reported (once per reason). Default: nowhere. */
  logger?: { warn(obj: object, msg?: string): void };
  /** Build on the main thread only (no worker). Default false. */
  inThread?: boolean;
}

/** Builds indexes for reloads. */
export interface IndexBuilder {
  /** Builds the index of `corpus`: in the worker when possible, else on this thread. */
  build(corpus: Corpus): Promise<SearchIndex>;
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

const WORKER_URL = new URL('./build-worker.ts', import.meta.url).href;

/**
 * The worker's bootstrap: registers tsx (the project runs TypeScript through tsx, and Node 20 does not
 * carry the main thread's loader into workers), then loads the worker module.
 */
const BOOTSTRAP = tsxWorkerSource(WORKER_URL);

/** Creates an {@link IndexBuilder} that uses one long-lived worker thread. */
export function createWorkerBuilder(options: WorkerBuilderOptions = {}): IndexBuilder {
  let worker: Worker | undefined;
  let disabled = options.inThread === true;
  /** Set by close(): a build still waiting on the worker then fails quietly instead of falling back. */
  let closed = false;
  let seq = 0;
  let lastBuild: 'worker' | 'thread' | undefined;
  const pending = new Map<number, { resolve: (r: BuildReply) => void; reject: (e: Error) => void }>();

  const fallback = (reason: string): void => {
    options.logger?.warn({ reason }, `reload: building the index on the main thread (${reason}); requests wait while it builds`);
  };

  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker = undefined;
  };

  const start = (): Worker => {
    const w = new Worker(BOOTSTRAP, { eval: true });
    w.unref();
    w.on('message', (reply: BuildReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      p.resolve(reply);
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', (code) => failAll(new Error(`build worker exited with code ${code}`)));
    return w;
  };

  const terminate = async (): Promise<void> => {
    const w = worker;
    worker = undefined;
    if (w) {
      w.removeAllListeners('exit');
      w.removeAllListeners('error');
      await w.terminate();
    }
    failAll(new Error('build worker closed'));
  };

  return {
    get lastBuild() {
      return lastBuild;
    },
    async build(corpus) {
      lastBuild = 'thread';
      if (disabled) return buildIndex(corpus);
      try {
        worker ??= start();
        const id = ++seq;
        const reply = await new Promise<BuildReply>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          worker!.postMessage({ id, corpus });
        });
        if (reply.ok) {
          const index = decodeSnapshot(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength), WORKER_SNAPSHOT_KEY);
          lastBuild = 'worker';
          return index;
        }
        // An index that cannot be snapshotted will not become snapshottable: stop using the worker.
        if (reply.snapshot) {
          disabled = true;
          await terminate();
        }
        fallback(reply.message);
      } catch (error) {
        if (closed) throw error;
        fallback((error as Error)?.message ?? String(error));
      }
      return buildIndex(corpus);
    },
    async warm() {
      if (disabled) return;
      const cue = { start: 0, end: 2, text: 'Warming up the index builder.' };
      const meta = { id: 'warm-up', title: 'warm-up' };
      await this.build({ transcripts: [{ meta, file: 'warm-up.srt', format: 'srt', cues: [cue], approximate: false, warnings: [] }], skipped: [] }).catch(() => undefined);
    },
    async close() {
      closed = true;
      await terminate();
    },
  };
}
