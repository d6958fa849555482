/**
 * Turning a search {@link Hit} into a renderable {@link Quote}: time labels, links that open the video at
 * the quoted moment, and citation ids (`videoId@seconds`) that `context` accepts.
 */
import { quoteCuts } from '../search/quotes/bounds.ts';
import type { BoundsParams } from '../search/params.ts';
import type { Hit } from '../search/types.ts';
import { cleanVerbatim } from '../search/quotes/verbatim.ts';
import type { Quote } from './types.ts';

/**
 * `m:ss` below an hour, `h:mm:ss` above; negative or non-finite input counts as 0.
 *
 * @example formatDuration(272) === '4:32'; formatDuration(3725) === '1:02:05'
 */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The time label of a moment: `4:32`, or `≈4:32` when the time is an estimate. */
export function timeLabel(seconds: number, approximate: boolean): string {
  return (approximate ? '≈' : '') + formatDuration(seconds);
}

const YOUTUBE_HOSTS = /(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be)$/i;

/**
 * A link that opens `url` at `seconds` (floored to an integer).
 *
 * YouTube links get a `t=<s>s` query parameter (`&t=` when the URL already has a query, `?t=` otherwise,
 * replacing any `t` already there); other links get a W3C media fragment `#t=<s>`, which Vimeo and
 * browsers playing a media file understand. Returns undefined when `url` is undefined.
 *
 * @example timedUrl('https://www.youtube.com/watch?v=f96Xrg4uNik', 272.9)
 *   === 'https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s'
 */
export function timedUrl(url: string | undefined, seconds: number): string | undefined {
  if (!url) return undefined;
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (YOUTUBE_HOSTS.test(parsed.hostname)) {
    const base = url.replace(/#.*$/, '');
    const withoutT = base.replace(/([?&])t=[^&]*(&|$)/, (_m, sep: string, tail: string) => (tail ? sep : '')).replace(/[?&]$/, '');
    return `${withoutT}${withoutT.includes('?') ? '&' : '?'}t=${s}s`;
  }
  return `${url.replace(/#.*$/, '')}#t=${s}`;
}

/** The stable citation id of a moment: `videoId@<integer seconds>`. */
export function citationOf(videoId: string, seconds: number): string {
  return `${videoId}@${Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0}`;
}

/**
 * Parses a citation id (`f96Xrg4uNik@245`, also `f96Xrg4uNik@4:05` and `@1:02:05`), or returns undefined.
 * Video ids may themselves contain `@`; the last `@` separates the time.
 */
export function parseCitation(citation: string): { videoId: string; seconds: number } | undefined {
  const trimmed = citation.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return undefined;
  const videoId = trimmed.slice(0, at);
  const time = trimmed.slice(at + 1);
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(time)) seconds = Math.floor(Number(time));
  else if (/^\d+(:[0-5]\d){1,2}$/.test(time)) seconds = time.split(':').reduce((t, part) => t * 60 + Number(part), 0);
  else return undefined;
  return { videoId, seconds };
}

/**
 * How quotes are displayed: `clean` (default) leaves out fillers and immediate repeats
 * ({@link cleanVerbatim}); `exact` shows the transcript's exact text. Both mark a cut inside a sentence
 * with "…" ({@link quoteCuts}: punctuation, speaker turns, and pauses in captions without punctuation end
 * sentences). Set with `QUOTE_STYLE`.
 */
export type QuoteStyle = 'clean' | 'exact';

/** The display text of a quote: `body` with "…" for cuts inside a sentence. */
export function withCuts(body: string, cuts: { before: boolean; after: boolean }): string {
  const trimmed = body.trim();
  return `${cuts.before ? '…' : ''}${trimmed}${cuts.after && !/[.?!…]$/.test(trimmed) ? '…' : ''}`;
}

/** The renderable quote of a search hit, cut where `bounds` (the index's) says, displayed in `style` (default clean verbatim). */
export function toQuote(hit: Hit, bounds: BoundsParams, style: QuoteStyle = 'clean'): Quote {
  const cuts = quoteCuts(hit.transcript, hit.charStart, hit.charEnd, bounds);
  const quote: Quote = {
    text: hit.text,
    display: withCuts(style === 'exact' ? hit.text : cleanVerbatim(hit.text).text, cuts),
    videoId: hit.video.id,
    videoTitle: hit.video.title,
    start: hit.start,
    end: hit.end,
    approximate: hit.approximate,
    timeLabel: timeLabel(hit.start, hit.approximate),
    citation: citationOf(hit.video.id, hit.start),
  };
  if (hit.video.channel) quote.channel = hit.video.channel;
  const url = timedUrl(hit.video.url, hit.start);
  if (url) quote.url = url;
  if (hit.speaker) quote.speaker = hit.speaker;
  if (hit.chapter) quote.chapter = hit.chapter;
  return quote;
}
