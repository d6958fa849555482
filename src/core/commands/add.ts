/**
 * `add <url>` (admins only): starts fetching a video, playlist or channel into the transcripts folder
 * through the injected downloader (`src/ingest/chat.ts` in the running bot), answers at once with how many
 * videos it is fetching, and gives the summary as the answer's follow-up.
 *
 * @example
 * add https://www.youtube.com/@channel
 * // "Fetching 12 videos from https://www.youtube.com/@channel ... the summary follows when they are done."
 * // then "Added 11, already there 0, without captions 1, failed 0." and the per-video lines
 */
import type { Answer, CommandSpec } from '../types.ts';
import { text, type Handler } from './types.ts';

export type { AddStart } from './types.ts';

export const spec: CommandSpec = {
  name: 'add',
  description: 'Fetch the captions of a video, playlist or channel with yt-dlp (admins only)',
  options: [{ name: 'url', type: 'string', description: 'A video, playlist or channel URL, or a YouTube video id', required: true }],
  examples: ['add https://www.youtube.com/watch?v=f96Xrg4uNik'],
  adminOnly: true,
};

export const handler: Handler = async (args, ctx) => {
  if (!ctx.addVideos) return { kind: 'notice', ephemeral: true, text: 'Adding videos is not available in this mode; run npx quotebot add <url> on the server.' };
  const url = text(args, 'url') ?? '';
  const start = await ctx.addVideos(url);
  if (start.refused) return { kind: 'notice', ephemeral: true, text: start.refused };
  const summary = start.done.then((lines): Answer => ({ kind: 'notice', ephemeral: true, text: lines.join('\n') }));
  // Nothing to fetch (the listing failed or was empty): the summary is the answer.
  if (start.videos === 0) return summary;
  return {
    kind: 'notice',
    ephemeral: true,
    text: `Fetching ${start.videos} video${start.videos === 1 ? '' : 's'} from ${url} ... the summary follows when ${start.videos === 1 ? 'it is' : 'they are'} done.`,
    followUp: summary,
  };
};
