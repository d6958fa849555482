/**
 * One ingest run at a time per transcripts folder: within a process a queue (a scheduled update waits for
 * a chat `add`), across processes a lock file `.quotebot/lock` holding the owner's pid (a CLI `add` while
 * the bot's scheduled update runs is refused with a clear message). A lock left by a process that is gone
 * is taken over.
 *
 * @example
 * await withIngestLock(dir, () => addVideos(...));
 */
import { mkdir, readFile, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { STATE_FOLDER } from './store.ts';

/** Another process is adding to the same folder. */
export class IngestBusyError extends Error {
  constructor(readonly pid: number) {
    super(`another quotebot add/update is running on this folder (pid ${pid}); try again when it has finished.`);
    this.name = 'IngestBusyError';
  }
}

const queues = new Map<string, Promise<unknown>>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; ESRCH: it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(file: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // An unreadable lock (removed meanwhile, or garbage) counts as stale: it is removed below and retried.
    const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new IngestBusyError(pid);
    // Stale (its process is gone) or unreadable: remove it and try again.
    await unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  throw new Error(`could not take the lock ${file}`);
}

/** Runs `fn` holding the folder's ingest lock (queued behind this process's other runs on the folder). */
export async function withIngestLock<T>(transcriptsDir: string, fn: () => Promise<T>): Promise<T> {
  const dir = resolve(transcriptsDir);
  const previous = queues.get(dir) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    const state = join(dir, STATE_FOLDER);
    await mkdir(state, { recursive: true });
    const file = join(state, 'lock');
    await acquire(file);
    try {
      return await fn();
    } finally {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      // A run that recorded nothing leaves no empty state folder behind.
      await rmdir(state).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && error.code !== 'ENOENT') throw error;
      });
    }
  });
  queues.set(dir, run);
  try {
    return await run;
  } finally {
    if (queues.get(dir) === run) queues.delete(dir);
  }
}
