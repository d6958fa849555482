/**
 * Worker thread side of {@link createWorkerBuilder}: builds an index from a corpus and sends it back as an
 * index snapshot (`src/search/persist/snapshot.ts`), so the main thread only decodes it (tens of milliseconds)
 * instead of building it (seconds at a large corpus) while chat requests wait.
 *
 * Protocol: `{ id, corpus }` in; `{ id, ok: true, bytes }` (the snapshot, its buffer transferred) or
 * `{ id, ok: false, message, snapshot }` out (`snapshot` true when the index cannot be snapshotted, so
 * the caller stops trying).
 */
import { parentPort } from 'node:worker_threads';
import type { Corpus } from '../corpus/types.ts';
import { buildIndex } from '../search/index.ts';
import { encodeSnapshot, SnapshotError } from '../search/persist/snapshot.ts';

/** The key written into (and checked when decoding) every snapshot the worker sends. */
export const WORKER_SNAPSHOT_KEY = 'quotebot-reload-worker';

export interface BuildRequest {
  id: number;
  corpus: Corpus;
}

export type BuildReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string; snapshot: boolean };

parentPort?.on('message', (request: BuildRequest) => {
  let reply: BuildReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const parts = encodeSnapshot(buildIndex(request.corpus), WORKER_SNAPSHOT_KEY);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    reply = { id: request.id, ok: true, bytes };
    transfer.push(bytes.buffer);
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error)?.message ?? String(error), snapshot: error instanceof SnapshotError };
  }
  parentPort!.postMessage(reply, transfer);
});
