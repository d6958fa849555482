/**
 * Worker thread side of {@link createWorkerBuilder}. Two requests:
 *
 * - `scan`: the reload itself. The worker owns the folder's {@link FileCatalog}: it lists and stats the
 *   files, reads and parses only the changed ones, and when something changed builds the new index and
 *   sends it back in transfer form (`toTransfer`: buffers moved or shared, not copied). Only the folder's path
 *   goes in, and the summary (file names, counts) and the index's buffers come out; the corpus never
 *   crosses. `reset` (sent first, and whenever the main thread's live index did not come from this worker)
 *   says which files are live and how to recognise the ones unchanged since they were read.
 * - `build`: an index of a given corpus (the {@link IndexBuilder.build} API), sent back the same way.
 *
 * Replies: `{ id, ok: true, scan?, snapshot?, cues? }` or `{ id, ok: false, message, snapshot }` (`snapshot`
 * true when the index cannot be snapshotted, so the caller stops trying).
 */
import { parentPort } from 'node:worker_threads';
import type { LoadFileOptions } from '../corpus/load.ts';
import { warnDuplicateIds } from '../corpus/load.ts';
import type { Corpus, Transcript } from '../corpus/types.ts';
import { buildIndex, type BuildOptions } from '../search/index.ts';
import { SnapshotError } from '../search/persist/snapshot.ts';
import type { SearchIndex } from '../search/types.ts';
import { toTransfer, type SnapshotTransfer } from '../search/persist/transfer.ts';
import { FileCatalog, type ScanResult, type SeedState } from './catalog.ts';

/** The key written into (and checked when decoding) every snapshot the worker sends. */
export const WORKER_SNAPSHOT_KEY = 'quotebot-reload-worker';

/** A scan's result as it crosses: everything but the transcripts. */
export type ScanReport = Omit<ScanResult, 'transcripts'>;

export type BuildRequest =
  | { id: number; kind: 'build'; corpus: Corpus }
  | { id: number; kind: 'scan'; dir: string; load?: LoadFileOptions; reset?: { live: string[]; seed: SeedState } };

export type BuildReply =
  | { id: number; ok: true; scan?: ScanReport; snapshot?: SnapshotTransfer; cues?: number; parsed?: number }
  | { id: number; ok: false; message: string; snapshot: boolean };

/** The folder this worker scans, its parse cache and what the main thread serves (as far as it knows). */
interface FolderState {
  dir: string;
  catalog: FileCatalog;
  served: Map<string, Transcript | undefined>;
}
let folder: FolderState | undefined;

const cuesOf = (transcripts: readonly Transcript[]): number => transcripts.reduce((n, t) => n + t.cues.length, 0);

/**
 * The index of `corpus` as this worker builds it (`options`: other build options, for tests): never in
 * shared memory for a second ranking thread ({@link BuildOptions.sharedMemory}), as it answers no query here
 * and {@link toTransfer} copies it into a shared buffer of its own.
 */
export function workerIndex(corpus: Corpus, options: BuildOptions = {}): SearchIndex {
  return buildIndex(corpus, { ...options, sharedMemory: false });
}

/** The index of `corpus` in transfer form. */
function built(corpus: Corpus): { snapshot: SnapshotTransfer; transfer: ArrayBuffer[] } {
  return toTransfer(workerIndex(corpus), WORKER_SNAPSHOT_KEY);
}

/** Scans the folder and, when something changed, builds the new index. */
async function scan(request: Extract<BuildRequest, { kind: 'scan' }>): Promise<{ reply: BuildReply; transfer: ArrayBuffer[] }> {
  if (request.reset || folder?.dir !== request.dir) {
    const catalog = new FileCatalog({ dir: request.dir, load: request.load });
    catalog.seed(request.reset?.seed ?? {});
    folder = { dir: request.dir, catalog, served: new Map((request.reset?.live ?? []).map((file) => [file, undefined])) };
  }
  const state = folder;
  const { transcripts, ...report } = await state.catalog.scan(state.served);
  const parsed = state.catalog.parsed;
  if (report.verdict !== 'changed') {
    if (report.verdict === 'unchanged') state.served = new Map(transcripts.map((t) => [t.file, t]));
    return { reply: { id: request.id, ok: true, scan: report, parsed }, transfer: [] };
  }
  warnDuplicateIds(transcripts);
  let out: ReturnType<typeof built>;
  try {
    out = built({ transcripts, skipped: report.skipped });
  } catch (error) {
    state.catalog.reset(); // re-read and retry on the next reload
    throw error;
  }
  state.catalog.commit();
  state.served = new Map(transcripts.map((t) => [t.file, t]));
  return { reply: { id: request.id, ok: true, scan: report, snapshot: out.snapshot, cues: cuesOf(transcripts), parsed }, transfer: out.transfer };
}

async function handle(request: BuildRequest): Promise<{ reply: BuildReply; transfer: ArrayBuffer[] }> {
  if (request.kind === 'scan') return scan(request);
  const out = built(request.corpus);
  return { reply: { id: request.id, ok: true, snapshot: out.snapshot, cues: cuesOf(request.corpus.transcripts) }, transfer: out.transfer };
}

parentPort?.on('message', (request: BuildRequest) => {
  void handle(request).then(
    ({ reply, transfer }) => parentPort!.postMessage(reply, transfer),
    (error: unknown) => {
      const reply: BuildReply = { id: request.id, ok: false, message: (error as Error)?.message ?? String(error), snapshot: error instanceof SnapshotError };
      parentPort!.postMessage(reply);
    },
  );
});
