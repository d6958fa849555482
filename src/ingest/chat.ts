/**
 * The downloader behind the admin chat command `add <url>`: checks the URL, finds yt-dlp, starts the run
 * and resolves as soon as the URL is listed (so the bot can answer "fetching 12 videos ..." at once); the
 * summary comes later through `done`. A bad URL, a missing yt-dlp, another add in progress or an
 * unreadable sources file is a refusal in one line, not an error.
 *
 * @example
 * const start = await startChatAdd('https://youtu.be/abc123def45', { transcriptsDir, langs: ['en'], logger });
 * start.videos // 1; (await start.done)[0] === 'Added 1, already there 0, without captions 0, failed 0.'
 */
import type { AddStart } from '../core/commands/index.ts';
import type { Logger } from '../logger.ts';
import { addUrls } from './ingest.ts';
import { IngestBusyError } from './lock.ts';
import { SourcesFileError } from './store.ts';
import { countLine, summaryLines } from './summary.ts';
import { parseTarget } from './targets.ts';
import { findYtDlp, YtDlpMissingError } from './ytdlp.ts';

/** Most videos listed per group in a chat summary (the rest are counted). */
export const CHAT_SUMMARY_MAX = 8;

/** Settings of {@link startChatAdd}. */
export interface ChatAddOptions {
  transcriptsDir: string;
  langs: readonly string[];
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Where to find yt-dlp (`Config.ytDlpEnv`: `YT_DLP`, `PATH`). */
  env: Record<string, string | undefined>;
}

/** Starts an add for the chat command; resolves once the URL is listed (or refused). */
export async function startChatAdd(input: string, options: ChatAddOptions): Promise<AddStart> {
  const refused = (message: string): AddStart => ({ videos: 0, refused: message, done: Promise.resolve([]) });
  const target = parseTarget(input);
  if (!target.ok) return refused(target.message.replace(/^./, (c) => c.toUpperCase()));
  let ytdlp;
  try {
    ytdlp = await findYtDlp(options.env);
  } catch (error) {
    if (error instanceof YtDlpMissingError) return refused(`${error.message.replace(/^./, (c) => c.toUpperCase())}`);
    throw error;
  }
  let planned!: (n: number) => void;
  const plan = new Promise<number>((resolve) => (planned = resolve));
  const run = addUrls([target.url], { transcriptsDir: options.transcriptsDir, ytdlp, langs: options.langs, onPlan: (n) => planned(n) });
  const done = run.then((summary) => {
    options.logger.info({ url: target.url, ...summary.counts }, `chat add: ${countLine(summary)}`);
    return summaryLines(summary, CHAT_SUMMARY_MAX);
  });
  const ended = run.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const first = await Promise.race([plan.then((n) => ({ planned: n })), ended]);
  if ('planned' in first) return { videos: first.planned, done };
  if (!first.ok) {
    const error = first.error;
    if (error instanceof IngestBusyError || error instanceof SourcesFileError) return refused(`Not started: ${error.message}`);
    throw error;
  }
  return { videos: 0, done };
}
