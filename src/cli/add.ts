/**
 * `quotebot add <url>...` and `quotebot update`: run the ingest engine with progress on stderr and the
 * summary on stdout. Exit code 0 when nothing failed, 1 when a video or URL failed (the summary says why).
 *
 * @example
 * await runAdd({ transcriptsDir: 'transcripts', urls: ['https://youtu.be/abc123def45'], langs: ['en'], ytDlpEnv: config.ytDlpEnv, follow: false }, process.stdout, process.stderr)
 */
import { addUrls, updateSources, type IngestSummary } from '../ingest/ingest.ts';
import { summaryLines } from '../ingest/summary.ts';
import { findYtDlp } from '../ingest/ytdlp.ts';
import { ingestProgress } from './ingest-progress.ts';

type Out = NodeJS.WritableStream & { isTTY?: boolean };

/** Settings of an add or update run. */
export interface AddSettings {
  transcriptsDir: string;
  /** Caption languages in order of preference. */
  langs: string[];
  /** Where to find yt-dlp (`Config.ytDlpEnv`: `YT_DLP`, `PATH`). */
  ytDlpEnv: Record<string, string | undefined>;
}

async function report(run: (callbacks: ReturnType<typeof ingestProgress>['callbacks']) => Promise<IngestSummary>, out: Out, err: Out): Promise<number> {
  const progress = ingestProgress(err);
  let summary: IngestSummary;
  try {
    summary = await run(progress.callbacks);
  } finally {
    progress.stop();
  }
  out.write(`${summaryLines(summary).join('\n')}\n`);
  return summary.counts.failed ? 1 : 0;
}

/** `quotebot add`: the URLs are already validated. */
export async function runAdd(settings: AddSettings & { urls: string[]; follow: boolean }, out: Out, err: Out): Promise<number> {
  const ytdlp = await findYtDlp(settings.ytDlpEnv);
  return report((callbacks) => addUrls(settings.urls, { transcriptsDir: settings.transcriptsDir, ytdlp, langs: settings.langs, follow: settings.follow, ...callbacks }), out, err);
}

/** `quotebot update`. */
export async function runUpdate(settings: AddSettings, out: Out, err: Out): Promise<number> {
  const ytdlp = await findYtDlp(settings.ytDlpEnv);
  return report((callbacks) => updateSources({ transcriptsDir: settings.transcriptsDir, ytdlp, langs: settings.langs, ...callbacks }), out, err);
}
