/** `videos`: the videos quotebot can quote (title, length, link), a page at a time. */
import { TOP_LEVEL_LABEL } from '../../corpus/collection.ts';
import { VIDEOS_PAGE } from '../defaults.ts';
import type { SearchIndex } from '../../search/types.ts';
import { action, notice } from '../answer.ts';
import { encodeToken } from '../paging.ts';
import { formatDuration } from '../quote.ts';
import type { Answer, CommandSpec, VideoSummary } from '../types.ts';
import { int, type Handler, type Resume } from './types.ts';


export const spec: CommandSpec = {
  name: 'videos',
  description: 'The videos quotebot can quote: title, length and link',
  options: [{ name: 'page', type: 'integer', description: `Which page of the list (${VIDEOS_PAGE} videos a page)`, min: 1 }],
  examples: ['videos'],
};

/** `videos` is page 1; `videos 2` (or `page:2`) starts at the 16th video; a page past the end says how many there are. */
export const handler: Handler = (args, ctx) => videosAnswer(ctx.index, (int(args, 'page', 1) - 1) * VIDEOS_PAGE);

/** `v:<offset>`: the next page of the list. */
export const VIDEOS_TOKEN: Resume = {
  prefix: 'v',
  fields: [{ name: 'offset', type: 'nat' }],
  run: (s, ctx) => videosAnswer(ctx.index, Number(s.offset)),
};

export const resume: readonly Resume[] = [VIDEOS_TOKEN];

/** Every video in the corpus, once, by title (with its collection when the corpus has collections). */
export function listVideos(index: SearchIndex): VideoSummary[] {
  const seen = new Map<string, VideoSummary>();
  const collections = index.collections().length > 0;
  for (const { meta, collection } of index.corpus.transcripts) {
    if (seen.has(meta.id)) continue;
    const summary: VideoSummary = { id: meta.id, title: meta.title };
    if (meta.channel) summary.channel = meta.channel;
    if (collections) summary.collection = collection ?? TOP_LEVEL_LABEL;
    if (meta.duration !== undefined) {
      summary.duration = meta.duration;
      summary.durationLabel = formatDuration(meta.duration);
    }
    if (meta.url) summary.url = meta.url;
    seen.set(meta.id, summary);
  }
  return [...seen.values()].sort((a, b) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }));
}

/** The reply to a page past the end of a list of `total` videos (a typed page number, or a More button after a reload). */
function noSuchPage(total: number, page: number): Answer {
  const pages = Math.ceil(total / VIDEOS_PAGE);
  return notice(`There is no page ${page}: the list has ${total} video${total === 1 ? '' : 's'} (${pages} page${pages === 1 ? '' : 's'}). Type videos for the first.`);
}

/** The `videos` answer: titles, durations and links from `offset`; past the end, how many there are. */
export function videosAnswer(index: SearchIndex, offset: number): Answer {
  const all = listVideos(index);
  if (!all.length) return notice('No transcripts are loaded yet.');
  if (offset >= all.length) return noSuchPage(all.length, Math.floor(offset / VIDEOS_PAGE) + 1);
  const videos = all.slice(offset, offset + VIDEOS_PAGE);
  const next = offset + videos.length;
  return {
    kind: 'videos',
    title: `${all.length} video${all.length === 1 ? '' : 's'}`,
    videos,
    page: { offset, count: videos.length, total: all.length },
    actions: next < all.length ? action('more', 'More', encodeToken(VIDEOS_TOKEN, { offset: next })) : [],
    ephemeral: true,
  };
}
