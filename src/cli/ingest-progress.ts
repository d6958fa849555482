/**
 * Progress of `quotebot add` / `update`: on a terminal a cli-progress bar (videos done / total and the
 * current title), otherwise one plain line per listed URL and per finished video (CI logs, pipes).
 *
 * @example
 * const progress = ingestProgress(process.stderr);
 * await addUrls(urls, { ...options, ...progress.callbacks });
 * progress.stop();
 */
import cliProgress from 'cli-progress';
import type { IngestProgress } from '../ingest/ingest.ts';
import { outcomeLine } from '../ingest/summary.ts';

export interface IngestProgressView {
  callbacks: IngestProgress;
  /** Ends the bar (safe to call twice). */
  stop(): void;
}

const TITLE_WIDTH = 50;
const short = (title: string) => (title.length > TITLE_WIDTH ? `${title.slice(0, TITLE_WIDTH - 1)}…` : title);

/** A bar on a TTY `stream`, else plain lines. */
export function ingestProgress(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): IngestProgressView {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'adding [{bar}] {value}/{total} videos | {title}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      callbacks: {
        onListing: (url) => stream.write(`quotebot: listing ${url}\n`),
        onPlan: (total) => {
          started = true;
          bar.start(total, 0, { title: '' });
        },
        onVideoStart: (title) => bar.update({ title: short(title) }),
        onVideoDone: (_outcome, done) => bar.update(done),
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  return {
    callbacks: {
      onListing: (url) => stream.write(`quotebot: listing ${url}\n`),
      onPlan: (total) => stream.write(`quotebot: ${total} video${total === 1 ? '' : 's'} to look at\n`),
      onVideoDone: (outcome, done, total) => stream.write(`quotebot: [${done}/${total}] ${outcomeLine(outcome)}\n`),
    },
    stop: () => {},
  };
}
