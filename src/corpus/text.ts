/**
 * The stored text of a transcript: its cleaned cues joined with single spaces.
 *
 * Every quote quotebot shows is a slice of this string, so "verbatim" has one precise meaning.
 * Offsets are computed once per transcript and cached.
 *
 * @example
 * const { text, cueStarts } = storedText(transcript);
 * text.slice(cueStarts[3], cueStarts[3] + transcript.cues[3].text.length) === transcript.cues[3].text
 */
import type { Transcript } from './types.ts';

/** A transcript's stored text and where each cue starts in it. */
export interface StoredText {
  /** Cue texts joined with one space. */
  text: string;
  /** `cueStarts[i]` is the offset of cue i's text in `text`. */
  cueStarts: Int32Array;
}

const cache = new WeakMap<Transcript, StoredText>();

/** The stored text of a transcript (cached per transcript object). */
export function storedText(transcript: Transcript): StoredText {
  let stored = cache.get(transcript);
  if (!stored) {
    const cueStarts = new Int32Array(transcript.cues.length);
    let offset = 0;
    transcript.cues.forEach((cue, i) => {
      cueStarts[i] = offset;
      offset += cue.text.length + 1;
    });
    stored = { text: transcript.cues.map((cue) => cue.text).join(' '), cueStarts };
    cache.set(transcript, stored);
  }
  return stored;
}

/** Sets the stored text of a transcript made from it elsewhere (e.g. on another thread), so it is not joined again. */
export function rememberStoredText(transcript: Transcript, stored: StoredText): void {
  cache.set(transcript, stored);
}

/** Index of the cue containing character `offset` of the stored text (binary search). */
export function cueAt(stored: StoredText, offset: number): number {
  const starts = stored.cueStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
