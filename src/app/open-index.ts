/**
 * Opening the transcripts folder and its index, without the bot: `quotebot search --json` and `index` start
 * through here, so they load only the search (not the commands, adapters or the hot reloader). Refuses
 * clearly when there is nothing to serve ({@link StartupError}, one line saying what to do). `startup.ts`
 * re-exports all of it.
 */
import { stat } from 'node:fs/promises';
import type { LoadOptions } from '../corpus/load.ts';
import type { Corpus, LoadWarning } from '../corpus/types.ts';
import type { Logger } from '../logger.ts';
import { openIndexCached, type OpenedIndex } from '../search/persist/cache.ts';
import type { BuildOptions } from '../search/index.ts';
import type { SearchIndex } from '../search/types.ts';
import { StartupError } from './errors.ts';

/** One line for a load warning: `file:line: message`. */
export function formatWarning(w: LoadWarning): string {
  return `${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`;
}

/**
 * Loads every transcript under `dir`. Throws {@link StartupError} when the folder is missing, is not a
 * folder, or yields no transcript at all.
 */
export async function openCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  await checkFolder(dir);
  const { loadCorpus } = await import('../corpus/load.ts');
  const corpus = await loadCorpus(dir, options);
  requireTranscripts(corpus, dir);
  return corpus;
}

async function checkFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StartupError(`Transcripts folder not found: ${dir} (create it, or set TRANSCRIPTS_DIR / --transcripts).`);
    throw new StartupError(`Transcripts folder unreadable: ${dir} (${code ?? (error as Error).message})`);
  }
  if (!info.isDirectory()) throw new StartupError(`TRANSCRIPTS_DIR is not a folder: ${dir}`);
}

function requireTranscripts(corpus: Corpus, dir: string): void {
  if (corpus.transcripts.length === 0) {
    const why = corpus.skipped.length ? ` (${corpus.skipped.length} file(s) skipped: ${corpus.skipped.map(formatWarning).slice(0, 3).join('; ')})` : '';
    throw new StartupError(
      `No transcripts in ${dir}${why}. Add caption files (.vtt, .srt, .json3, Whisper .json, .txt) and start again.`,
    );
  }
}

/** Loads the corpus under `dir` and builds its index (through the index cache, see {@link openIndexWithCache}). */
export async function openIndex(dir: string, options: LoadOptions = {}, cacheDir: string | false = '.cache'): Promise<SearchIndex> {
  return (await openIndexWithCache(dir, { load: options, cacheDir })).index;
}

/** Options of {@link openIndexWithCache}. */
export interface OpenIndexOptions {
  load?: LoadOptions;
  build?: BuildOptions;
  onWarning?: (message: string) => void;
  /** The index cache folder, or false for none. Default `.cache` (the configured `QUOTEBOT_CACHE_DIR`: `Config.cacheDir`). */
  cacheDir?: string | false;
  /** Leave writing a freshly built index to {@link OpenedIndex.saveCache}. Default false. */
  writeLater?: boolean;
}

/**
 * The index of `dir`, restored from the index cache when the folder is unchanged, else loaded and built
 * (then cached). Same errors as {@link openCorpus}.
 */
export async function openIndexWithCache(dir: string, options: OpenIndexOptions = {}): Promise<OpenedIndex> {
  await checkFolder(dir);
  return openIndexCached(dir, {
    cacheDir: options.cacheDir ?? '.cache',
    load: options.load,
    build: options.build,
    onWarning: options.onWarning,
    writeLater: options.writeLater,
    onCorpus: (corpus) => requireTranscripts(corpus, dir),
  });
}

/**
 * What loading skipped or found odd, one line each, the same whether the index was just built or restored
 * from the cache (the snapshot keeps `corpus.skipped` and every transcript's warnings): `skipped <file>:
 * <why>` per skipped file or folder, `<file>: N problem(s) (first: ...)` per file loaded with problems.
 * @example corpusWarnings(index.corpus) // ['skipped broken.srt: not a text file (binary data)']
 */
export function corpusWarnings(corpus: Corpus): string[] {
  const lines = corpus.skipped.map((w) => `skipped ${formatWarning(w)}`);
  for (const t of corpus.transcripts) {
    if (t.warnings.length) lines.push(`${t.file}: ${t.warnings.length} problem${t.warnings.length === 1 ? '' : 's'} (first: ${formatWarning(t.warnings[0]!)})`);
  }
  return lines;
}

/** Logs what loading skipped or found odd: one warning per skipped file, one per file with problems. */
export function logLoadWarnings(corpus: Corpus, logger: Logger): void {
  for (const skipped of corpus.skipped) logger.warn({ file: skipped.file, line: skipped.line }, `skipped ${formatWarning(skipped)}`);
  for (const t of corpus.transcripts) {
    if (!t.warnings.length) continue;
    logger.warn(
      { file: t.file, warnings: t.warnings.length },
      `${t.file}: ${t.warnings.length} problem${t.warnings.length === 1 ? '' : 's'} (first: ${formatWarning(t.warnings[0]!)})`,
    );
  }
}

