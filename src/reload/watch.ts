/**
 * Watching the transcripts folder (chokidar) and turning bursts of file events into one debounced call.
 *
 * Only events that can change the corpus count: caption files, `.info.json` sidecars and folders
 * (dotfiles, dot folders and `node_modules` are ignored, as the loader does). An event is reported only
 * once the file's size has been stable for `writeFinishMs` (chokidar `awaitWriteFinish`), then the
 * debounce waits for `debounceMs` of quiet (at most `maxWaitMs` in all) before `onChange` fires once
 * with every path seen.
 *
 * @example
 * const watch = watchFolder({ dir, debounceMs: 1000, maxWaitMs: 15000, writeFinishMs: 500,
 *   onChange: (paths) => reloader.reload(), onError: (e) => logger.warn(e.message) });
 * await watch.ready; ... await watch.close();
 */
import { watch as chokidarWatch } from 'chokidar';
import { basename, relative, sep } from 'node:path';
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
  /** Resolves when the initial scan is done and events are being delivered. */
  ready: Promise<void>;
  /** Stops watching; a pending debounced call is dropped. */
  close(): Promise<void>;
}

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

/** Starts watching `dir`. See {@link WatchOptions}. */
export function watchFolder(options: WatchOptions): FolderWatch {
  const { dir, debounceMs, maxWaitMs } = options;
  const watcher = chokidarWatch(dir, {
    ignoreInitial: true,
    persistent: true,
    ignored: (path: string) => ignoredPath(dir, path),
    awaitWriteFinish: options.writeFinishMs > 0 ? { stabilityThreshold: options.writeFinishMs, pollInterval: Math.min(100, options.writeFinishMs) } : false,
  });

  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstEventAt = 0;
  let closed = false;

  const fire = (): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const paths = [...pending];
    pending = new Set();
    options.onChange(paths);
  };

  watcher.on('all', (event, path) => {
    if (closed || !relevant(event, path)) return;
    const now = Date.now();
    if (pending.size === 0) firstEventAt = now;
    pending.add(path);
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstEventAt + maxWaitMs - now));
    timer = setTimeout(fire, wait);
  });
  watcher.on('error', (error) => options.onError(error instanceof Error ? error : new Error(String(error))));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await watcher.close();
    },
  };
}
