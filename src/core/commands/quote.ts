/** `quote <topic> [video] [speaker] [count]`: the best passages about a topic, with More, Context and Share buttons. */
import { sentenceBounds } from '../../search/quotes/bounds.ts';
import { distinctMoments } from '../../search/quotes/distinct.ts';
import type { TopicCoverage } from '../../search/query/coverage.ts';
import type { Hit, SearchIndex, SearchOptions, SearchResponse } from '../../search/types.ts';
import { action, cleanTopic, didYouMean, noVideo, notice, QUOTE_RELEVANCE, quotedTopic, resolveVideo, show } from '../answer.ts';
import { DEFAULT_COUNT, MAX_COUNT, PASSING_MENTIONS_LIMIT } from '../defaults.ts';
import { encodeToken, type TokenField } from '../paging.ts';
import { coverageOf, uncovered } from '../not-covered.ts';
import { toQuote } from '../quote.ts';
import type { Answer, AnswerAction, CommandSpec } from '../types.ts';
import { cardAction } from './card.ts';
import { contextAction } from './context.ts';
import { field, int, text, type Handler, type Resume } from './types.ts';

export const spec: CommandSpec = {
  name: 'quote',
  aliases: ['ask', 'q'],
  description: 'Verbatim quotes about a topic, each linked to the moment it was said',
  options: [
    { name: 'topic', type: 'string', description: 'A topic or question, e.g. scaling laws or "how did GPUs help?"', required: true, rest: true, autocomplete: 'topic' },
    { name: 'video', type: 'string', description: 'Only this video (id or part of the title)', autocomplete: 'video' },
    { name: 'speaker', type: 'string', description: 'Only this speaker', autocomplete: 'speaker' },
    { name: 'count', type: 'integer', description: `How many quotes (default ${DEFAULT_COUNT})`, min: 1, max: MAX_COUNT },
  ],
  examples: ['quote scaling laws', 'ask how did GPUs help?', 'quote "neural networks" count:5', 'quote gpus video:f96Xrg4uNik'],
};

export const handler: Handler = (args, ctx) =>
  quotesAnswer(ctx.index, {
    topic: text(args, 'topic') ?? '',
    count: int(args, 'count', DEFAULT_COUNT),
    offset: 0,
    ...(text(args, 'video') ? { video: text(args, 'video')! } : {}),
    ...(text(args, 'speaker') ? { speaker: text(args, 'speaker')! } : {}),
  });

const PAGE_FIELDS: readonly TokenField[] = [
  { name: 'offset', type: 'nat' },
  { name: 'count', type: 'nat', min: 1 },
  { name: 'query', type: 'text', shorten: true },
  { name: 'video', type: 'text', optional: true },
  { name: 'speaker', type: 'text', optional: true },
];

/** Continues a quote page from a token of `kind` (the share copy is public). */
function resumeQuotes(share: boolean): Resume['run'] {
  return (s, ctx) => {
    const video = field(s, 'video');
    const speaker = field(s, 'speaker');
    const answer = quotesAnswer(ctx.index, {
      topic: String(s.query ?? ''),
      count: Math.min(MAX_COUNT, Number(s.count)),
      offset: Number(s.offset),
      ...(video ? { video } : {}),
      ...(speaker ? { speaker } : {}),
      ...(share ? { share: true } : {}),
    });
    return share && answer.kind === 'quotes' ? { ...answer, ephemeral: false } : answer;
  };
}

/** `m:<offset>:<count>:<query>[:<video>[:<speaker>]]`: the next page (More). */
export const QUOTE_PAGE: Resume = { prefix: 'm', fields: PAGE_FIELDS, run: resumeQuotes(false) };
/** `s:...` (as `m`): the same page again, posted publicly (Share). */
export const QUOTE_SHARE: Resume = { prefix: 's', fields: PAGE_FIELDS, run: resumeQuotes(true) };

export const resume: readonly Resume[] = [QUOTE_PAGE, QUOTE_SHARE];

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

/** The notice when a search found nothing: no more pages, an unknown speaker, or no passage (with hints). */
function nothingFound(index: SearchIndex, p: QuoteParams, topic: string, response: SearchResponse, options: SearchOptions, where: string): Answer {
  if (p.offset > 0) return notice(`No more quotes about ${quotedTopic(topic)}${where}.`);
  if (p.speaker?.trim() && !response.speaker) {
    const names = index.speakers(options.video).slice(0, 5);
    return notice(`No speaker matches "${show(p.speaker, 40)}".${names.length ? ` Speakers: ${names.join(', ')}.` : ' These transcripts name no speakers.'}`);
  }
  return notice(`No passage mentions ${quotedTopic(response.subject ?? topic)}${where}.${didYouMean(index, response)}`);
}

/** The `quote` answer: the best passages about a topic, with paging, context and share buttons. */
export function quotesAnswer(index: SearchIndex, p: QuoteParams): Answer {
  const topic = cleanTopic(p.topic);
  if (!topic) {
    return notice('What should I look for? Give a topic, e.g. quote scaling laws, or ask a question such as "how did GPUs help?".');
  }
  if (p.video !== undefined && p.video.trim() && !resolveVideo(index, p.video)) return noVideo(index, p.video);
  const options: SearchOptions = { limit: p.count, offset: p.offset, ...QUOTE_RELEVANCE };
  if (p.video?.trim()) options.video = resolveVideo(index, p.video)!.id;
  if (p.speaker?.trim()) options.speaker = p.speaker.trim();
  // Not covered: a topic word nothing in the transcripts stands for. Say so rather than quote a look-alike.
  const phrase = /^\s*["“][^"“”]+["”]\s*$/.test(topic);
  const coverage = phrase ? undefined : coverageOf(index, topic);
  const refusal = coverage && uncovered(coverage, topic);
  if (refusal) return refusal;
  const searched = coverage?.query ?? topic;
  const response = index.search(searched, options);
  // Fewer passages above the relevance floor than asked for: fill up with other moments that say the topic
  // (timeline's complete scan), marked as passing mentions, and say how many of each there are. They page
  // on after the passages above the floor, so the count the answer gives can be read with More (every page
  // of the answer has the same count, so each page decides alike).
  const strong = response.hits.length;
  const strongTotal = response.total;
  let passing = 0;
  if (strongTotal && strongTotal < p.count && !p.speaker?.trim()) {
    const others = passingMentions(index, searched, options, response, phrase);
    passing = others.length;
    const from = Math.max(0, p.offset - strongTotal);
    response.hits = [...response.hits, ...others.slice(from, from + p.count - strong)];
    response.total = strongTotal + passing;
  }
  const where = `${response.video ? ` in "${show(response.video.title, 50)}"` : ''}${response.speaker ? ` by ${show(response.speaker, 40)}` : ''}`;
  if (!response.hits.length) return nothingFound(index, p, topic, response, options, where);
  // Quotes start and end at sentence ends (punctuation or a pause) when one is near.
  const quotes = response.hits.map((hit) => toQuote(sentenceBounds(hit, index.params), index.params.bounds));
  if (strong < quotes.length) {
    for (const q of quotes.slice(strong)) q.note = q.note ? `${q.note}; mentions it in passing` : 'mentions it in passing';
  }
  const base = { query: topic, count: p.count, ...(options.video ? { video: options.video } : {}), ...(response.speaker ? { speaker: response.speaker } : {}) };
  const next = p.offset + response.hits.length;
  const actions: AnswerAction[] = [];
  if (next < response.total) actions.push(...action('more', 'More', encodeToken(QUOTE_PAGE, { ...base, offset: next }, response.terms)));
  actions.push(...contextAction(quotes[0]!.videoId, quotes[0]!.start));
  if (!p.share) actions.push(...action('share', 'Share', encodeToken(QUOTE_SHARE, { ...base, offset: p.offset }, response.terms)));
  actions.push(...cardAction(response.hits[0]!));
  const answer: Answer = {
    kind: 'quotes',
    title: `Quotes about ${quotedTopic(topic)}${where}`,
    quotes,
    page: { offset: p.offset, count: quotes.length, total: Math.max(response.total, next) },
    actions,
    ephemeral: false,
  };
  for (const typed of Object.keys(coverage?.readAs ?? {})) delete response.corrected[typed];
  const dropped = (coverage?.dropped ?? []).map((w) => `"${show(w, 40)}"`);
  const notes = [readAsNote(coverage), correctionNote(response)];
  if (dropped.length) notes.push(`The transcripts never say ${dropped.join(' or ')}: these quotes are only about the rest of the question.`);
  if (passing > 0) {
    const words = coverage?.words.filter((w) => !coverage.dropped?.includes(w));
    const subject = quotedTopic(words?.length ? words.join(' ') : (response.subject ?? topic));
    notes.push(`${strongTotal} passage${strongTotal === 1 ? ' talks' : 's talk'} about ${subject}; ${passing} more mention${passing === 1 ? 's' : ''} it in passing${strong < quotes.length ? ' (marked)' : ''}.`);
  }
  const text = notes.filter(Boolean).join(' ');
  if (text) answer.text = text;
  return answer;
}

/**
 * The moments that say the topic outside every passage above the relevance floor (`response` is one page
 * of those), best first: the passing mentions that fill and follow the last page of passages.
 */
function passingMentions(index: SearchIndex, searched: string, options: SearchOptions, response: SearchResponse, phrase: boolean): Hit[] {
  const all = (options.offset ?? 0) === 0 && response.hits.length >= response.total
    ? response.hits
    : index.search(searched, { ...options, offset: 0, limit: response.total }).hits;
  const mentions = index.mentions(searched, { ...(options.video ? { video: options.video } : {}), limit: PASSING_MENTIONS_LIMIT });
  // A "quoted phrase" of several words is mentioned only where the phrase is said (in some form), never
  // where just its most specific word is (the fallback of `mentions` for words not said together).
  if (phrase && mentions.onlyWord) return [];
  const outside = mentions
    .hits.filter((m) => !all.some((h) => h.video.id === m.video.id && h.charStart < m.charEnd && m.charStart < h.charEnd))
    .sort((a, b) => b.score - a.score);
  // Shown quotes never repeat words: mentions whose quotes run into a passage's are dropped, into each other's merged.
  return distinctMoments(outside, all, index.params);
}

/** How the topic was read when it differs from what was typed: acronyms, joined or split words, spellings. */
function readAsNote(coverage: TopicCoverage | undefined): string | undefined {
  const pairs = Object.entries(coverage?.readAs ?? {});
  return pairs.length ? `Searched for ${pairs.map(([typed, said]) => `"${said}" (you typed "${typed}")`).join(', ')}.` : undefined;
}
