/**
 * The per-file parse cache behind hot reload: which caption files the folder holds, which of them changed
 * since the last scan (by {@link fileSignature}: size and mtime of the file and its sidecars), and their
 * parsed {@link Transcript}s. A scan reads and parses only the files whose signature changed; everything
 * else is reused. It runs on whichever thread owns it: the reload worker (the default, so neither reading
 * nor parsing nor the corpus itself touch the event loop) or the main thread (a custom `loadFile`/`build`,
 * or the worker's fallback).
 *
 * @example
 * const catalog = new FileCatalog({ dir: '/srv/transcripts' });
 * const scan = await catalog.scan(served);   // served: file -> live transcript
 * if (scan.verdict === 'changed') { build(scan.transcripts); catalog.commit(scan); }
 */
import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { LoadWarning, Transcript } from '../corpus/types.ts';
import { listCaptionFiles, LoadError, loadFile as defaultLoadFile, type LoadFileOptions } from '../corpus/load.ts';
import { fileSignature, signatureMtime, signatureParts } from './signature.ts';

/** A file that could not be loaded during a reload. */
export interface SkippedFile extends LoadWarning {
  /** True when the file loaded fine before, and its previous version keeps being served. */
  keptPrevious: boolean;
}

/**
 * What the live index serves, by relative file: its transcript, or `undefined` when this thread does not
 * hold it (the worker before its first scan): such a file counts as changed once it is read.
 */
export type Served = ReadonlyMap<string, Transcript | undefined>;

/**
 * What was live when the served corpus was read (see `ReloaderOptions.loadedState` / `loadedAt`): a file
 * whose signature still matches is taken to be what is served. Only the first scan uses it.
 */
export interface SeedState {
  loadedState?: ReadonlyArray<{ file: string; size: number; mtimeMs: number }>;
  loadedAt?: number;
}

/** What one scan found. */
export interface ScanResult {
  /**
   * `changed`: build an index of `transcripts`. `unchanged`: nothing to rebuild. `empty`: no transcript
   * would be left while some are served (kept as an accident). `folder`: the folder could not be listed.
   */
  verdict: 'changed' | 'unchanged' | 'empty' | 'folder';
  /** Why, for `empty` and `folder`; `folderCode` is the error code for `folder` (`ENOENT`, ...). */
  reason?: string;
  folderCode?: string;
  /** Caption files found. */
  files: number;
  /** The transcripts of the new corpus (empty unless `changed`), and the corpus's skipped files. */
  transcripts: Transcript[];
  skipped: LoadWarning[];
  added: string[];
  changed: string[];
  removed: string[];
  /** Files that could not be loaded this time, one line each (`file:line: message`), and structured. */
  skippedLines: string[];
  skippedFiles: SkippedFile[];
  read: number;
  reused: number;
}

/** Options of {@link FileCatalog}. */
export interface CatalogOptions {
  /** The transcripts folder. */
  dir: string;
  /** Loads one file. Default `loadFile` from `src/corpus/load.ts`. */
  loadFile?: (path: string, root: string, options?: LoadFileOptions) => Promise<Transcript>;
  /** Passed to `loadFile`. Default: the loader's defaults. */
  load?: LoadFileOptions;
  /** True when the scan should give up (the reloader is stopping). Default: never. */
  stopping?: () => boolean;
}

interface Entry {
  signature: string;
  /** The parsed file: the current one, or the previous good one when the current one is broken. */
  transcript?: Transcript;
  /** Why the current version could not be loaded. */
  error?: LoadWarning;
  /** Read at the first scan for a seeded file: stands for the served transcript, not a change. */
  baseline?: boolean;
}

/** Files stat'ed at once during a scan. */
const STAT_CONCURRENCY = 32;
/** Changed files read and parsed at once (as the loader does). */
const READ_CONCURRENCY = 8;
/** mtime slack when seeding from `loadedAt` (coarse file system timestamps, clock steps). */
const SEED_SLACK_MS = 2000;

/** `fn` over `items` with at most `limit` running at once; results in input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

export const relativePath = (root: string, path: string): string => relative(root, path).split(sep).join('/');

/** True when two parses of a file would index and render the same (warnings aside). */
export function sameContent(a: Transcript, b: Transcript): boolean {
  if (a.cues.length !== b.cues.length || a.format !== b.format || a.approximate !== b.approximate) return false;
  return JSON.stringify([a.meta, a.cues]) === JSON.stringify([b.meta, b.cues]);
}

const emptyScan = (): ScanResult => ({
  verdict: 'unchanged', files: 0, transcripts: [], skipped: [], added: [], changed: [], removed: [],
  skippedLines: [], skippedFiles: [], read: 0, reused: 0,
});

/** The per-file parse cache of one folder. See the module comment. */
export class FileCatalog {
  /** Parsed files by absolute path, as of the last committed scan. */
  private cache = new Map<string, Entry>();
  /** Set by {@link seed}: decides, at the first scan, which files are what is served. */
  private seedTest: ((path: string, signature: string) => boolean) | undefined;
  private pending: Map<string, Entry> | undefined;
  private readonly load: NonNullable<CatalogOptions['loadFile']>;
  /** Files parsed since this catalog was made (a measure for tests and benchmarks). */
  parsed = 0;

  constructor(private readonly options: CatalogOptions) {
    this.load = options.loadFile ?? defaultLoadFile;
  }

  private stopping(): boolean {
    return this.options.stopping?.() === true;
  }

  /**
   * Remembers what was live when the served corpus was read: at the first scan, a file whose signature
   * matches it is taken as served (reused when this thread holds its transcript, else read once without
   * counting as a change). Ignored once the catalog holds files.
   */
  seed(state: SeedState): void {
    if (this.cache.size > 0) return;
    const { dir } = this.options;
    const then = state.loadedState?.length ? new Map(state.loadedState.map((f) => [f.file, `${f.size}:${f.mtimeMs}`])) : undefined;
    const loadedAt = state.loadedAt;
    if (then) this.seedTest = (path, signature) => signatureParts(path).map((part) => then.get(relativePath(dir, part)) ?? '-').join('|') === signature;
    else if (loadedAt !== undefined) {
      this.seedTest = (_path, signature) => {
        const mtime = signatureMtime(signature);
        return mtime !== undefined && mtime <= loadedAt - SEED_SLACK_MS;
      };
    }
  }

  /** Forgets every parsed file (the next scan reads them all again). */
  reset(): void {
    this.cache = new Map();
    this.pending = undefined;
  }

  /**
   * Makes the cache hold `transcripts` (the live index's own objects, by file) instead of equal copies, so
   * the next scan compares against what is served by identity.
   */
  adopt(transcripts: readonly Transcript[]): void {
    const own = new Map(transcripts.map((t) => [t.file, t]));
    for (const entry of this.cache.values()) {
      const t = entry.transcript && own.get(entry.transcript.file);
      if (t) entry.transcript = t;
    }
  }

  /** Makes the last scan's files the cache (after its index went live, or when it was `unchanged`). */
  commit(): void {
    if (this.pending) this.cache = this.pending;
    this.pending = undefined;
    this.seedTest = undefined;
  }

  /** Scans the folder against `served` (see {@link ScanResult}). `unchanged` scans are committed at once. */
  async scan(served: Served): Promise<ScanResult> {
    const result = emptyScan();
    const listed = await this.list(served, result);
    if (!listed || this.stopping()) return result;
    const { files, held } = listed;
    const signatures = await mapPool(files, STAT_CONCURRENCY, (path) => (held.has(path) ? Promise.resolve('held') : fileSignature(path)));
    const entries = await this.readChanged(files, signatures, held, served, result);
    if (this.stopping()) return result;
    this.pending = new Map(files.map((path, i) => [path, entries[i]!]));
    this.classify([...this.pending.values()], served, result);
    if (result.transcripts.length === 0 && served.size > 0) {
      result.verdict = 'empty';
      result.reason = files.length === 0 ? 'the transcripts folder has no caption files' : 'no caption file in the folder could be loaded';
      result.removed = [];
      this.pending = undefined;
      return result;
    }
    result.verdict = result.added.length + result.changed.length + result.removed.length === 0 ? 'unchanged' : 'changed';
    if (result.verdict === 'unchanged') this.commit();
    return result;
  }

  /**
   * Lists the caption files; a subfolder that cannot be read is skipped with a warning and the transcripts
   * served from it stay (`held`). Returns undefined when the folder itself cannot be listed.
   */
  private async list(served: Served, result: ScanResult): Promise<{ files: string[]; held: Map<string, Entry> } | undefined> {
    const { dir } = this.options;
    const unreadable: LoadWarning[] = [];
    let files: string[];
    try {
      if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      files = await listCaptionFiles(dir, { onUnreadable: (w) => unreadable.push(w) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      result.verdict = 'folder';
      result.folderCode = code;
      result.reason = code === 'ENOENT' ? `transcripts folder ${dir} not found` : `transcripts folder ${dir} unreadable (${code})`;
      return undefined;
    }
    const held = new Map<string, Entry>();
    for (const warning of unreadable) {
      let kept = 0;
      for (const [file, transcript] of served) {
        if (!file.startsWith(warning.file)) continue;
        const path = join(dir, ...file.split('/'));
        const entry = this.cache.get(path) ?? (transcript && { signature: 'held', transcript });
        if (entry) held.set(path, entry);
        kept++;
      }
      const line = `${warning.file}: ${warning.message}${kept ? ` (still serving the ${kept} transcript(s) loaded from it)` : ''}`;
      result.skippedFiles.push({ ...warning, keptPrevious: kept > 0 });
      result.skippedLines.push(line);
      result.skipped.push(warning);
    }
    if (held.size) files = [...files, ...held.keys()].sort((a, b) => (relativePath(dir, a) < relativePath(dir, b) ? -1 : 1));
    result.files = files.length;
    return { files, held };
  }

  /** The entry of every file: reused when its signature is unchanged (or seeded), else read and parsed. */
  private async readChanged(files: string[], signatures: string[], held: Map<string, Entry>, served: Served, result: ScanResult): Promise<Array<Entry | undefined>> {
    const { dir } = this.options;
    const toRead: number[] = [];
    const baseline = new Set<number>();
    const entries: Array<Entry | undefined> = files.map((path, i) => {
      const signature = signatures[i]!;
      const known = held.get(path) ?? this.cache.get(path);
      if (known && (known.signature === signature || known.signature === 'held')) {
        result.reused++;
        return known;
      }
      if (this.seedTest?.(path, signature)) {
        const transcript = served.get(relativePath(dir, path));
        if (transcript) {
          result.reused++;
          return { signature, transcript };
        }
        if (served.has(relativePath(dir, path))) baseline.add(i);
      }
      toRead.push(i);
      return undefined;
    });
    result.read = toRead.length;
    await mapPool(toRead, READ_CONCURRENCY, async (i) => {
      if (this.stopping()) return;
      entries[i] = await this.readOne(files[i]!, signatures[i]!, served, baseline.has(i), result);
    });
    return entries;
  }

  /** Reads one file; a broken one keeps its previous version (if any) and is reported. */
  private async readOne(path: string, signature: string, served: Served, isBaseline: boolean, result: ScanResult): Promise<Entry> {
    const { dir } = this.options;
    const file = relativePath(dir, path);
    const previous = served.get(file) ?? this.cache.get(path)?.transcript;
    try {
      const transcript = await this.load(path, dir, this.options.load);
      this.parsed++;
      // What the served corpus was read from (seeded): this parse stands for the served transcript.
      if (isBaseline && !previous) return { signature, transcript, baseline: true };
      // A file rewritten with the same content (or seen for the first time since startup) keeps the
      // transcript already served, so nothing is rebuilt for it.
      return { signature, transcript: previous && sameContent(previous, transcript) ? previous : transcript };
    } catch (error) {
      const warning: LoadWarning =
        error instanceof LoadError ? error.toWarning() : { file, message: `could not be loaded: ${(error as Error)?.message ?? String(error)}` };
      const entry: Entry = { signature, error: warning };
      if (previous) entry.transcript = previous;
      const where = `${warning.file}${warning.line ? `:${warning.line}` : ''}`;
      result.skippedFiles.push({ ...warning, keptPrevious: previous !== undefined });
      result.skippedLines.push(`${where}: ${warning.message}${previous ? ' (still serving its previous version)' : ''}`);
      return entry;
    }
  }

  /** Fills the new corpus and what was added, changed and removed relative to `served`. */
  private classify(entries: Entry[], served: Served, result: ScanResult): void {
    for (const entry of entries) {
      const t = entry.transcript;
      if (t) {
        result.transcripts.push(t);
        if (entry.baseline) delete entry.baseline;
        else if (!served.has(t.file)) result.added.push(t.file);
        else if (served.get(t.file) !== t) result.changed.push(t.file);
      }
      if (entry.error) result.skipped.push(entry.error);
    }
    const present = new Set(result.transcripts.map((t) => t.file));
    for (const file of served.keys()) if (!present.has(file)) result.removed.push(file);
  }
}
