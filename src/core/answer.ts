/**
 * Answer builders: what each command says, from the index's results. Pure functions of (index, arguments);
 * the command table in `commands.ts` wires them to names and options.
 */
import type { VideoMeta } from '../corpus/types.ts';
import type { SearchIndex, SearchOptions, SearchResponse } from '../search/types.ts';
import { encodeToken, truncateAtWord } from './paging.ts';
import { formatDuration, parseCitation, toQuote } from './quote.ts';
import type { Answer, AnswerAction, VideoSummary } from './types.ts';

/** Longest query passed to the index; longer input is cut at a word (a pasted essay is not a topic). */
export const MAX_QUERY_LENGTH = 1000;
/** Videos listed per page. */
export const VIDEOS_PAGE = 15;
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

function notice(text: string, ephemeral = true): Answer {
  return { kind: 'notice', text, ephemeral };
}

/** The video a user meant: an exact id first, else the best fuzzy title match. */
export function resolveVideo(index: SearchIndex, video: string): VideoMeta | undefined {
  const wanted = video.trim();
  if (!wanted) return undefined;
  const exact = index.corpus.transcripts.find((t) => t.meta.id === wanted || t.meta.id.toLowerCase() === wanted.toLowerCase());
  return exact?.meta ?? index.findVideos(wanted, 1)[0];
}

function noVideo(index: SearchIndex, video: string): Answer {
  const some = index.findVideos(video, 3).map((v) => v.title);
  const hint = some.length ? ` Closest: ${some.map((t) => `"${show(t, 50)}"`).join(', ')}.` : ' Type videos to list them.';
  return notice(`No video matches "${show(video, 40)}".${hint}`);
}

/** "Did you mean" text from a search response (or a few vocabulary words when it has none). */
function didYouMean(index: SearchIndex, response: SearchResponse): string {
  let words = response.suggestions.slice(0, 3);
  if (!words.length && response.terms.length) words = index.suggest(response.terms[0]!.slice(0, 3), 3);
  return words.length ? ` Did you mean: ${words.map((w) => `"${w}"`).join(', ')}?` : ' Try other words, or type videos to see what is covered.';
}

/** What the search changed about the query: typo corrections, and quoted phrases nobody says word for word. */
function correctionNote(response: SearchResponse): string | undefined {
  const notes: string[] = [];
  const phrases = response.unmatchedPhrases ?? [];
  if (phrases.length) {
    notes.push(`Nobody says ${phrases.map((p) => `"${show(p, 60)}"`).join(' or ')} word for word; these are the closest passages.`);
  }
  const pairs = Object.entries(response.corrected);
  if (pairs.length) notes.push(`Showing results for ${pairs.map(([typed, used]) => `"${used}" (you typed "${typed}")`).join(', ')}.`);
  return notes.length ? notes.join(' ') : undefined;
}

function action(kind: AnswerAction['kind'], label: string, token: string | undefined): AnswerAction[] {
  return token ? [{ kind, label, token }] : [];
}

/** Parameters of {@link quotesAnswer}. */
export interface QuoteParams {
  topic: string;
  video?: string;
  speaker?: string;
  /** 1-10. */
  count: number;
  offset: number;
  /** The answer is meant for everyone in the channel (a share click). */
  share?: boolean;
}

/** `quote`: the best passages about a topic, with paging, context and share buttons. */
export function quotesAnswer(index: SearchIndex, p: QuoteParams): Answer {
  const topic = cleanTopic(p.topic);
  if (!topic) {
    return notice('What should I look for? Give a topic, e.g. quote scaling laws, or ask a question such as "how did GPUs help?".');
  }
  if (p.video !== undefined && p.video.trim() && !resolveVideo(index, p.video)) return noVideo(index, p.video);
  const options: SearchOptions = { limit: p.count, offset: p.offset, ...QUOTE_RELEVANCE };
  if (p.video?.trim()) options.video = resolveVideo(index, p.video)!.id;
  if (p.speaker?.trim()) options.speaker = p.speaker.trim();
  const response = index.search(topic, options);
  const where = `${response.video ? ` in "${show(response.video.title, 50)}"` : ''}${response.speaker ? ` by ${show(response.speaker, 40)}` : ''}`;
  if (!response.hits.length) {
    if (p.offset > 0) return notice(`No more quotes about ${quotedTopic(topic)}${where}.`);
    if (p.speaker?.trim() && !response.speaker) {
      const names = index.speakers(options.video).slice(0, 5);
      return notice(`No speaker matches "${show(p.speaker, 40)}".${names.length ? ` Speakers: ${names.join(', ')}.` : ' These transcripts name no speakers.'}`);
    }
    return notice(`No passage mentions ${quotedTopic(response.subject ?? topic)}${where}.${didYouMean(index, response)}`);
  }
  const quotes = response.hits.map(toQuote);
  const base = { query: topic, count: p.count, ...(options.video ? { video: options.video } : {}), ...(response.speaker ? { speaker: response.speaker } : {}) };
  const next = p.offset + response.hits.length;
  const actions: AnswerAction[] = [];
  if (next < response.total) actions.push(...action('more', 'More', encodeToken({ kind: 'quote', ...base, offset: next }, response.terms)));
  const first = quotes[0]!;
  actions.push(...action('context', 'Context', encodeToken({ kind: 'context', videoId: first.videoId, seconds: first.start, before: 2, after: 2 })));
  if (!p.share) actions.push(...action('share', 'Share', encodeToken({ kind: 'quote', ...base, offset: p.offset, share: true }, response.terms)));
  const answer: Answer = {
    kind: 'quotes',
    title: `Quotes about ${quotedTopic(topic)}${where}`,
    quotes,
    page: { offset: p.offset, count: quotes.length, total: Math.max(response.total, next) },
    actions,
    ephemeral: false,
  };
  const note = correctionNote(response);
  if (note) answer.text = note;
  return answer;
}

/** `random`: one substantive passage, optionally from one video. */
export function randomAnswer(index: SearchIndex, video: string | undefined, rng: () => number): Answer {
  let id: string | undefined;
  if (video?.trim()) {
    const meta = resolveVideo(index, video);
    if (!meta) return noVideo(index, video);
    id = meta.id;
  }
  const hit = index.random(id, rng);
  if (!hit) return notice('There are no transcripts to quote yet.');
  const quote = toQuote(hit);
  return {
    kind: 'quotes',
    title: `A random quote from "${show(quote.videoTitle, 80)}"`,
    quotes: [quote],
    actions: [
      ...action('context', 'Context', encodeToken({ kind: 'context', videoId: quote.videoId, seconds: quote.start, before: 2, after: 2 })),
      ...action('share', 'Share', encodeToken({ kind: 'passage', videoId: quote.videoId, seconds: quote.start })),
    ],
    ephemeral: false,
  };
}

/** A shared single passage (the `share` button of `random`): the passage at that moment, public. */
export function passageAnswer(index: SearchIndex, videoId: string, seconds: number): Answer {
  const hit = index.around(videoId, seconds, 0, 0)[0];
  if (!hit) return notice(`That passage (${videoId}@${seconds}) is no longer in the transcripts.`);
  const quote = toQuote(hit);
  return { kind: 'quotes', title: `From "${show(quote.videoTitle, 80)}"`, quotes: [quote], ephemeral: false };
}

/** Every video in the corpus, once, by title. */
export function listVideos(index: SearchIndex): VideoSummary[] {
  const seen = new Map<string, VideoSummary>();
  for (const { meta } of index.corpus.transcripts) {
    if (seen.has(meta.id)) continue;
    const summary: VideoSummary = { id: meta.id, title: meta.title };
    if (meta.channel) summary.channel = meta.channel;
    if (meta.duration !== undefined) {
      summary.duration = meta.duration;
      summary.durationLabel = formatDuration(meta.duration);
    }
    if (meta.url) summary.url = meta.url;
    seen.set(meta.id, summary);
  }
  return [...seen.values()].sort((a, b) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }));
}

/** `videos`: titles, durations and links, a page at a time. */
export function videosAnswer(index: SearchIndex, offset: number): Answer {
  const all = listVideos(index);
  if (!all.length) return notice('No transcripts are loaded yet.');
  if (offset >= all.length) return notice('That is the end of the list.');
  const videos = all.slice(offset, offset + VIDEOS_PAGE);
  const next = offset + videos.length;
  return {
    kind: 'videos',
    title: `${all.length} video${all.length === 1 ? '' : 's'}`,
    videos,
    page: { offset, count: videos.length, total: all.length },
    actions: next < all.length ? action('more', 'More', encodeToken({ kind: 'videos', offset: next })) : [],
    ephemeral: true,
  };
}

/** Removes one pair of surrounding quotes from a claim. */
function unquote(claim: string): string {
  const t = claim.trim();
  return /^".*"$/s.test(t) && t.length >= 2 ? t.slice(1, -1).trim() : t.replace(/^"|"$/g, '').trim();
}

/** `verify`: was this said, nearly said (with the differing words), or not at all; with the closest passage. */
export function verifyAnswer(index: SearchIndex, rawClaim: string): Answer {
  const claim = cleanTopic(unquote(String(rawClaim ?? '')));
  if (!claim) return notice('Give the quote to check, e.g. verify "the gpus appeared in our lab".');
  const result = index.verify(claim);
  const quotes = result.hit ? [toQuote(result.hit)] : [];
  const percent = Math.round(result.similarity * 100);
  const title =
    result.verdict === 'verbatim'
      ? 'Yes: this was said word for word.'
      : result.verdict === 'near'
        ? `Nearly: this was said with small differences (${percent}% of the words match).`
        : quotes.length
          ? `Not found: nothing close enough was said (best match ${percent}%).`
          : 'Not found: no transcript has anything like this.';
  const answer: Answer = {
    kind: 'verify',
    title,
    quotes,
    verify: { verdict: result.verdict, similarity: result.similarity, differences: result.differences },
    ephemeral: false,
  };
  if (result.verdict === 'near' && result.differences.length) {
    answer.text = result.differences
      .slice(0, 8)
      .map((d) => `claimed "${show(d.claimed || '(nothing)', 40)}", said "${show(d.said || '(nothing)', 40)}"`)
      .join('\n');
  } else if (result.verdict === 'none' && quotes.length) {
    answer.text = 'The closest passage is below.';
  }
  const first = quotes[0];
  if (first) answer.actions = action('context', 'Context', encodeToken({ kind: 'context', videoId: first.videoId, seconds: first.start, before: 2, after: 2 }));
  return answer;
}

/** Most passages `context` shows on each side. */
export const MAX_CONTEXT = 5;

/** `context`: the passages around a cited moment, the cited one marked. */
export function contextAnswer(index: SearchIndex, citation: string, before: number, after: number): Answer {
  const cited = parseCitation(String(citation ?? ''));
  if (!cited) return notice('Give a citation like f96Xrg4uNik@245 (each quote shows its citation).');
  const b = Math.min(MAX_CONTEXT, Math.max(0, before));
  const a = Math.min(MAX_CONTEXT, Math.max(0, after));
  const hits = index.around(cited.videoId, cited.seconds, b, a);
  if (!hits.length) {
    const known = index.corpus.transcripts.some((t) => t.meta.id === cited.videoId);
    return notice(known ? `Nothing was said near ${citation.trim()}.` : `No video has the id "${show(cited.videoId, 40)}". Type videos to list them.`);
  }
  const quotes = hits.map(toQuote);
  // The cited passage: the one containing the moment, else the nearest.
  let mark = 0;
  let best = Infinity;
  quotes.forEach((q, i) => {
    const distance = cited.seconds < q.start ? q.start - cited.seconds : cited.seconds > q.end ? cited.seconds - q.end : 0;
    if (distance < best) {
      best = distance;
      mark = i;
    }
  });
  quotes[mark]!.note = 'cited moment';
  const title = quotes[0]!.videoTitle;
  const more = b < MAX_CONTEXT || a < MAX_CONTEXT;
  return {
    kind: 'context',
    title: `Context of ${citation.trim()}`,
    groups: [{ heading: `${show(title, 80)}, ${quotes[0]!.timeLabel}-${quotes[quotes.length - 1]!.timeLabel}`, quotes }],
    actions: more
      ? action('context', 'More context', encodeToken({ kind: 'context', videoId: cited.videoId, seconds: cited.seconds, before: Math.min(MAX_CONTEXT, b + 2), after: Math.min(MAX_CONTEXT, a + 2) }))
      : [],
    ephemeral: true,
  };
}
