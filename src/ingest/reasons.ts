/**
 * yt-dlp's failures as short per-video reasons: a private video, an age gate, a rate limit, the network
 * being down and an unsupported URL each get a sentence that says what happened; anything else is
 * yt-dlp's own last `ERROR:` line, trimmed of its "please report this issue" boilerplate.
 *
 * @example
 * failureReason('ERROR: [youtube] abc: Private video. Sign in if ...') // 'private video'
 */
import { YtDlpRunError } from './ytdlp.ts';

const RULES: Array<[RegExp, string]> = [
  [/private video|video is private|this video is private/i, 'private video'],
  [/confirm your age|age[- ]restricted|age[- ]gate|inappropriate for some users/i, 'age-restricted: the site wants a signed-in account'],
  [/\b429\b|too many requests|rate[- ]limit/i, 'rate-limited by the site (HTTP 429); try again later'],
  [/members[- ]only|join this channel/i, 'members-only video'],
  [/sign in to confirm you.re not a bot/i, 'the site asks to sign in to prove this is not a bot; try later or update yt-dlp'],
  [/unsupported url/i, 'yt-dlp does not know this URL (unsupported URL)'],
  [/name resolution|getaddrinfo|name or service not known|nodename nor servname|network is unreachable|connection refused|timed out|no route to host|connection reset|\[Errno (?:-?[23]|101|110|111|113)\]/i, 'network problem: the site could not be reached'],
  [/video unavailable|has been removed|no longer available|does not exist/i, 'video unavailable (removed, or the address is wrong)'],
  [/unable to download webpage: HTTP Error 404/i, 'page not found (HTTP 404): check the address'],
  [/not available in your country|geo.?restrict/i, 'not available in this country'],
  [/premieres in|live event will begin|is_upcoming/i, 'not out yet (upcoming premiere or live stream)'],
];

/** The last `ERROR:` line of yt-dlp's stderr, without its boilerplate; undefined when there is none. */
export function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).filter((l) => /^ERROR:/.test(l.trim()));
  const last = lines.at(-1)?.trim();
  if (!last) return undefined;
  return last
    .replace(/^ERROR:\s*/, '')
    .replace(/;?\s*please report this issue.*$/i, '')
    .replace(/\s*\(caused by .*$/i, '')
    .trim();
}

/** A short reason for a failed yt-dlp run (or any other error met while adding one video). */
export function failureReason(error: unknown): string {
  if (error instanceof YtDlpRunError) {
    const line = lastErrorLine(error.stderr);
    const text = `${line ?? ''}\n${error.stderr}`;
    for (const [pattern, reason] of RULES) if (pattern.test(line ?? '') || (!line && pattern.test(text))) return reason;
    if (line) return line.length > 200 ? `${line.slice(0, 197)}...` : line;
    return error.message;
  }
  const message = (error as Error)?.message ?? String(error);
  return message.split('\n')[0]!;
}

/** The last `WARNING:` line of yt-dlp's stderr (without the prefix), if any. */
export function lastWarningLine(stderr: string): string | undefined {
  const line = stderr.split(/\r?\n/).filter((l) => /^WARNING:/.test(l.trim())).at(-1);
  return line?.trim().replace(/^WARNING:\s*/, '');
}
