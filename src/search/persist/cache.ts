/**
 * The persistent index cache: a restart over an unchanged transcripts folder restores the last built
 * index (corpus included) from `<cacheDir>/index-<key>.bin` instead of parsing every caption file and
 * rebuilding, which is what makes a start slow (at 1,000 hours: parsing and building take tens of
 * seconds; restoring the snapshot well under two).
 *
 * The key is a SHA-256 over: every file under the folder (relative name, size, mtime; dotfiles, dot
 * folders and node_modules skipped, as the loader does), {@link INDEXER_VERSION}, the snapshot format,
 * a hash of the source code that parses and indexes (every file under src/corpus and src/search,
 * subfolders included: a code change can never be served a stale index), and the options. A file whose
 * header, length, checksum, key or index data version does not match is never trusted: it is reported
 * through `onWarning`, rebuilt and replaced. Writes are atomic (a temp file renamed into place), so a
 * crash mid-write leaves no half file under the real name.
 *
 * @example
 * const { index, source } = await openIndexCached('transcripts', { cacheDir: '.cache', onWarning: (m) => log.warn(m) });
 * // source: 'cache' (restored) or 'built' (parsed + built, then cached)
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { buildInfo, SOURCE_ROOT } from '../../compiled.ts';
import type { LoadOptions } from '../../corpus/load.ts';
import type { Corpus } from '../../corpus/types.ts';
import { setImmediate as turn } from 'node:timers/promises';
import { boundsSteps, buildIndexFromTokens, indexDataOf, multiWordSteps, type BuildOptions } from '../index.ts';
import { ENGINE_DEFAULTS, searchParams } from '../params.ts';
import { encodeSnapshotSteps, readSnapshotFile, SNAPSHOT_FORMAT, SnapshotError } from './snapshot.ts';
import type { SearchIndex } from '../types.ts';

/** Bump when indexing changes in a way the source hash would not show (e.g. a dependency's behaviour). */
export const INDEXER_VERSION = 1;
/** Index files kept in the cache folder (most recent first); older ones are deleted after a write. */
const KEEP_FILES = 3;

/** Options of {@link openIndexCached}. Every field is optional. */
export interface CacheOptions {
  /**
   * Folder of the cache files, or `false` for no cache (always parse and build). Default `.cache`
   * (`QUOTEBOT_CACHE_DIR` in the bot's configuration). @example { cacheDir: '/var/cache/quotebot' }
   */
  cacheDir?: string | false;
  /** Loader options (file size limit, progress per file). Default: the loader's defaults. */
  load?: LoadOptions;
  /** Index build options (progress per transcript, ranking). Default: the indexer's defaults. */
  build?: BuildOptions;
  /**
   * Worker threads that read, parse and tokenize caption files beside the main thread on a cold start (from
   * `ENGINE_DEFAULTS.parallelMinFiles` files on). Default `ENGINE_DEFAULTS.workers` (src/search/params.ts: one per further core, at most 3).
   * @example { workers: 0 } // everything on the main thread
   */
  workers?: number;
  /**
   * True: a freshly built index is not written before returning, and is returned without its pruning bounds
   * and multi-word terms (it answers the same); {@link OpenedIndex.saveCache} builds those and writes the cache
   * when the caller is ready (after the first answer, say), all in steps with event-loop turns between them
   * (~10 ms each: answers keep flowing; the encoding alone is ~0.8 s of main-thread work at 1,000 hours).
   * Default false (written before returning). @example { writeLater: true }
   */
  writeLater?: boolean;
  /** Called with one line when a cache file is unusable or cannot be written. Default: none. */
  onWarning?: (message: string) => void;
  /**
   * Called after loading, before building: lets the caller refuse a corpus (e.g. an empty one) before
   * the build. Default: none.
   */
  onCorpus?: (corpus: Corpus) => void;
  /**
   * The code version in the key. Default: {@link sourceHash} (the parsing and indexing source). Only for
   * benchmarks that must compare a cold and a warm start while the source tree is being edited.
   */
  codeHash?: string;
}

/** What {@link openIndexCached} did, with timings in milliseconds. */
export interface OpenedIndex {
  index: SearchIndex;
  /** `cache`: restored from the cache file; `built`: parsed and built (then cached when possible). */
  source: 'cache' | 'built';
  /** The cache file for this folder state (whether or not it could be written), or undefined without a cache. */
  file?: string;
  /**
   * Phases: `key` (stat the folder), `restore` (read + check + decode a cache file), `load` (read, parse and
   * tokenize the files), `build` (the rest of the index), `write`.
   */
  ms: { key: number; restore?: number; load?: number; build?: number; write?: number };
  /**
   * The folder state the key was computed from (every file: relative path, size, mtime), taken before
   * loading; empty without a cache. Lets a reloader skip re-reading files unchanged since.
   * @example [{ file: 'talks/intro.en.vtt', size: 48213, mtimeMs: 1717171717000 }]
   */
  files: FileState[];
  /**
   * For an index restored from the cache: resolves once the file's transcript sections have been checked in
   * the background, true when intact (false: a warning was given and the file removed, so the next start
   * rebuilds it). Every transcript is also checked when it is read. Undefined for a built index.
   */
  checked?: Promise<boolean>;
  /**
   * For an index restored from the cache: writes `rebuilt` (an index read from the same folder since, e.g.
   * after the file was found damaged) to the cache file under the key the folder had when opened, so a
   * folder changed since misses it; resolves to whether it was written (failures go to `onWarning`).
   */
  rewriteCache?: (rebuilt: SearchIndex) => Promise<boolean>;
  /**
   * With {@link CacheOptions.writeLater} and a freshly built index: writes it to the cache (once; later calls
   * return the same promise) and resolves to whether it was written (failures go to `onWarning`); sets `ms.write`.
   */
  saveCache?: () => Promise<boolean>;
}

/** One file of the transcripts folder as the cache key sees it. */
export interface FileState {
  /** Path relative to the transcripts folder, with `/` separators. */
  file: string;
  size: number;
  mtimeMs: number;
}

/** Opens the index of `dir`: from the cache when it matches the folder, else by parsing and building. */
export async function openIndexCached(dir: string, options: CacheOptions = {}): Promise<OpenedIndex> {
  const warn = options.onWarning ?? (() => {});
  const cacheDir = options.cacheDir === undefined ? '.cache' : options.cacheDir;
  const t0 = performance.now();
  const { onProgress: _progress, sharedMemory: _shared, ...buildOptions } = options.build ?? {};
  const files = cacheDir === false ? [] : folderState(dir);
  const key = cacheDir === false ? '' : keyOf(files, { maxFileBytes: options.load?.maxFileBytes, build: buildOptions }, options.codeHash ?? sourceHash());
  const ms: OpenedIndex['ms'] = { key: performance.now() - t0 };
  const file = cacheDir === false ? undefined : join(cacheDir, `index-${key.slice(0, 32)}.bin`);

  if (file) {
    const t1 = performance.now();
    let inode = -1;
    let onChecked: (ok: boolean) => void = () => {};
    const checked = new Promise<boolean>((resolve) => (onChecked = resolve));
    try {
      const index = await readSnapshotFile(file, key, { onDamage: (message) => dropDamaged(file, inode, message, warn), onChecked });
      inode = statSync(file).ino;
      ms.restore = performance.now() - t1;
      return { index, source: 'cache', file, files, ms, checked, rewriteCache: (rebuilt) => writeCache(file, rebuilt, key, warn) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        const why = error instanceof SnapshotError ? 'not used' : 'unreadable';
        warn(`index cache ${file} ${why}: ${(error as Error).message}; rebuilding`);
      }
    }
  }

  const t3 = performance.now();
  const pauseSeconds = searchParams(buildOptions).passages.pauseSeconds;
  // Imported here: a restart from the cache never parses a caption file, so it does not load the parsers.
  const { loadAndTokenize } = await import('../index/load-tokenize.ts');
  const loaded = await loadAndTokenize(dir, { load: options.load, pauseSeconds, workers: options.workers, onWarning: warn });
  ms.load = performance.now() - t3;
  options.onCorpus?.(loaded.corpus);
  const t4 = performance.now();
  // Written later: the pruning bounds and the multi-word terms too are built after the first answers, in steps, before the write.
  const index = buildIndexFromTokens(loaded, options.build, Boolean(file && options.writeLater));
  ms.build = performance.now() - t4;
  if (!file) return { index, source: 'built', file, files, ms };
  let saving: Promise<boolean> | undefined;
  const saveCache = (): Promise<boolean> => {
    const t5 = performance.now();
    saving ??= buildBoundsInSteps(index, options.build?.sharedMemory).then(() => buildMultiWordInSteps(index)).then(() => writeCache(file, index, key, warn)).then((ok) => {
      ms.write = performance.now() - t5;
      return ok;
    });
    return saving;
  };
  if (options.writeLater) return { index, source: 'built', file, files, ms, saveCache };
  await saveCache();
  return { index, source: 'built', file, files, ms };
}

/**
 * Builds the pruning bounds an index was built without (`defer`), a step of about
 * `ENGINE_DEFAULTS.boundsPostings` postings per turn of the event loop, and sets them: queries answer the same
 * meanwhile, and are pruned from then on. Nothing to do for an index that has them or is not pruned.
 * `sharedMemory`: the build's {@link BuildOptions.sharedMemory}.
 */
async function buildBoundsInSteps(index: SearchIndex, sharedMemory: boolean | undefined): Promise<void> {
  const of = indexDataOf(index);
  if (!of || of.data.bounds) return;
  const steps = boundsSteps(of.data, of.params, ENGINE_DEFAULTS.boundsPostings, sharedMemory);
  if (!steps) return;
  for (;;) {
    const next = steps.next();
    if (next.done) {
      of.data.bounds = next.value;
      return;
    }
    await turn();
  }
}

/**
 * Builds the multi-word terms an index was built without (`defer`), `ENGINE_DEFAULTS.multiWordTokens` tokens
 * per turn of the event loop, and sets them (unless autocomplete built them meanwhile: the same terms).
 */
async function buildMultiWordInSteps(index: SearchIndex): Promise<void> {
  const of = indexDataOf(index);
  if (!of || of.data.multiWord) return;
  const steps = multiWordSteps(of.data, ENGINE_DEFAULTS.multiWordTokens);
  for (;;) {
    const next = steps.next();
    if (next.done) {
      of.data.multiWord ??= next.value;
      return;
    }
    await turn();
  }
}

/**
 * A transcript read from a restored cache file failed its checksum (the file changed on disk after it was
 * opened): warns and deletes the file, unless it has been replaced since (`inode`), so the next start rebuilds.
 */
function dropDamaged(file: string, inode: number, message: string, warn: (message: string) => void): void {
  let removed = false;
  try {
    if (statSync(file).ino === inode) {
      unlinkSync(file);
      removed = true;
    }
  } catch (error) {
    warn(`index cache ${file} could not be removed: ${(error as Error).message}`);
  }
  warn(`${message} (${file})${removed ? '; removed, the next start rebuilds it' : ''}`);
}

/**
 * Writes the snapshot of `index` to `file` atomically (temp file + rename); warns instead of throwing. The
 * snapshot is encoded in steps with an event-loop turn after about `ENGINE_DEFAULTS.writeStepMs` of work
 * ({@link encodeInSteps}), so a bot answering meanwhile is not frozen for the whole encoding.
 */
export async function writeCache(file: string, index: SearchIndex, key: string, warn: (message: string) => void = () => {}): Promise<boolean> {
  let parts: Buffer[];
  try {
    parts = await encodeInSteps(index, key);
  } catch (error) {
    warn(`index not cached: ${(error as Error).message}`);
    return false;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      await handle.writev(parts);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    warn(`index cache not written to ${file}: ${(error as Error).message}`);
    return false;
  }
  await pruneCache(dirname(file), file);
  return true;
}

/** The snapshot of `index` ({@link encodeSnapshotSteps}: the same bytes as `encodeSnapshot`), a turn of the event loop after each `ENGINE_DEFAULTS.writeStepMs` of encoding. */
async function encodeInSteps(index: SearchIndex, key: string): Promise<Buffer[]> {
  const steps = encodeSnapshotSteps(index, key);
  let since = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - since >= ENGINE_DEFAULTS.writeStepMs) {
      await turn();
      since = performance.now();
    }
  }
}

/** Deletes all but the {@link KEEP_FILES} most recent `index-*.bin` files (never `keep`) and stale temp files. */
async function pruneCache(folder: string, keep: string): Promise<void> {
  try {
    const names = (await readdir(folder)).filter((n) => /^index-[0-9a-f]+\.bin(\.\d+\.[0-9a-f]+\.tmp)?$/.test(n));
    const infos = await Promise.all(names.map(async (n) => ({ path: join(folder, n), tmp: n.endsWith('.tmp'), mtime: (await stat(join(folder, n))).mtimeMs })));
    const now = Date.now();
    const bins = infos.filter((i) => !i.tmp && i.path !== keep).sort((a, b) => b.mtime - a.mtime);
    const doomed = [...bins.slice(KEEP_FILES - 1), ...infos.filter((i) => i.tmp && now - i.mtime > 3_600_000)];
    await Promise.all(doomed.map((i) => unlink(i.path).catch(() => {})));
  } catch {
    // Pruning is housekeeping: never fail a start over it.
  }
}

/**
 * The cache key of a folder's current state: SHA-256 (hex) over its files' relative names, sizes and
 * mtimes, the indexer version, the snapshot format, the indexing source code and `extra` (options).
 */
export async function cacheKey(dir: string, extra: unknown = {}, code: string = sourceHash()): Promise<string> {
  return keyOf(folderState(dir), extra, code);
}

/**
 * Every file under `dir` (dotfiles, dot folders and node_modules skipped), sorted by relative path. An
 * unreadable subfolder is one entry (its path ending in `/`, size -1); an unreadable `dir` throws. The walk
 * is synchronous (three times faster than thousands of queued async stats, and a start has nothing else
 * to do meanwhile): it blocks this thread for the walk, ~40 ms for 5,800 files.
 */
export function folderState(dir: string): FileState[] {
  const files: FileState[] = [];
  // `rel`: the folder's path relative to `dir` with `/` separators, '' for `dir` itself (built as the walk
  // descends, rather than by path.relative per file).
  const walk = (folder: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (folder === dir) throw error;
      // An unreadable subfolder (the loader skips it with a warning) counts as a marker in the key, so the
      // cache is rebuilt once it can be read again.
      files.push({ file: `${rel}/`, size: -1, mtimeMs: 0 });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = `${folder}${sep}${entry.name}`;
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, file);
      else if (entry.isFile()) {
        const info = statSync(path);
        files.push({ file, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  walk(dir, '');
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function keyOf(files: FileState[], extra: unknown, code: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ indexer: INDEXER_VERSION, format: SNAPSHOT_FORMAT, code, extra: extra ?? {}, files: files.map((f) => [f.file, f.size, f.mtimeMs]) }))
    .digest('hex');
}

let codeHash: string | undefined;
/**
 * SHA-256 of the parsing and indexing source ({@link sourceFiles}: every .ts/.js file under src/corpus and
 * src/search, subfolders included), computed once per process. Running compiled, the hash the build
 * computed from the sources it compiled (dist/build-info.json): the same value, so a cache written by
 * either is the other's, and nothing is read or hashed at start.
 */
export function sourceHash(): string {
  return (codeHash ??= buildInfo()?.sourceHash ?? hashSources(SOURCE_ROOT));
}

/** {@link sourceHash} of the sources under `srcRoot` (a project's src/ folder; the build calls it on the sources it compiles). */
export function hashSources(srcRoot: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(srcRoot)) hash.update(file).update(readFileSync(join(srcRoot, file)));
  return hash.digest('hex');
}

/** The source files that shape the index, relative to src/ with `/` separators, sorted: everything under src/corpus and src/search. */
export function sourceFiles(srcRoot: string = SOURCE_ROOT): string[] {
  return ['corpus', 'search'].flatMap((folder) => listSources(join(srcRoot, folder)).map((f) => `${folder}/${f}`));
}

/** Every .ts/.js file under `root`, recursively, relative to it with `/` separators, sorted. */
export function listSources(root: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && (entry.name.endsWith('.ts') || entry.name.endsWith('.js'))) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}
