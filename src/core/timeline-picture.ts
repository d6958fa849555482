/**
 * The data of the timeline picture (`Answer.picture` of `timeline`): one bar per video with every moment
 * of the topic, how strongly each is drawn, and the first mention and most extensive discussion to label.
 * Plain data; `src/pictures/timeline.ts` draws it.
 */
import { PASSING_WEIGHT, PICTURE_MAX_BARS } from './defaults.ts';
import type { Hit } from '../search/types.ts';
import { formatDuration, timeLabel } from './quote.ts';
import type { TimelineBar, TimelinePicture } from './types.ts';


/** The length of a hit's video: the sidecar's duration, else the end of its last caption, else its last moment. */
function videoLength(hits: readonly Hit[]): number {
  const first = hits[0]!;
  const fromMeta = first.video.duration;
  if (fromMeta && Number.isFinite(fromMeta) && fromMeta > 0) return fromMeta;
  const cues = first.transcript.cues;
  const lastCue = cues.length ? cues[cues.length - 1]!.end : 0;
  return Math.max(lastCue, ...hits.map((h) => h.end), 1);
}

/** Sizes of the stretches of discussion each hit belongs to (hits in time order, `gap` seconds apart at most). */
function stretchSizes(hits: readonly Hit[], gap: number): number[] {
  const sizes = new Array<number>(hits.length).fill(1);
  let start = 0;
  for (let i = 1; i <= hits.length; i++) {
    if (i === hits.length || hits[i]!.start - hits[i - 1]!.end > gap) {
      for (let j = start; j < i; j++) sizes[j] = i - start;
      start = i;
    }
  }
  return sizes;
}

/** Input of {@link timelinePicture}: per video, its hits in time order and the densest stretch (indexes). */
export interface PictureVideo {
  hits: Hit[];
  stretch: { first: number; last: number };
}

/**
 * Builds the picture of a timeline: videos in the answer's order (at most {@link PICTURE_MAX_BARS}), each
 * moment weighted by the size of its stretch of discussion relative to the largest in the picture
 * (a passing mention 0.3, the largest stretch 1).
 */
export function timelinePicture(title: string, subtitle: string, videos: readonly PictureVideo[], gap: number): TimelinePicture {
  const sizes = videos.map((v) => stretchSizes(v.hits, gap));
  const largest = Math.max(1, ...sizes.flat());
  const weight = (size: number) => (largest <= 1 ? PASSING_WEIGHT : PASSING_WEIGHT + ((1 - PASSING_WEIGHT) * (size - 1)) / (largest - 1));
  const bars: TimelineBar[] = videos.slice(0, PICTURE_MAX_BARS).map((v, k) => {
    const first = v.hits[0]!;
    const bar: TimelineBar = {
      videoId: first.video.id,
      title: first.video.title,
      duration: videoLength(v.hits),
      moments: v.hits.map((h, i) => ({ start: h.start, end: h.end, weight: weight(sizes[k]![i]!) })),
      first: { start: first.start, label: timeLabel(first.start, first.approximate) },
    };
    if (v.hits.length > 1) {
      const a = v.hits[v.stretch.first]!;
      const b = v.hits[v.stretch.last]!;
      bar.extensive = { start: a.start, end: b.end, label: `${timeLabel(a.start, a.approximate)}-${formatDuration(b.end)}` };
    }
    return bar;
  });
  return { kind: 'timeline', title, subtitle, bars, more: Math.max(0, videos.length - PICTURE_MAX_BARS) };
}
