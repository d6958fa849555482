/**
 * Progress for `quotebot index`: a cli-progress bar on a terminal, plain log lines otherwise (CI logs,
 * pipes), never both. Phases: `load` (per caption file) then `build` (per transcript indexed).
 *
 * @example
 * const progress = createProgress(process.stderr);
 * await openIndexWithCache(dir, { load: { onFile: progress.onFile }, build: { onProgress: progress.onBuild } });
 * progress.stop();
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Loader callback: `file` just loaded, `i` of `n` done. */
  onFile(file: string, i: number, n: number): void;
  /** Indexer callback: `done` of `total` transcripts indexed. */
  onBuild(done: number, total: number): void;
  /** Ends the bar (or prints nothing more). Safe to call twice. */
  stop(): void;
}

/** A progress reporter on `stream`: a bar when it is a TTY, else a line per 10% of each phase. */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: '{phase} [{bar}] {percentage}% | {value}/{total} {unit} | {eta_formatted} left', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let phase = '';
    const show = (name: string, unit: string, value: number, total: number) => {
      if (phase !== name) {
        if (phase) bar.stop();
        phase = name;
        bar.start(total, 0, { phase: name.padEnd(8), unit });
      }
      bar.update(value);
    };
    return {
      onFile: (_file, i, n) => show('loading', 'files', i, n),
      onBuild: (done, total) => show('indexing', 'transcripts', done, total),
      stop: () => {
        if (phase) bar.stop();
        phase = '';
      },
    };
  }
  const last = new Map<string, number>();
  const line = (name: string, unit: string, value: number, total: number) => {
    const step = Math.floor((value * 10) / Math.max(1, total));
    if (last.get(name) === step && value !== total) return;
    if (value === total && last.get(name) === 10) return;
    last.set(name, step);
    stream.write(`quotebot: ${name} ${value}/${total} ${unit}\n`);
  };
  return {
    onFile: (_file, i, n) => line('loading', 'files', i, n),
    onBuild: (done, total) => line('indexing', 'transcripts', done, total),
    stop: () => {},
  };
}
