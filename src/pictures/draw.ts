/** Drawing a picture on the current thread (the worker uses this; so does the fallback). */
import type { Picture } from '../core/types.ts';
import { renderCard } from './card.ts';
import { renderTimeline } from './timeline.ts';

/** A drawn picture, ready to attach. */
export interface PictureFile {
  /** File name, e.g. `timeline.png` or `quote-card.png` (ASCII, no spaces: Discord's `attachment://` needs that). */
  name: string;
  png: Buffer;
  /** Alternative text / title for the upload, e.g. `Timeline of "gpus"`. */
  alt: string;
}

/** Draws a picture here, blocking this thread while text is measured (resvg renders on the thread pool). */
export async function drawInThread(picture: Picture): Promise<PictureFile> {
  if (picture.kind === 'timeline') return { name: 'timeline.png', png: await renderTimeline(picture), alt: picture.title };
  return { name: 'quote-card.png', png: await renderCard(picture), alt: `Quote from "${picture.quote.videoTitle}" at ${picture.quote.timeLabel}` };
}
