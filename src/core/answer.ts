/**
 * Helpers the command answers share (`src/core/commands/<name>.ts` build the answers themselves): showing
 * user text in a message, cleaning a topic, finding the video a user meant, "did you mean" hints.
 */
import type { VideoMeta } from '../corpus/types.ts';
import { SEARCH_DEFAULTS } from '../search/params.ts';
import type { SearchIndex, SearchResponse } from '../search/types.ts';
import { truncateAtWord } from './paging.ts';
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

/** Normalises a topic: whitespace collapsed, cut to {@link MAX_QUERY_LENGTH}. */
export function cleanTopic(topic: unknown): string {
  return truncateAtWord(String(topic ?? '').replace(/\s+/g, ' ').trim(), MAX_QUERY_LENGTH);
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

