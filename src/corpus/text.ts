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
  /**
   * `text.length`, when known without making the string (a stored text restored from the index cache reads
   * its string from the file on access). Read it through {@link storedTextLength}.
   */
  length?: number;
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

/**
 * A transcript's stored text for one use, by a scan that reads every transcript once (verify's word
 * tables): a restored transcript's string is not kept among the recently used ones, so the scan neither
 * pushes out the texts recent answers use nor leaves thousands of strings to be promoted and collected.
 */
export function storedTextOnce(transcript: Transcript): string {
  const stored = storedText(transcript);
  const once = readersOnce.get(stored);
  return once ? once() : stored.text;
}

/** How to read a stored text for one use, where that differs from `text` ({@link readOnceWith}). */
const readersOnce = new WeakMap<StoredText, () => string>();

/**
 * Sets how {@link storedTextOnce} reads `stored`: a stored text restored from the index cache gives the
 * string its source keeps, else reads and decodes it without keeping it.
 */
export function readOnceWith(stored: StoredText, read: () => string): void {
  readersOnce.set(stored, read);
}

/** The length of a transcript's stored text (without reading a restored one's string). */
export function storedTextLength(transcript: Transcript): number {
  const stored = storedText(transcript);
  return stored.length ?? stored.text.length;
}

/**
 * Sets the stored text of a transcript made from it elsewhere (on another thread, or restored from a
 * snapshot, whose cues are made from it), so {@link storedText} returns it instead of joining the cues again.
 */
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
