/**
 * The timeline picture as text, one line per video, for terminals:
 * `▁▁▃▁▁▁█▆▁▁▁▁▁▂▁  Ilya Sutskever | The era of AI... (5 moments, first ≈4:32)`.
 */
import type { TimelinePicture } from '../core/types.ts';

/** Characters per sparkline. */
export const SPARK_WIDTH = 40;
const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * One sparkline over a video's length: each character is a slice of the video; its height is the
 * strongest moment in that slice (by weight), `▁` where the topic is not said.
 */
export function sparkline(moments: TimelinePicture['bars'][number]['moments'], duration: number, width = SPARK_WIDTH): string {
  const cells = new Array<number>(width).fill(0);
  const length = Math.max(duration, ...moments.map((m) => m.end), 1);
  for (const m of moments) {
    const from = Math.min(width - 1, Math.floor((m.start / length) * width));
    const to = Math.min(width - 1, Math.max(from, Math.floor((m.end / length) * width)));
    for (let i = from; i <= to; i++) cells[i] = Math.max(cells[i]!, 0.15 + 0.85 * Math.max(0, Math.min(1, m.weight)));
  }
  return cells.map((v) => (v === 0 ? LEVELS[0] : LEVELS[Math.max(1, Math.round(v * (LEVELS.length - 1)))])).join('');
}

/** One line per video (at most the picture's bars), then `and N more videos` when some were left out. */
export function sparklines(picture: TimelinePicture): string[] {
  const lines = picture.bars.map((bar) => {
    const extent = bar.extensive ? `, most discussed ${bar.extensive.label}` : '';
    return `${sparkline(bar.moments, bar.duration)}  ${bar.title} (${bar.moments.length} moment${bar.moments.length === 1 ? '' : 's'}, first ${bar.first.label}${extent})`;
  });
  if (picture.more > 0) lines.push(`and ${picture.more} more video${picture.more === 1 ? '' : 's'}`);
  return lines;
}
