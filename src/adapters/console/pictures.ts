/**
 * Pictures in the terminal: the answer's picture is drawn and written to a folder, and the chat prints
 * its path; a timeline also gets one text sparkline per video, so it can be read without opening a file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Picture } from '../../core/types.ts';
import { drawPicture } from '../../pictures/index.ts';
import { sparklines } from '../../pictures/sparkline.ts';
import { safe } from './render.ts';

/** Where pictures are written by default: `<os tmpdir>/quotebot-pictures`. */
export const DEFAULT_PICTURES_DIR = join(tmpdir(), 'quotebot-pictures');

let counter = 0;

/**
 * Draws `picture` into `dir` (created when missing) and returns the lines to print: the sparklines of a
 * timeline, then `Picture: <path>`. A picture that cannot be drawn or written gives a line saying so
 * (the text answer was already printed).
 */
export async function pictureLines(picture: Picture, dir = DEFAULT_PICTURES_DIR): Promise<string[]> {
  const lines = picture.kind === 'timeline' ? sparklines(picture).map(safe) : [];
  try {
    const file = await drawPicture(picture);
    await mkdir(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const path = join(dir, `${file.name.replace(/\.png$/, '')}-${stamp}-${process.pid}-${++counter}.png`);
    await writeFile(path, file.png);
    lines.push(`Picture: ${path}`);
  } catch (error) {
    lines.push(`(The picture could not be written: ${safe(error instanceof Error ? error.message : String(error))})`);
  }
  return lines;
}
