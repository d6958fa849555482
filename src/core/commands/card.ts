/**
 * `card <citation>` and the "Share as image" button (`k:` tokens): a quote as a quote card (an image).
 * The answer logic is in `../card.ts`; this file declares the command, its token and the button.
 */
import type { Hit } from '../../search/types.ts';
import { action } from '../answer.ts';
import { cardAnswer } from '../card.ts';
import { encodeToken } from '../paging.ts';
import type { AnswerAction, CommandSpec } from '../types.ts';
import { text, type Handler, type Resume } from './types.ts';

export const spec: CommandSpec = {
  name: 'card',
  description: 'A quote as an image to share: the words, video title, channel, time and link',
  options: [{ name: 'citation', type: 'string', description: 'A citation shown under a quote, e.g. f96Xrg4uNik@245', required: true }],
  examples: ['card f96Xrg4uNik@245'],
};

export const handler: Handler = (args, ctx) => cardAnswer(ctx.index, text(args, 'citation') ?? '');

/** `k:<videoId>:<seconds>:<charStart>:<charEnd>`: the card of exactly that quote (Share as image). */
export const CARD_TOKEN: Resume = {
  prefix: 'k',
  fields: [
    { name: 'videoId', type: 'text', nonEmpty: true },
    { name: 'seconds', type: 'nat' },
    { name: 'from', type: 'nat' },
    { name: 'to', type: 'nat', min: 1 },
  ],
  run: (s, ctx) => cardAnswer(ctx.index, `${String(s.videoId)}@${Number(s.seconds)}`, [Number(s.from), Number(s.to)]),
};

export const resume: readonly Resume[] = [CARD_TOKEN];

/** The Share as image button of a quote (none when no token fits). */
export function cardAction(hit: Pick<Hit, 'video' | 'start' | 'charStart' | 'charEnd'>): AnswerAction[] {
  return action('card', 'Share as image', encodeToken(CARD_TOKEN, { videoId: hit.video.id, seconds: hit.start, from: hit.charStart, to: hit.charEnd }));
}
