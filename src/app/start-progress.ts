/**
 * Progress of the bot's start (in its log, or on stderr in the console chat): loading the caption files, then indexing the transcripts, one
 * line per tenth of each phase once the phase has taken `quietMs` (a small folder logs nothing). A cold start
 * of a large folder (about a minute at 10,000 hours) then shows how far it is and that it is moving.
 *
 * @example
 * const progress = startProgress((fields, line) => logger.info(fields, line));
 * await openIndexWithCache(dir, { load: { onFile: progress.onFile }, build: { onProgress: progress.onBuild } });
 * // log: "loading transcripts: 2,870 of 28,700 files (10%)" ... "indexing transcripts: 28,586 of 28,586 (100%)"
 */
/** Default time a phase runs before its progress is logged (ms): shorter starts log no progress. */
export const START_PROGRESS_QUIET_MS = 2000;

/** Callbacks for the loader (`onFile`) and the index build (`onBuild`). */
export interface StartProgress {
  onFile(file: string, done: number, total: number): void;
  onBuild(done: number, total: number): void;
}

/** Where progress lines go: the numbers, and the line. */
export type ProgressSink = (fields: { done: number; total: number; percent: number }, line: string) => void;

/** Progress lines to `log`, for a phase that has run at least `quietMs` ms (default {@link START_PROGRESS_QUIET_MS}). */
export function startProgress(log: ProgressSink, quietMs = START_PROGRESS_QUIET_MS, now: () => number = () => performance.now()): StartProgress {
  const phase = (what: string, unit: string) => {
    let startedAt: number | undefined;
    let lastStep = 0;
    return (done: number, total: number): void => {
      startedAt ??= now();
      const step = Math.floor((done * 10) / Math.max(1, total));
      if (step <= lastStep || now() - startedAt < quietMs) return;
      lastStep = step;
      const percent = Math.round((done * 100) / Math.max(1, total));
      log({ done, total, percent }, `${what}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit} (${percent}%)`);
    };
  };
  const files = phase('loading transcripts', 'files');
  const build = phase('indexing transcripts', 'transcripts');
  return { onFile: (_file, done, total) => files(done, total), onBuild: build };
}
