/** `random [video]`: one substantive passage, optionally from one video, with Context and Share buttons. */
import type { SearchIndex } from '../../search/types.ts';
import { action, noVideo, notice, resolveVideo, show } from '../answer.ts';
import { encodeToken } from '../paging.ts';
import { toQuote } from '../quote.ts';
import type { Answer, CommandSpec } from '../types.ts';
import { cardAction } from './card.ts';
import { contextAction } from './context.ts';
import { text, type Handler, type Resume } from './types.ts';

export const spec: CommandSpec = {
  name: 'random',
  description: 'A random quote, optionally from one video',
  options: [{ name: 'video', type: 'string', description: 'Only this video (id or part of the title)', rest: true, autocomplete: 'video' }],
  examples: ['random', 'random f96Xrg4uNik'],
};

export const handler: Handler = (args, ctx) => randomAnswer(ctx.index, text(args, 'video'), ctx.rng);

/** `p:<videoId>:<seconds>`: one passage posted publicly (the Share button of a random quote). */
export const PASSAGE_TOKEN: Resume = {
  prefix: 'p',
  fields: [
    { name: 'videoId', type: 'text', nonEmpty: true },
    { name: 'seconds', type: 'nat' },
  ],
  run: (s, ctx) => passageAnswer(ctx.index, String(s.videoId), Number(s.seconds)),
};

export const resume: readonly Resume[] = [PASSAGE_TOKEN];

/** The `random` answer. */
export function randomAnswer(index: SearchIndex, video: string | undefined, rng: () => number): Answer {
  let id: string | undefined;
  if (video?.trim()) {
    const meta = resolveVideo(index, video);
    if (!meta) return noVideo(index, video);
    id = meta.id;
  }
  const hit = index.random(id, rng);
  if (!hit) return notice('There are no transcripts to quote yet.');
  const quote = toQuote(hit, index.params.bounds);
  return {
    kind: 'quotes',
    title: `A random quote from "${show(quote.videoTitle, 80)}"`,
    quotes: [quote],
    actions: [
      ...contextAction(quote.videoId, quote.start),
      ...action('share', 'Share', encodeToken(PASSAGE_TOKEN, { videoId: quote.videoId, seconds: quote.start })),
      ...cardAction(hit),
    ],
    ephemeral: false,
  };
}

/** A shared single passage (the Share button of `random`): the passage at that moment, public. */
export function passageAnswer(index: SearchIndex, videoId: string, seconds: number): Answer {
  const hit = index.around(videoId, seconds, 0, 0)[0];
  if (!hit) return notice(`That passage (${videoId}@${seconds}) is no longer in the transcripts.`);
  const quote = toQuote(hit, index.params.bounds);
  return { kind: 'quotes', title: `From "${show(quote.videoTitle, 80)}"`, quotes: [quote], ephemeral: false };
}
