/**
 * `timeline <topic> [video]`: every moment a topic comes up, in time order, grouped by video, with the
 * first mention, the most extensive discussion and the last mention marked.
 *
 * "Most extensive discussion" is the densest stretch: mentions less than {@link CLUSTER_GAP_SECONDS} apart
 * form one stretch; the stretch with the most mentions wins (ties: the longer one, then the earlier one),
 * and its first moment carries the mark with the stretch's extent.
 */
import { CLUSTER_GAP_SECONDS, TIMELINE_LIMIT, TIMELINE_PAGE } from '../defaults.ts';
import type { Hit, SearchIndex } from '../../search/types.ts';
import { cleanTopic, quotedTopic, resolveVideo, show } from '../answer.ts';
import { coverageOf, uncovered } from '../not-covered.ts';
import { encodeToken } from '../paging.ts';
import { timeLabel, toQuote } from '../quote.ts';
import { timelinePicture, type PictureVideo } from '../timeline-picture.ts';
import type { Answer, CommandSpec, Quote } from '../types.ts';
import { field, text, type Handler, type Resume } from './types.ts';

export const spec: CommandSpec = {
  name: 'timeline',
  description: 'Every moment a topic comes up, in time order, grouped by video',
  options: [
    { name: 'topic', type: 'string', description: 'A topic, e.g. neural networks', required: true, rest: true, autocomplete: 'topic' },
    { name: 'video', type: 'string', description: 'Only this video (id or part of the title)', autocomplete: 'video' },
  ],
  examples: ['timeline neural networks', 'timeline gpus video:f96Xrg4uNik'],
};

export const handler: Handler = (args, ctx) =>
  timelineAnswer(ctx.index, { topic: text(args, 'topic') ?? '', offset: 0, ...(text(args, 'video') ? { video: text(args, 'video')! } : {}) });

/** `t:<offset>:<query>[:<video>]`: the next page of a timeline. */
export const TIMELINE_TOKEN: Resume = {
  prefix: 't',
  fields: [
    { name: 'offset', type: 'nat' },
    { name: 'query', type: 'text', shorten: true },
    { name: 'video', type: 'text', optional: true },
  ],
  run: (s, ctx) => {
    const video = field(s, 'video');
    return timelineAnswer(ctx.index, { topic: String(s.query ?? ''), offset: Number(s.offset), ...(video ? { video } : {}) });
  },
};

export const resume: readonly Resume[] = [TIMELINE_TOKEN];


interface Stretch {
  first: number;
  last: number;
}

/**
 * The densest stretch of a time-ordered list of hits of one video (indexes into it): most mentions, then
 * the highest total relevance (a merged moment that discusses the topic at length scores higher), then
 * the longest, then the earliest.
 */
export function densestStretch(hits: readonly Hit[]): Stretch {
  const measure = (s: Stretch) => {
    let score = 0;
    for (let i = s.first; i <= s.last; i++) score += hits[i]!.score;
    return [s.last - s.first, score, hits[s.last]!.end - hits[s.first]!.start];
  };
  let best: Stretch = { first: 0, last: 0 };
  let bestMeasure = hits.length ? measure(best) : [0, 0, 0];
  let start = 0;
  for (let i = 1; i <= hits.length; i++) {
    if (i === hits.length || hits[i]!.start - hits[i - 1]!.end > CLUSTER_GAP_SECONDS) {
      const s = { first: start, last: i - 1 };
      const m = measure(s);
      const k = m.findIndex((v, j) => v !== bestMeasure[j]);
      if (k >= 0 && m[k]! > bestMeasure[k]!) {
        best = s;
        bestMeasure = m;
      }
      start = i;
    }
  }
  return best;
}

function addNote(quote: Quote, note: string): void {
  quote.note = quote.note ? `${quote.note}; ${note}` : note;
}

/** A timeline's moment: its hit and the notes its quote gets when it is shown. */
interface Moment {
  videoId: string;
  hit: Hit;
  notes?: string[];
}

/** One video's moments in time order (first, most extensive and last noted), its picture row and its notes. */
function videoMoments(id: string, hits: Hit[]): { moments: Moment[]; pictured: PictureVideo; notes: string[] } {
  hits.sort((a, b) => a.start - b.start);
  const moments: Moment[] = hits.map((hit) => ({ videoId: id, hit }));
  const note = (k: number, text: string): void => void (moments[k]!.notes ??= []).push(text);
  const labelOf = (k: number): string => timeLabel(hits[k]!.start, hits[k]!.approximate);
  const stretch = densestStretch(hits);
  note(0, 'first mention');
  const count = stretch.last - stretch.first + 1;
  const extent = `${labelOf(stretch.first)}-${timeLabel(hits[stretch.last]!.end, hits[stretch.last]!.approximate)}`;
  if (hits.length > 1) note(stretch.first, `most extensive discussion (${count > 1 ? `${count} mentions, ` : ''}${extent})`);
  if (hits.length > 1) note(hits.length - 1, 'last mention');
  const notes = [`${hits.length} moment${hits.length === 1 ? '' : 's'}: first ${labelOf(0)}, last ${labelOf(hits.length - 1)}`];
  if (hits.length > 1) notes.push(`most extensive discussion: ${extent}${count > 1 ? ` (${count} mentions)` : ''}`);
  return { moments, pictured: { hits, stretch }, notes };
}

/** Parameters of {@link timelineAnswer}. */
export interface TimelineParams {
  topic: string;
  video?: string;
  offset: number;
}

/** Builds the timeline answer (one page of moments; marks computed over all of them). */
export function timelineAnswer(index: SearchIndex, p: TimelineParams): Answer {
  const topic = cleanTopic(p.topic);
  if (!topic) return { kind: 'notice', ephemeral: true, text: 'Give a topic, e.g. timeline scaling laws.' };
  let videoId: string | undefined;
  if (p.video?.trim()) {
    const meta = resolveVideo(index, p.video);
    if (!meta) return { kind: 'notice', ephemeral: true, text: `No video matches "${show(p.video, 40)}". Type videos to list them.` };
    videoId = meta.id;
  }
  const response = index.mentions(topic, { ...(videoId ? { video: videoId } : {}), limit: TIMELINE_LIMIT, requireKeyWord: true, apart: true });
  if (!response.hits.length) {
    // A word never said is "not covered", never a "did you mean" look-alike ("food" is not "good").
    const refusal = uncovered(coverageOf(index, topic), topic, 'timeline');
    if (refusal) return refusal;
    const words = response.suggestions.slice(0, 3);
    return {
      kind: 'notice',
      ephemeral: true,
      text: `No passage mentions ${quotedTopic(response.subject ?? topic)}.${words.length ? ` Did you mean: ${words.map((w) => `"${w}"`).join(', ')}?` : ''}`,
    };
  }

  // Group by video in order of first appearance in the response, each group in time order.
  const byVideo = new Map<string, Hit[]>();
  for (const hit of response.hits) {
    const list = byVideo.get(hit.video.id) ?? [];
    list.push(hit);
    byVideo.set(hit.video.id, list);
  }
  // Every moment is counted and pictured; only the page shown is cut into quotes (5,000 quotes' sentence
  // bounds would cost ~0.2 s at 1,000 hours for the ~10 shown). Notes wait beside their moment until then.
  const flat: Moment[] = [];
  const groupNotes = new Map<string, string[]>();
  const pictured: PictureVideo[] = [];
  for (const [id, hits] of byVideo) {
    const video = videoMoments(id, hits);
    pictured.push(video.pictured);
    groupNotes.set(id, video.notes);
    flat.push(...video.moments);
  }

  const offset = Math.min(p.offset, Math.max(0, flat.length - 1));
  const page = flat.slice(offset, offset + TIMELINE_PAGE).map(({ videoId, hit, notes }) => {
    const quote = toQuote(hit, index.params.bounds);
    for (const text of notes ?? []) addNote(quote, text);
    return { videoId, quote };
  });
  const groups: NonNullable<Answer['groups']> = [];
  for (const { videoId: id, quote } of page) {
    let group = groups[groups.length - 1];
    if (!group || group.quotes[0]!.videoId !== id) {
      group = { heading: quote.videoTitle, quotes: [], notes: groupNotes.get(id) ?? [] };
      groups.push(group);
    }
    group.quotes.push(quote);
  }
  const next = offset + page.length;
  const token = next < flat.length ? encodeToken(TIMELINE_TOKEN, { query: topic, offset: next, ...(videoId ? { video: videoId } : {}) }, response.terms) : undefined;
  // Past the limit the moments are counted, not listed: the title says how many there are in all.
  const unlisted = response.total - flat.length;
  const counts = `${flat.length} moment${flat.length === 1 ? '' : 's'} in ${byVideo.size} video${byVideo.size === 1 ? '' : 's'}${unlisted > 0 ? ` (the first ${flat.length} of ${response.total}: ${unlisted} more not listed)` : ''}`;
  return {
    kind: 'timeline',
    title: `Timeline of ${quotedTopic(topic)}: ${counts}`,
    // The picture goes with the first page only (the next pages are more of the same moments).
    ...(offset === 0 ? { picture: timelinePicture(`Timeline of ${quotedTopic(topic)}`, counts, pictured, CLUSTER_GAP_SECONDS) } : {}),
    groups,
    page: { offset, count: page.length, total: flat.length },
    actions: token ? [{ kind: 'more', label: 'More', token }] : [],
    ephemeral: false,
  };
}
