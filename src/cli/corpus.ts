/**
 * Opening the transcripts folder for the bot and the CLI: load the corpus, refuse clearly when there is
 * nothing to serve, and build the index.
 */
import { stat } from 'node:fs/promises';
import { loadCorpus } from '../corpus/load.ts';
import type { Corpus, LoadWarning } from '../corpus/types.ts';
import { buildIndex } from '../search/index.ts';
import type { SearchIndex } from '../search/types.ts';

/** A startup problem the user can fix; its message is one line saying what to do. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** One line for a load warning: `file:line: message`. */
export function formatWarning(w: LoadWarning): string {
  return `${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`;
}

/**
 * Loads every transcript under `dir`. Throws {@link StartupError} when the folder is missing, is not a
 * folder, or yields no transcript at all.
 */
export async function openCorpus(dir: string, options: Parameters<typeof loadCorpus>[1] = {}): Promise<Corpus> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new StartupError(`Transcripts folder not found: ${dir} (create it, or set TRANSCRIPTS_DIR / --transcripts).`);
  }
  if (!info.isDirectory()) throw new StartupError(`TRANSCRIPTS_DIR is not a folder: ${dir}`);
  const corpus = await loadCorpus(dir, options);
  if (corpus.transcripts.length === 0) {
    const why = corpus.skipped.length ? ` (${corpus.skipped.length} file(s) skipped: ${corpus.skipped.map(formatWarning).slice(0, 3).join('; ')})` : '';
    throw new StartupError(
      `No transcripts in ${dir}${why}. Add caption files (.vtt, .srt, .json3, Whisper .json, .txt) and start again.`,
    );
  }
  return corpus;
}

/** Loads the corpus under `dir` and builds its index. */
export async function openIndex(dir: string, options: Parameters<typeof loadCorpus>[1] = {}): Promise<SearchIndex> {
  return buildIndex(await openCorpus(dir, options));
}
