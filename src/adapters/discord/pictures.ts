/**
 * Pictures on Discord: an answer's picture is drawn while the text is being sent. If it is ready within
 * a moment it goes with the text (an attachment shown as the embed's image); otherwise the text goes
 * first and the message is edited to add the picture when it is ready. A picture that cannot be drawn
 * is logged (with its stack) and the text answer stands.
 */
import type { Answer } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';
import { drawPicture, within, type PictureFile } from '../../pictures/index.ts';

/** A picture being drawn: ready `now`, or to be added `later` (resolves undefined when drawing failed). */
export interface PendingPicture {
  now?: PictureFile;
  later?: Promise<PictureFile | undefined>;
}

/** Starts drawing the answer's picture (if any) and waits at most `waitMs` for it. Never rejects. */
export async function startPicture(answer: Answer, logger: Logger, waitMs: number): Promise<PendingPicture> {
  const picture = answer.picture;
  if (!picture) return {};
  const drawing = drawPicture(picture).catch((error: unknown) => {
    logger.error({ err: error, picture: picture.kind }, 'could not draw the picture of an answer; the text was sent without it');
    return undefined;
  });
  const now = await within(drawing, Math.max(0, waitMs));
  return now ? { now } : { later: drawing };
}
