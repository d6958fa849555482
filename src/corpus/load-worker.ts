/**
 * A worker thread that loads part of a transcripts folder for {@link loadCorpus} (so parsing runs on two
 * cores): `workerData` names the files and their indices; it posts `{ i, result }` per file (a transcript,
 * or why the file was skipped) as each is loaded, then `{ end: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEach } from './load.ts';

const job = workerData as { files: string[]; which: number[]; dir: string; maxFileBytes?: number; concurrency?: number };
const local = job.files.map((_, k) => k);
await loadEach(job.files, local, job.dir, { maxFileBytes: job.maxFileBytes, concurrency: job.concurrency }, (k, result) => parentPort!.postMessage({ i: job.which[k]!, result }));
parentPort!.postMessage({ end: true });
