/**
 * Hot reload of the transcripts folder: re-read what changed, rebuild the index beside the live one and
 * swap it in atomically, so a query never waits for a rebuild and never sees half a corpus.
 *
 * - **Cheap:** each parsed {@link Transcript} is kept per file ({@link FileCatalog}), keyed by the size and
 *   mtime of the file and of its `.info.json` sidecars; a reload reads only files whose key changed (the
 *   first one reads every file once, except those recorded unchanged since the live corpus was read). A re-read file whose content equals what is served keeps the served
 *   object, and nothing is rebuilt unless a transcript was added, changed or removed.
 * - **Safe:** a file that cannot be loaded is skipped with a warning naming it (a file that was fine
 *   before keeps serving its previous version); a reload that would leave no transcript at all while the
 *   live index has some (folder deleted or emptied by accident) keeps the live index and warns; an index
 *   build error keeps the live index too.
 * - **Off the event loop:** by default a worker thread ({@link createWorkerBuilder}) holds the parse cache,
 *   reads and parses the changed files and builds the new index; only the folder's path goes in, and the
 *   index comes back as moved and shared buffers that this thread restores in small steps, so chat requests
 *   keep being answered from the live index during a reload of any size. A custom `build` or `loadFile`
 *   (or a worker that fails) runs the scan on this thread instead.
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
import type { Corpus, Transcript } from '../corpus/types.ts';
import { warnDuplicateIds, type LoadFileOptions } from '../corpus/load.ts';
import { indexDataOf, viewsOf } from '../search/index.ts';
import type { SearchIndex } from '../search/types.ts';
import { carryWordTables } from '../search/persist/carry.ts';
import { verifyWarmSteps, warmSearch } from '../search/persist/warm.ts';
import type { ReloadSummary as CoreReloadSummary } from '../core/commands/index.ts';
import { FileCatalog, type ScanResult, type SeedState, type SkippedFile } from './catalog.ts';
import type { ScanReport } from './build-worker.ts';
import { watchFolder, type FolderWatch } from './watch.ts';
import { createWorkerBuilder, type IndexBuilder } from './build.ts';

export type { SkippedFile } from './catalog.ts';

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
   * Builds an index from a corpus; given, the files are read and parsed on this thread too. Default: the
   * whole reload (read, parse, build) in a worker thread ({@link createWorkerBuilder}), falling back to
   * this thread when the worker fails. @example { build: (corpus) => buildIndex(corpus) } (same thread)
   */
  build?: (corpus: Corpus) => SearchIndex | Promise<SearchIndex>;
  /** Loads one file (given, the scan runs on this thread). Default `loadFile` from `src/corpus/load.ts`. */
  loadFile?: (path: string, root: string, options?: LoadFileOptions) => Promise<Transcript>;
  /** Called after every reload (manual or watched) with its summary. Default: none. */
  onReload?: (summary: ReloadSummary) => void;
}

/** A running hot-reload service. */
export interface Reloader {
  /** Re-scans the folder now and swaps in a new index when something changed. Never rejects. */
  reload(): Promise<ReloadSummary>;
  /**
   * A reload that reads every file again, as if nothing were served or parsed yet, and swaps in the index
   * built from them even when no file changed: for a live index restored from an index cache file that was
   * then found damaged (its transcripts are read from that file). Queued like {@link reload}. Never rejects.
   */
  rebuild(): Promise<ReloadSummary>;
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

const noop = (): void => {};
/** Why a reload cut short by stop() kept the live index. */
const STOPPING = 'quotebot is stopping';
/** Longest stop() waits for a reload that cannot be interrupted (a custom `build`), in ms. */
const STOP_WAIT_MS = 2000;
const silent: ReloadLogger = { info: noop, warn: noop, error: noop, debug: noop };
const message = (error: unknown): string => (error as Error)?.message ?? String(error);

/** Cues of an index, without materialising lazily restored cues (each stored text knows its cue count). */
function cueCount(index: SearchIndex): number {
  const stored = indexDataOf(index)?.data.stored;
  if (stored) return stored.reduce((n, s) => n + s.cueStarts.length, 0);
  return index.corpus.transcripts.reduce((n, t) => n + t.cues.length, 0);
}

/** What a scan (in the worker or here) gave: its report and, when something changed, the new index. */
interface Scanned {
  scan: ScanReport;
  index?: SearchIndex;
  /** Cues in `index`. */
  cues?: number;
  /** True when the worker built `index` (its folder state then matches it). */
  fromWorker?: boolean;
}

/** A summary of nothing done yet, over the live index. */
function blankSummary(live: SearchIndex): ReloadSummary {
  return {
    outcome: 'unchanged', added: [], changed: [], removed: [], skipped: [], skippedFiles: [],
    transcripts: live.corpus.transcripts.length, cues: cueCount(live), read: 0, reused: 0, ms: 0,
  };
}

/** Copies what a scan found into the summary and logs each skipped file. */
function applyScan(summary: ReloadSummary, scan: ScanReport, logger: ReloadLogger): void {
  Object.assign(summary, { added: scan.added, changed: scan.changed, removed: scan.removed, read: scan.read, reused: scan.reused });
  scan.skippedFiles.forEach((file, i) => {
    const line = scan.skippedLines[i]!;
    summary.skippedFiles.push(file);
    summary.skipped.push(line);
    logger.warn({ file: file.file, line: file.line, keptPrevious: file.keptPrevious }, `reload: skipped ${line}`);
  });
}

/** The hot-reload service of one folder (see {@link createReloader}). */
class HotReloader implements Reloader {
  private readonly logger: ReloadLogger;
  private builder: IndexBuilder | undefined;
  /** The parse cache when the scan runs on this thread. */
  private catalog: FileCatalog | undefined;
  /** The index the worker's folder state matches (the last one it built or saw unchanged). */
  private workerIndex: SearchIndex | undefined;
  private running: Promise<ReloadSummary> | undefined;
  private queued: Promise<ReloadSummary> | undefined;
  private watch: FolderWatch | undefined;
  private rescan: NodeJS.Timeout | undefined;
  private lastSummary: ReloadSummary | undefined;
  /** Set by stop(): a running reload gives up at its next step and never swaps an index in. */
  private stopping = false;
  /** Set by rebuild(): the next scan forgets what is served and parsed, so it reads every file. */
  private fromScratch = false;

  constructor(private readonly options: ReloaderOptions) {
    this.logger = options.logger ?? silent;
  }

  get last(): ReloadSummary | undefined {
    return this.lastSummary;
  }

  private get seedState(): SeedState {
    return { loadedState: this.options.loadedState, loadedAt: this.options.loadedAt };
  }

  private workerBuilder(): IndexBuilder {
    return (this.builder ??= createWorkerBuilder({ logger: this.logger }));
  }

  reload(): Promise<ReloadSummary> {
    if (!this.running) {
      this.running = this.runSafely().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // One follow-up reload for every call made while one runs: it starts after and sees all changes.
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    return this.queued;
  }

  rebuild(): Promise<ReloadSummary> {
    this.fromScratch = true;
    return this.reload();
  }

  private async runSafely(): Promise<ReloadSummary> {
    let summary: ReloadSummary;
    try {
      summary = await this.run();
    } catch (error) {
      // Defensive: run() handles every expected failure itself.
      this.logger.error({ err: error }, 'reload failed; keeping the live index');
      summary = { ...blankSummary(this.options.bot.index), outcome: 'failed', reason: message(error) };
    }
    this.lastSummary = summary;
    try {
      this.options.onReload?.(summary);
    } catch (error) {
      this.logger.error({ err: error }, 'reload: onReload callback threw');
    }
    return summary;
  }

  /** One reload: scan (and build when something changed), then swap the new index in. */
  private async run(): Promise<ReloadSummary> {
    const started = performance.now();
    const { bot, dir } = this.options;
    const live = bot.index;
    const summary = blankSummary(live);
    const finish = (outcome: ReloadSummary['outcome'], reason?: string): ReloadSummary => {
      summary.outcome = outcome;
      if (reason) summary.reason = reason;
      summary.ms = Math.round(performance.now() - started);
      return summary;
    };
    if (this.stopping) return finish('kept', STOPPING);
    let scanned: Scanned;
    try {
      scanned = await this.scan();
    } catch (error) {
      if (this.stopping) return finish('kept', STOPPING);
      this.logger.error({ err: error }, 'reload: building the new index failed; keeping the live index');
      return finish('failed', `index build failed: ${message(error)}`);
    }
    if (this.stopping) return finish('kept', STOPPING);
    const { scan } = scanned;
    const served = live.corpus.transcripts.length;
    if (scan.verdict === 'folder') {
      this.logger.warn({ dir, transcripts: served }, `reload: ${scan.reason}${served ? `; keeping the ${served} transcripts already loaded` : ''}`);
      return finish(served ? 'kept' : 'unchanged', scan.reason);
    }
    applyScan(summary, scan, this.logger);
    if (scan.verdict === 'empty') {
      const why = `reload: ${scan.reason}; keeping the ${served} transcripts already loaded (an emptied folder is taken for an accident)`;
      this.logger.warn({ dir, files: scan.files, transcripts: served }, why);
      return finish('kept', scan.reason);
    }
    if (!scanned.index) return finish('unchanged');
    // Requests that arrived during the restore's last step are answered before the warm-up.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.stopping) return finish('kept', STOPPING);
    this.swap(scanned);
    summary.transcripts = scanned.index.corpus.transcripts.length;
    summary.cues = scanned.cues ?? cueCount(scanned.index);
    finish('swapped');
    const { added, changed, removed, skipped, transcripts, cues, ms } = summary;
    this.logger.info(
      { added: added.length, changed: changed.length, removed: removed.length, skipped: skipped.length, transcripts, cues, ms },
      `reload: ${transcripts} transcripts live (+${added.length} ~${changed.length} -${removed.length}, ${skipped.length} skipped) in ${ms} ms`,
    );
    await this.warmVerify(scanned.index);
    return summary;
  }

  /**
   * Warms the new index and makes it live. Warming loads its lazy typo-correction structure (and the
   * process's word lists, if still cold), so the first misspelt query after a reload does not pay for it
   * (10-20 ms at 1,000 hours); verify's word tables of the files that did not change are carried over
   * from the live index ({@link carryWordTables}), the rest is built after the swap ({@link warmVerify}).
   */
  private swap({ index, fromWorker }: Scanned): void {
    const warmMs = warmSearch(index!, { verify: false });
    const carried = carryWordTables(this.options.bot.index, index!);
    // The collection views in use on the live index are made on the new one, for warmVerify to warm.
    for (const names of viewsOf(this.options.bot.index)) index!.within(names);
    this.logger.debug({ ms: Math.round(warmMs), carried }, 'reload: new index warmed');
    const previous = this.options.bot.index;
    this.options.bot.setIndex(index!);
    // Its ranking thread (at scale) stops now, not when the old index is collected; a query still holding it answers the same.
    previous.close?.();
    if (fromWorker) this.workerIndex = index;
    // An index restored from the worker carries its own copies of the transcripts: from now on those are served.
    else this.catalog?.adopt(index!.corpus.transcripts);
  }

  /**
   * Builds what verify's first use on the new live index would build ({@link verifyWarmSteps}: the word
   * tables not carried over, the corpus lexicon and the collection views' lexicons) in small steps with the event loop running between two,
   * so no request waits for it. Stops when the bot stops or another index goes live. A failure is logged
   * and left to the first verify, which then builds (and reports) it itself.
   */
  private async warmVerify(index: SearchIndex): Promise<void> {
    const started = performance.now();
    let steps = 0;
    try {
      for (const _ of verifyWarmSteps(index)) {
        steps++;
        await new Promise((resolve) => setImmediate(resolve));
        if (this.stopping || this.options.bot.index !== index) return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, `reload: warming verify on the new index failed (${message(error)}); the first verify builds what it needs`);
      return;
    }
    this.logger.debug({ ms: Math.round(performance.now() - started), steps }, 'reload: verify warmed on the new index');
  }

  /** Scans in the worker when the defaults are in use, else (or when the worker fails) on this thread. */
  private async scan(): Promise<Scanned> {
    const fresh = this.fromScratch;
    this.fromScratch = false;
    if (!this.options.build && !this.options.loadFile) {
      try {
        return await this.scanInWorker(fresh);
      } catch (error) {
        if (this.stopping) throw error;
        this.workerIndex = undefined;
        this.logger.warn({ err: error }, `reload: the reload worker failed (${message(error)}); reading the files on the main thread`);
      }
    }
    return this.scanHere(fresh);
  }

  /**
   * The scan in the worker: only the folder's path goes in (and, when the worker's state does not match
   * the live index, which files it serves; `fresh`: none); the index comes back restored here in small steps.
   */
  private async scanInWorker(fresh: boolean): Promise<Scanned> {
    const { bot, dir } = this.options;
    const live = bot.index;
    const reset = fresh ? { live: [], seed: {} } : live === this.workerIndex ? undefined : { live: live.corpus.transcripts.map((t) => t.file), seed: this.seedState };
    const result = await this.workerBuilder().scan({ dir, load: this.options.load, reset, live });
    if (!result.index) this.workerIndex = live;
    return { scan: result.report, index: result.index, cues: result.cues, fromWorker: result.index !== undefined };
  }

  /**
   * The scan on this thread, with `options.build` (or the worker's `build`, which falls back to this thread);
   * `fresh`: with a new parse cache, against nothing served.
   */
  private async scanHere(fresh: boolean): Promise<Scanned> {
    if (!this.catalog || fresh) {
      this.catalog = new FileCatalog({ dir: this.options.dir, loadFile: this.options.loadFile, load: this.options.load, stopping: () => this.stopping });
      if (!fresh) this.catalog.seed(this.seedState);
    }
    const catalog = this.catalog;
    const served = new Map(fresh ? [] : this.options.bot.index.corpus.transcripts.map((t) => [t.file, t]));
    const { transcripts, ...report } = await catalog.scan(served);
    if (report.verdict !== 'changed' || this.stopping) return { scan: report };
    // Let pending queries run before the build (which may run on this thread).
    await new Promise((resolve) => setImmediate(resolve));
    if (this.stopping) return { scan: report };
    warnDuplicateIds(transcripts);
    const build = this.options.build ?? ((corpus: Corpus) => this.workerBuilder().build(corpus));
    let index: SearchIndex;
    try {
      index = await build({ transcripts, skipped: report.skipped });
    } catch (error) {
      catalog.reset(); // re-read and retry on the next reload
      throw error;
    }
    catalog.commit();
    return { scan: report, index };
  }

  async start(): Promise<void> {
    if (this.watch) return;
    this.stopping = false;
    const { options, logger } = this;
    const { dir } = options;
    const w = watchFolder({
      dir,
      debounceMs: options.debounceMs ?? 1000,
      maxWaitMs: options.maxWaitMs ?? 15_000,
      writeFinishMs: options.writeFinishMs ?? 500,
      onChange: (paths) => {
        logger.debug({ paths: paths.slice(0, 20), count: paths.length }, 'reload: transcripts folder changed');
        void this.reload();
      },
      onError: (error) => logger.warn({ err: error }, `reload: watching ${dir} failed: ${error.message}`),
    });
    this.watch = w;
    // The periodic rescan does not depend on the watcher: it runs even if the watcher never gets ready.
    const rescanMs = options.rescanMs ?? 300_000;
    if (rescanMs > 0) {
      this.rescan = setInterval(() => void this.reload(), rescanMs);
      this.rescan.unref();
    }
    await w.ready;
    if (this.watch !== w) return; // stopped before the watcher was ready
    logger.info({ dir }, `watching ${dir} for transcript changes`);
    // Warm the build worker (only when it is the builder), then catch up with changes made between the
    // startup load and now (rebuilds only if something differs from what is served).
    const warming = options.build ? Promise.resolve() : this.workerBuilder().warm();
    void warming.then(() => this.reload());
  }

  async stop(): Promise<void> {
    // Abort, do not wait: a running reload stops at its next step (the worker is terminated) and never
    // swaps an index in after shutdown. A build passed in `options.build` cannot be interrupted, so it is
    // waited for at most STOP_WAIT_MS.
    this.stopping = true;
    const w = this.watch;
    this.watch = undefined;
    if (this.rescan) clearInterval(this.rescan);
    this.rescan = undefined;
    const closing = this.builder?.close();
    this.builder = undefined;
    this.workerIndex = undefined;
    await Promise.all([w?.close(), closing]);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_WAIT_MS);
      timer.unref();
    });
    await Promise.race([Promise.all([this.queued?.catch(noop), this.running?.catch(noop)]), limit]);
    clearTimeout(timer);
  }
}

/** Creates the hot-reload service for one transcripts folder. See {@link ReloaderOptions}. */
export function createReloader(options: ReloaderOptions): Reloader {
  return new HotReloader(options);
}
