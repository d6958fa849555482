/**
 * Watching the transcripts folder (chokidar) and turning bursts of file events into one debounced call.
 *
 * Only events that can change the corpus count: caption files, `.info.json` sidecars and folders
 * (dotfiles, dot folders and `node_modules` are ignored, as the loader does). An event is reported only
 * once the file's size has been stable for `writeFinishMs` (chokidar `awaitWriteFinish`), then the
 * debounce waits for `debounceMs` of quiet (at most `maxWaitMs` in all) before `onChange` fires once
 * with every path seen. If the folder itself is removed or replaced (a deploy), a once-a-second check of
 * its identity notices it, reports the change and watches the new folder afresh.
 *
 * @example
 * const watch = watchFolder({ dir, debounceMs: 1000, maxWaitMs: 15000, writeFinishMs: 500,
 *   onChange: (paths) => reloader.reload(), onError: (e) => logger.warn(e.message) });
 * await watch.ready; ... await watch.close();
 */
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { isCaptionFile } from '../corpus/load.ts';
import { SIDECAR_SUFFIX } from '../corpus/sidecar.ts';

/** Options of {@link watchFolder}. */
export interface WatchOptions {
  /** Folder to watch, recursively. */
  dir: string;
  /** Quiet time after the last event before `onChange` fires, in ms. */
  debounceMs: number;
  /** Longest `onChange` may be postponed by a continuous stream of events, in ms. */
  maxWaitMs: number;
  /** How long a written file's size must stay the same before its event counts, in ms (0: do not wait). */
  writeFinishMs: number;
  /** Called once per burst with the paths (absolute or as given) that changed. */
  onChange: (paths: string[]) => void;
  /** Called when the watcher reports an error (it keeps running). */
  onError: (error: Error) => void;
}

/** A running folder watch. */
export interface FolderWatch {
  /**
   * Resolves when the initial scan is done and events are being delivered, or when the watch is closed
   * before that (never rejects), so nothing waiting on it can hang past `close()`.
   */
  ready: Promise<void>;
  /** Stops watching; a pending debounced call is dropped. */
  close(): Promise<void>;
}

/** How often the transcripts folder is checked for being removed, replaced or back, in ms. */
const GUARD_POLL_MS = 1000;

/** True for a path inside `dir` the loader would skip (a dot segment or `node_modules`). */
function ignoredPath(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  if (!rel || rel.startsWith('..')) return false;
  return rel.split(sep).some((part) => part.startsWith('.') || part === 'node_modules');
}

/** True for an event that may change the corpus. */
function relevant(event: string, path: string): boolean {
  if (event === 'addDir' || event === 'unlinkDir') return true;
  const name = basename(path);
  return isCaptionFile(name) || name.toLowerCase().endsWith(SIDECAR_SUFFIX);
}

/** Turns events into one `onChange` call per burst: after `debounceMs` of quiet, at most `maxWaitMs` after the first. */
function debouncer(options: WatchOptions, isClosed: () => boolean): { note(path: string): void; cancel(): void } {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstEventAt = 0;
  const fire = (): void => {
    timer = undefined;
    if (isClosed() || pending.size === 0) return;
    const paths = [...pending];
    pending = new Set();
    options.onChange(paths);
  };
  return {
    note(path) {
      const now = Date.now();
      if (pending.size === 0) firstEventAt = now;
      pending.add(path);
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(options.debounceMs, firstEventAt + options.maxWaitMs - now)));
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * The folder's identity (`dev:inode:birth time`), or undefined when it is missing, unreadable or not a folder.
 * The birth time matters: a folder removed and made again at once often gets the freed inode number back.
 */
export async function folderIdentity(dir: string): Promise<string | undefined> {
  try {
    const info = await stat(dir);
    return info.isDirectory() ? `${info.dev}:${info.ino}:${info.birthtimeMs}` : undefined;
  } catch {
    return undefined; // missing or unreadable: treated as gone until it is back
  }
}

/** A chokidar watcher on the folder: `onPath` for each relevant event, `onRootGone` when the folder itself goes. */
function armWatcher(options: WatchOptions, onPath: (path: string) => void, onRootGone: () => void): FSWatcher {
  const { dir } = options;
  const w = chokidarWatch(dir, {
    ignoreInitial: true,
    persistent: true,
    // Links are not followed, as the loader does not follow linked folders: `ln -s . loop` would
    // otherwise be walked forever (never ready, ELOOP warnings, gigabytes of memory).
    followSymlinks: false,
    ignored: (path: string) => ignoredPath(dir, path),
    awaitWriteFinish: options.writeFinishMs > 0 ? { stabilityThreshold: options.writeFinishMs, pollInterval: Math.min(100, options.writeFinishMs) } : false,
  });
  w.on('all', (event, path) => {
    if (event === 'unlinkDir' && resolve(path) === resolve(dir)) onRootGone();
    else if (relevant(event, path)) onPath(path);
  });
  w.on('error', (error) => options.onError(error instanceof Error ? error : new Error(String(error))));
  return w;
}

/** Starts watching `dir`. See {@link WatchOptions}. */
export function watchFolder(options: WatchOptions): FolderWatch {
  const { dir } = options;
  let closed = false;
  let watcher: FSWatcher | undefined;
  const retired: FSWatcher[] = [];
  const { note, cancel } = debouncer(options, () => closed);
  const onPath = (path: string): void => {
    if (!closed) note(path);
  };

  /**
   * The folder itself can be removed and replaced (a deploy: `rm -rf` then copy). A watcher on a removed
   * folder sees nothing more, and chokidar does not always report the removal of its own root (the
   * `unlinkDir` may never come when the folder goes at once, or comes back before the event is read), so
   * the folder's identity is checked every {@link GUARD_POLL_MS}: gone, the watcher is retired; back, or
   * replaced by another folder (a new inode), a fresh watcher is armed and the change reported.
   */
  let identity: string | undefined;
  const retire = (): void => {
    // Closing a chokidar watcher from inside its own event can leave an fs handle open: retire it, and
    // close it once the folder is back (or on close()).
    if (watcher) retired.push(watcher);
    watcher = undefined;
  };
  const guard = async (): Promise<void> => {
    const now = await folderIdentity(dir);
    if (closed || now === identity) return;
    identity = now;
    retire();
    if (now !== undefined) {
      for (const old of retired.splice(0)) void old.close();
      watcher = arm();
      // Files written while the new watcher makes its first scan count as already there (ignoreInitial),
      // so no event reports them: once it is ready, report the folder again to pick them up.
      watcher.once('ready', () => {
        if (!closed) note(dir);
      });
    }
    note(dir);
  };
  const arm = (): FSWatcher => armWatcher(options, onPath, () => void (closed || guard()));
  const guardPoll = setInterval(() => void guard(), GUARD_POLL_MS);
  guardPoll.unref();

  watcher = arm();
  void folderIdentity(dir).then((id) => {
    identity ??= id;
  });
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
    watcher!.once('ready', () => resolve());
  });
  return {
    ready,
    async close() {
      closed = true;
      resolveReady();
      cancel();
      clearInterval(guardPoll);
      await Promise.all([watcher, ...retired.splice(0)].map((w) => w?.close()));
      watcher = undefined;
    },
  };
}
