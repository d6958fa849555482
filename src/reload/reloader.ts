/**
 * Hot reload of the transcripts folder: re-read what changed, rebuild the index beside the live one and
 * swap it in atomically, so a query never waits for a rebuild and never sees half a corpus.
 *
 * - **Cheap:** each parsed {@link Transcript} is kept per file, keyed by the size and mtime of the file and
 *   of its `.info.json` sidecars ({@link fileSignature}); a reload reads only files whose key changed (the
 *   first one reads every file once). A re-read file whose content equals what is served keeps the served
 *   object, and nothing is rebuilt unless a transcript was added, changed or removed.
 * - **Safe:** a file that cannot be loaded is skipped with a warning naming it (a file that was fine
 *   before keeps serving its previous version); a reload that would leave no transcript at all while the
 *   live index has some (folder deleted or emptied by accident) keeps the live index and warns; an index
 *   build error keeps the live index too.
 * - **Off the event loop:** files are read asynchronously and the new index is built in a worker thread
 *   ({@link createWorkerBuilder}); this thread only decodes the result, so chat requests keep being
 *   answered from the live index during a rebuild.
 * - **Watched:** chokidar events (debounced, after writes settle), a re-armed watch when the folder itself
 *   is replaced, and a periodic rescan as a safety net ({@link ReloaderOptions.rescanMs}).
 * - **Serial:** reloads never overlap. Calls during a running reload share one follow-up reload, which
 *   starts after the running one and sees every change made until then.
 *
 * @example
 * const reloader = createReloader({ dir: config.transcriptsDir, bot, logger });
 * await reloader.start();                // watch the folder (add / change / delete, debounced)
 * const summary = await reloader.reload(); // or reload now (the admin `reload` command does this)
 * await reloader.stop();
 */
import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Corpus, LoadWarning, Transcript } from '../corpus/types.ts';
import { listCaptionFiles, LoadError, loadFile as defaultLoadFile, warnDuplicateIds, type LoadFileOptions } from '../corpus/load.ts';
import type { SearchIndex } from '../search/types.ts';
import { warmSearch } from '../search/persist/warm.ts';
import type { ReloadSummary as CoreReloadSummary } from '../core/commands/index.ts';
import { fileSignature, signatureMtime, signatureParts } from './signature.ts';
import { watchFolder, type FolderWatch } from './watch.ts';
import { createWorkerBuilder, type IndexBuilder } from './build.ts';

/** What holds the live index: the {@link QuoteBot} (`bot.index`, `bot.setIndex()`). */
export interface IndexHolder {
  readonly index: SearchIndex;
  /** Atomically replaces the index that new queries use. */
  setIndex(index: SearchIndex): void;
}

/** The logger calls the reloader makes (a pino `Logger` fits). */
export interface ReloadLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** A file that could not be loaded during a reload. */
export interface SkippedFile extends LoadWarning {
  /** True when the file loaded fine before, and its previous version keeps being served. */
  keptPrevious: boolean;
}

/**
 * What a reload did. It is a superset of the core's `ReloadSummary` (`src/core/commands/types.ts`), so
 * `reloader.reload` plugs straight into the bot's `reload` option.
 *
 * @example
 * { outcome: 'swapped', added: ['new [abc123def45].en.vtt'], changed: [], removed: [], skipped: [],
 *   skippedFiles: [], transcripts: 36, cues: 10912, read: 1, reused: 35, ms: 184 }
 */
export interface ReloadSummary extends CoreReloadSummary {
  /**
   * `swapped`: a new index is live. `unchanged`: no file changed, the live index stays.
   * `kept`: the new corpus would be empty (or the folder is gone) while the live one is not, so the live
   * index stays. `failed`: the index build threw; the live index stays.
   */
  outcome: 'swapped' | 'unchanged' | 'kept' | 'failed';
  /** Caption files (relative to the folder) new since the last reload and loaded fine. */
  added: string[];
  /** Files whose content or sidecar changed and that loaded fine. */
  changed: string[];
  /** Files gone since the last reload. */
  removed: string[];
  /** Files that could not be loaded this time, one line each: `file:line: message`. */
  skipped: string[];
  /** The same files, structured. */
  skippedFiles: SkippedFile[];
  /** Transcripts in the index that is live after this reload. */
  transcripts: number;
  /** Cues in the index that is live after this reload. */
  cues: number;
  /** Files read and parsed by this reload. */
  read: number;
  /** Files whose previous parse was reused (unchanged size and mtime). */
  reused: number;
  /** Wall time of the reload in milliseconds (scan + read + build). */
  ms: number;
  /** Why the live index was kept (`kept` / `failed`). */
  reason?: string;
}

/** Options of {@link createReloader}. */
export interface ReloaderOptions {
  /** The transcripts folder (`TRANSCRIPTS_DIR`). @example { dir: '/srv/quotebot/transcripts' } */
  dir: string;
  /** Whose index is swapped: the bot. */
  bot: IndexHolder;
  /** Where reloads and warnings are logged. Default: nowhere. */
  logger?: ReloadLogger;
  /**
   * Quiet time after the last file event before a watched change triggers a reload, in ms. A burst (a
   * yt-dlp batch writing many files) becomes one reload. Default 1000. @example { debounceMs: 250 }
   */
  debounceMs?: number;
  /** Longest a continuous stream of events may postpone a reload, in ms. Default 15000. */
  maxWaitMs?: number;
  /**
   * A file's size must stay the same this long (ms) before its event counts, so files still being
   * written are not read half-way (chokidar `awaitWriteFinish.stabilityThreshold`). Default 500.
   */
  writeFinishMs?: number;
  /**
   * While watching, also rescan the folder this often (ms; 0 = never). A safety net for file systems whose
   * change events do not reach the watcher (network mounts, some container volumes); a rescan that finds
   * nothing changed only stats the files. Default 300000 (5 minutes).
   */
  rescanMs?: number;
  /**
   * When the live corpus was read from the folder (epoch ms, taken just before reading or keying it).
   * With it, `start()` takes over the live transcripts of files not modified since (by mtime, with 2 s of
   * slack) instead of reading every file again to catch up, which matters at a large corpus restored from
   * the index cache. A file replaced in that window by a tool that backdates mtimes (`rsync -t`) is then
   * picked up only at its next change. Default: none (the first reload reads every file once).
   * @example { loadedAt: Date.now() } // taken before loadCorpus / openIndexCached
   */
  loadedAt?: number;
  /**
   * The folder as it was when the live corpus was read: every file's relative path, size and mtime (what
   * `openIndexCached` returns as `files`). With it, `start()` takes over the live transcript of every
   * caption file whose size and mtime (and its sidecars') are still the same, exactly, so the catch-up
   * reload reads only files changed since. Takes precedence over {@link loadedAt}. Default: none.
   * @example { loadedState: opened.files } // from openIndexCached / openIndexWithCache
   */
  loadedState?: ReadonlyArray<{ file: string; size: number; mtimeMs: number }>;
  /** Passed to `loadFile` (e.g. `maxFileBytes`). Default: the loader's defaults. */
  load?: LoadFileOptions;
  /**
   * Builds an index from a corpus. Default: `buildIndex` in a worker thread, decoded here from an index
   * snapshot, falling back to `buildIndex` on this thread ({@link createWorkerBuilder}), so requests are
   * not held up by a rebuild. @example { build: (corpus) => buildIndex(corpus) } (same thread)
   */
  build?: (corpus: Corpus) => SearchIndex | Promise<SearchIndex>;
  /** Loads one file. Default `loadFile` from `src/corpus/load.ts`. */
  loadFile?: (path: string, root: string, options?: LoadFileOptions) => Promise<Transcript>;
  /** Called after every reload (manual or watched) with its summary. Default: none. */
  onReload?: (summary: ReloadSummary) => void;
}

/** A running hot-reload service. */
export interface Reloader {
  /** Re-scans the folder now and swaps in a new index when something changed. Never rejects. */
  reload(): Promise<ReloadSummary>;
  /**
   * Starts watching the folder; resolves when the watcher is ready (or when stop() is called before it
   * is; serving never needs to wait for it). Then reloads once in the background to catch changes made
   * since the startup load. Idempotent.
   */
  start(): Promise<void>;
  /**
   * Stops watching and aborts a reload in progress (it keeps the live index and never swaps one in
   * afterwards; the build worker is terminated). Resolves within about 2 s whatever runs. Idempotent.
   */
  stop(): Promise<void>;
  /** The summary of the last finished reload, if any. */
  readonly last: ReloadSummary | undefined;
}

interface Entry {
  signature: string;
  /** The parsed file: the current one, or the previous good one when the current one is broken. */
  transcript?: Transcript;
  /** Why the current version could not be loaded. */
  error?: LoadWarning;
}

const noop = (): void => {};
/** Files stat'ed at once during a rescan. */
const STAT_CONCURRENCY = 32;
/** Changed files read and parsed at once (as the loader does). */
const READ_CONCURRENCY = 8;
/** mtime slack when seeding from `loadedAt` (coarse file system timestamps, clock steps). */
const SEED_SLACK_MS = 2000;

/** `fn` over `items` with at most `limit` running at once; results in input order. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
/** Why a reload cut short by stop() kept the live index. */
const STOPPING = 'quotebot is stopping';
/** Longest stop() waits for a reload that cannot be interrupted (a custom `build`), in ms. */
const STOP_WAIT_MS = 2000;
const silent: ReloadLogger = { info: noop, warn: noop, error: noop, debug: noop };

const relativePath = (root: string, path: string): string => relative(root, path).split(sep).join('/');
const cueCount = (corpus: Corpus): number => corpus.transcripts.reduce((n, t) => n + t.cues.length, 0);

/** True when two parses of a file would index and render the same (warnings aside). */
function sameContent(a: Transcript, b: Transcript): boolean {
  if (a.cues.length !== b.cues.length || a.format !== b.format || a.approximate !== b.approximate) return false;
  return JSON.stringify([a.meta, a.cues]) === JSON.stringify([b.meta, b.cues]);
}

/** Creates the hot-reload service for one transcripts folder. See {@link ReloaderOptions}. */
export function createReloader(options: ReloaderOptions): Reloader {
  const { dir, bot } = options;
  const logger = options.logger ?? silent;
  const load = options.loadFile ?? defaultLoadFile;
  let builder: IndexBuilder | undefined;

  /**
   * With {@link ReloaderOptions.loadedState} (exact) or {@link ReloaderOptions.loadedAt} (by mtime): caches
   * the live transcript of every file unchanged since the live corpus was read, so the catch-up reload
   * reads only files changed since. Returns how many were taken over.
   */
  async function seed(): Promise<number> {
    if (cache.size > 0) return 0;
    let files: string[];
    try {
      // An unreadable subfolder is left out here; the catch-up reload that follows warns about it.
      files = await listCaptionFiles(dir, { onUnreadable: noop });
    } catch {
      return 0;
    }
    const state = options.loadedState?.length ? new Map(options.loadedState.map((f) => [f.file, `${f.size}:${f.mtimeMs}`])) : undefined;
    const loadedAt = options.loadedAt;
    if (!state && loadedAt === undefined) return 0;
    const served = new Map(bot.index.corpus.transcripts.map((t) => [t.file, t]));
    const signatures = await mapPool(files, STAT_CONCURRENCY, (path) => fileSignature(path));
    let seeded = 0;
    files.forEach((path, i) => {
      const transcript = served.get(relativePath(dir, path));
      const signature = signatures[i]!;
      if (!transcript) return;
      if (state) {
        // The signature the file (and its sidecars) had when the corpus was read, from the recorded state.
        const then = signatureParts(path).map((part) => state.get(relativePath(dir, part)) ?? '-').join('|');
        if (then !== signature) return;
      } else {
        const mtime = signatureMtime(signature);
        if (mtime === undefined || mtime > loadedAt! - SEED_SLACK_MS) return;
      }
      cache.set(path, { signature, transcript });
      seeded++;
    });
    return seeded;
  }
  const build = options.build ?? ((corpus: Corpus) => (builder ??= createWorkerBuilder({ logger })).build(corpus));
  /** Parsed files by absolute path. */
  let cache = new Map<string, Entry>();
  let running: Promise<ReloadSummary> | undefined;
  let queued: Promise<ReloadSummary> | undefined;
  let watch: FolderWatch | undefined;
  let rescan: NodeJS.Timeout | undefined;
  let last: ReloadSummary | undefined;
  /** Set by stop(): a running reload gives up at its next step and never swaps an index in. */
  let stopping = false;

  async function run(): Promise<ReloadSummary> {
    const started = performance.now();
    const live = bot.index.corpus;
    const summary: ReloadSummary = {
      outcome: 'unchanged', added: [], changed: [], removed: [], skipped: [], skippedFiles: [],
      transcripts: live.transcripts.length, cues: cueCount(live), read: 0, reused: 0, ms: 0,
    };
    const finish = (outcome: ReloadSummary['outcome'], reason?: string): ReloadSummary => {
      summary.outcome = outcome;
      if (reason) summary.reason = reason;
      summary.ms = Math.round(performance.now() - started);
      return summary;
    };

    if (stopping) return finish('kept', STOPPING);
    let files: string[];
    const unreadable: LoadWarning[] = [];
    try {
      if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      files = await listCaptionFiles(dir, { onUnreadable: (w) => unreadable.push(w) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      const reason = code === 'ENOENT' ? `transcripts folder ${dir} not found` : `transcripts folder ${dir} unreadable (${code})`;
      if (live.transcripts.length > 0) {
        logger.warn({ dir, transcripts: live.transcripts.length }, `reload: ${reason}; keeping the ${live.transcripts.length} transcripts already loaded`);
        return finish('kept', reason);
      }
      logger.warn({ dir }, `reload: ${reason}`);
      return finish('unchanged', reason);
    }

    if (stopping) return finish('kept', STOPPING);
    // Live transcripts by file: what is served now, and what a file's new parse is compared with.
    const served = new Map(live.transcripts.map((t) => [t.file, t]));
    // A subfolder that cannot be read now (permissions changed, a failing mount) is skipped with a warning,
    // and the transcripts served from it stay, as a file that turned unreadable keeps its previous version.
    const held = new Map<string, Entry>();
    for (const warning of unreadable) {
      const kept = live.transcripts.filter((t) => t.file.startsWith(warning.file));
      for (const t of kept) {
        const path = join(dir, ...t.file.split('/'));
        held.set(path, cache.get(path) ?? { signature: 'held', transcript: t });
      }
      const line = `${warning.file}: ${warning.message}${kept.length ? ` (still serving the ${kept.length} transcript(s) loaded from it)` : ''}`;
      summary.skippedFiles.push({ ...warning, keptPrevious: kept.length > 0 });
      summary.skipped.push(line);
      logger.warn({ file: warning.file, keptPrevious: kept.length > 0 }, `reload: skipped ${line}`);
    }
    if (held.size) files = [...files, ...held.keys()].sort((a, b) => (relativePath(dir, a) < relativePath(dir, b) ? -1 : 1));
    // Stat every file (cheap, many at once), then read only the ones whose signature changed.
    const signatures = await mapPool(files, STAT_CONCURRENCY, (path) => (held.has(path) ? Promise.resolve('held') : fileSignature(path)));
    const toRead: number[] = [];
    const entries: Array<Entry | undefined> = files.map((path, i) => {
      const keep = held.get(path);
      if (keep) {
        summary.reused++;
        return keep;
      }
      const old = cache.get(path);
      if (old && old.signature === signatures[i]) {
        summary.reused++;
        return old;
      }
      toRead.push(i);
      return undefined;
    });
    summary.read = toRead.length;
    await mapPool(toRead, READ_CONCURRENCY, async (i) => {
      if (stopping) return;
      const path = files[i]!;
      const file = relativePath(dir, path);
      const signature = signatures[i]!;
      const previous = served.get(file) ?? cache.get(path)?.transcript;
      try {
        const transcript = await load(path, dir, options.load);
        // A file rewritten with the same content (or seen for the first time since startup) keeps the
        // transcript already served, so nothing is rebuilt for it.
        entries[i] = { signature, transcript: previous && sameContent(previous, transcript) ? previous : transcript };
      } catch (error) {
        const warning: LoadWarning =
          error instanceof LoadError ? error.toWarning() : { file, message: `could not be loaded: ${(error as Error)?.message ?? String(error)}` };
        const entry: Entry = { signature, error: warning };
        if (previous) entry.transcript = previous;
        entries[i] = entry;
        const where = `${warning.file}${warning.line ? `:${warning.line}` : ''}`;
        const line = `${where}: ${warning.message}${previous ? ' (still serving its previous version)' : ''}`;
        summary.skippedFiles.push({ ...warning, keptPrevious: previous !== undefined });
        summary.skipped.push(line);
        logger.warn({ file: warning.file, line: warning.line, keptPrevious: previous !== undefined }, `reload: skipped ${line}`);
      }
    });
    if (stopping) return finish('kept', STOPPING);
    const next = new Map<string, Entry>(files.map((path, i) => [path, entries[i]!]));

    const transcripts: Transcript[] = [];
    const skipped: LoadWarning[] = [...unreadable];
    for (const entry of next.values()) {
      if (entry.transcript) {
        transcripts.push(entry.transcript);
        const now = served.get(entry.transcript.file);
        if (!now) summary.added.push(entry.transcript.file);
        else if (now !== entry.transcript) summary.changed.push(entry.transcript.file);
      }
      if (entry.error) skipped.push(entry.error);
    }
    const present = new Set(transcripts.map((t) => t.file));
    for (const file of served.keys()) if (!present.has(file)) summary.removed.push(file);

    if (transcripts.length === 0 && live.transcripts.length > 0) {
      const reason = files.length === 0 ? 'the transcripts folder has no caption files' : 'no caption file in the folder could be loaded';
      logger.warn(
        { dir, files: files.length, transcripts: live.transcripts.length },
        `reload: ${reason}; keeping the ${live.transcripts.length} transcripts already loaded (an emptied folder is taken for an accident)`,
      );
      summary.removed = [];
      return finish('kept', reason);
    }
    cache = next;
    if (summary.added.length + summary.changed.length + summary.removed.length === 0) return finish('unchanged');

    // Let pending queries run before the build (which may run on this thread).
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) return finish('kept', STOPPING);
    warnDuplicateIds(transcripts);
    let index: SearchIndex;
    try {
      index = await build({ transcripts, skipped });
    } catch (error) {
      if (stopping) return finish('kept', STOPPING);
      cache = new Map(); // re-read and retry on the next reload
      logger.error({ err: error }, 'reload: building the new index failed; keeping the live index');
      return finish('failed', `index build failed: ${(error as Error)?.message ?? String(error)}`);
    }
    // Load the new index's lazy typo-correction structure (and the process's word lists, if still cold)
    // before it goes live, so the first misspelt query after a reload does not pay for it (10-20 ms at
    // 100-1,000 hours). Not verify's word index: ~1 s at 100 hours on this thread, for every reload.
    if (stopping) return finish('kept', STOPPING);
    const warmMs = warmSearch(index, { verify: false });
    logger.debug({ ms: Math.round(warmMs) }, 'reload: new index warmed');
    bot.setIndex(index);
    // A worker-built index carries its own copies of the transcripts: from now on those are what is served.
    const built = new Map(index.corpus.transcripts.map((t) => [t.file, t]));
    for (const entry of cache.values()) {
      const own = entry.transcript && built.get(entry.transcript.file);
      if (own) entry.transcript = own;
    }
    summary.transcripts = transcripts.length;
    summary.cues = cueCount(index.corpus);
    finish('swapped');
    logger.info(
      {
        added: summary.added.length, changed: summary.changed.length, removed: summary.removed.length,
        skipped: summary.skipped.length, transcripts: summary.transcripts, cues: summary.cues, ms: summary.ms,
      },
      `reload: ${summary.transcripts} transcripts live (+${summary.added.length} ~${summary.changed.length} -${summary.removed.length}, ${summary.skipped.length} skipped) in ${summary.ms} ms`,
    );
    return summary;
  }

  async function runSafely(): Promise<ReloadSummary> {
    let summary: ReloadSummary;
    try {
      summary = await run();
    } catch (error) {
      // Defensive: run() handles every expected failure itself.
      logger.error({ err: error }, 'reload failed; keeping the live index');
      const corpus = bot.index.corpus;
      summary = {
        outcome: 'failed', added: [], changed: [], removed: [], skipped: [], skippedFiles: [], transcripts: corpus.transcripts.length,
        cues: cueCount(corpus), read: 0, reused: 0, ms: 0, reason: (error as Error)?.message ?? String(error),
      };
    }
    last = summary;
    try {
      options.onReload?.(summary);
    } catch (error) {
      logger.error({ err: error }, 'reload: onReload callback threw');
    }
    return summary;
  }

  function reload(): Promise<ReloadSummary> {
    if (!running) {
      running = runSafely().finally(() => {
        running = undefined;
      });
      return running;
    }
    // One follow-up reload for every call made while one runs: it starts after and sees all changes.
    queued ??= running.then(() => {
      queued = undefined;
      return reload();
    });
    return queued;
  }

  return {
    reload,
    async start() {
      if (watch) return;
      stopping = false;
      const w = watchFolder({
        dir,
        debounceMs: options.debounceMs ?? 1000,
        maxWaitMs: options.maxWaitMs ?? 15_000,
        writeFinishMs: options.writeFinishMs ?? 500,
        onChange: (paths) => {
          logger.debug({ paths: paths.slice(0, 20), count: paths.length }, 'reload: transcripts folder changed');
          void reload();
        },
        onError: (error) => logger.warn({ err: error }, `reload: watching ${dir} failed: ${error.message}`),
      });
      watch = w;
      // The periodic rescan does not depend on the watcher: it runs even if the watcher never gets ready.
      const rescanMs = options.rescanMs ?? 300_000;
      if (rescanMs > 0) {
        rescan = setInterval(() => void reload(), rescanMs);
        rescan.unref();
      }
      await w.ready;
      if (watch !== w) return; // stopped before the watcher was ready
      logger.info({ dir }, `watching ${dir} for transcript changes`);
      // Warm the build worker (only when it is the builder), then catch up with changes made between the
      // startup load and now (reads every file once; rebuilds only if something differs from what is served).
      const warming = options.build ? Promise.resolve() : (builder ??= createWorkerBuilder({ logger })).warm();
      await seed();
      void warming.then(() => reload());
    },
    async stop() {
      // Abort, do not wait: a running reload stops at its next step (the worker build is terminated) and
      // never swaps an index in after shutdown. A build passed in `options.build` cannot be interrupted,
      // so it is waited for at most STOP_WAIT_MS.
      stopping = true;
      const w = watch;
      watch = undefined;
      if (rescan) clearInterval(rescan);
      rescan = undefined;
      const closing = builder?.close();
      builder = undefined;
      await Promise.all([w?.close(), closing]);
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_WAIT_MS);
        timer.unref();
      });
      await Promise.race([Promise.all([queued?.catch(noop), running?.catch(noop)]), limit]);
      clearTimeout(timer);
    },
    get last() {
      return last;
    },
  };
}
