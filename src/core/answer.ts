/**
 * Helpers the command answers share (`src/core/commands/<name>.ts` build the answers themselves): showing
 * user text in a message, cleaning a topic, finding the video a user meant, "did you mean" hints.
 */
import type { VideoMeta } from '../corpus/types.ts';
import { SEARCH_DEFAULTS } from '../search/params.ts';
import type { SearchIndex, SearchResponse } from '../search/types.ts';
import { truncateAtWord } from './paging.ts';
import { formatDuration } from './quote.ts';
import type { Answer, AnswerAction } from './types.ts';

/** Longest query passed to the index; longer input is cut at a word (a pasted essay is not a topic). */
export const MAX_QUERY_LENGTH = 1000;

/**
 * The relevance floor of `quote` ({@link SearchOptions.minRelative}, {@link SearchOptions.requireKeyWord}):
 * users see only passages that speak to the topic, not the next-best ones that merely share a word.
 */
export const QUOTE_RELEVANCE = { minRelative: 0.4, requireKeyWord: true } as const;

/** A short, single-line rendering of user text for messages: `"scaling laws"`, cut at ~60 characters. */
export function show(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${truncateAtWord(line, max - 1)}…` : line;
}

/** A topic in double quotes for a title or notice; a topic typed as one "quoted phrase" keeps its own quotes. */
export function quotedTopic(topic: string): string {
  const t = show(topic);
  return /^["“][^"“”]*["”]$/.test(t) ? t : `"${t}"`;
}

/**
 * Mention markup typed into a topic or claim, which is never a word that was said: Discord `<@123>`,
 * `<@!123>`, `<@&123>` (a role), `<#123>` (a channel), Slack `<@U1|name>`, `<#C1|name>`, `<!here>`, and a
 * plain `@everyone`, `@here` or `@channel`.
 */
const MENTION_MARKUP = /<[@#!][!&]?[A-Za-z0-9_-]+(?:\|[^>]*)?>|(?<![^\s])@(?:everyone|here|channel)\b/g;

/**
 * Normalises a topic: mention markup removed, whitespace collapsed, cut to {@link MAX_QUERY_LENGTH}.
 *
 * @example
 * cleanTopic('quote <@&123>  determinant') // 'quote determinant'
 */
export function cleanTopic(topic: unknown): string {
  return truncateAtWord(String(topic ?? '').replace(MENTION_MARKUP, ' ').replace(/\s+/g, ' ').trim(), MAX_QUERY_LENGTH);
}

export function notice(text: string, ephemeral = true): Answer {
  return { kind: 'notice', text, ephemeral };
}

/** The video a user meant: an exact id first, else the best fuzzy title match. */
export function resolveVideo(index: SearchIndex, video: string): VideoMeta | undefined {
  const wanted = video.trim();
  if (!wanted) return undefined;
  const exact = index.corpus.transcripts.find((t) => t.meta.id === wanted || t.meta.id.toLowerCase() === wanted.toLowerCase());
  return exact?.meta ?? index.findVideos(wanted, 1)[0];
}

export function noVideo(index: SearchIndex, video: string): Answer {
  const some = index.findVideos(video, 3).map((v) => v.title);
  const hint = some.length ? ` Closest: ${some.map((t) => `"${show(t, 50)}"`).join(', ')}.` : ' Type videos to list them.';
  return notice(`No video matches "${show(video, 40)}".${hint}`);
}

/**
 * The notice for a citation past the end of its video (`f96Xrg4uNik@99999` on a 17:49 video), or undefined
 * when the video is unknown or the time is within it. The end is the video's duration, else its last caption's.
 */
export function pastTheEnd(index: SearchIndex, videoId: string, seconds: number): Answer | undefined {
  const transcript = index.corpus.transcripts.find((t) => t.meta.id === videoId);
  if (!transcript) return undefined;
  const end = transcript.meta.duration ?? transcript.cues[transcript.cues.length - 1]?.end;
  if (end === undefined || seconds <= end + 1) return undefined;
  return notice(`"${show(transcript.meta.title, 50)}" is only ${formatDuration(end)} long: give a time within it, e.g. ${videoId}@${Math.floor(end / 2)}.`);
}

/** "Did you mean" text from a search response (or a few vocabulary words when it has none). */
export function didYouMean(index: SearchIndex, response: SearchResponse): string {
  let words = response.suggestions.slice(0, 3);
  if (!words.length && response.terms.length) words = index.suggest(response.terms[0]!.slice(0, 3), 3);
  return words.length ? ` Did you mean: ${words.map((w) => `"${w}"`).join(', ')}?` : ' Try other words, or type videos to see what is covered.';
}

/** One button, or none when its token could not be made. */
export function action(kind: AnswerAction['kind'], label: string, token: string | undefined): AnswerAction[] {
  return token ? [{ kind, label, token }] : [];
}

