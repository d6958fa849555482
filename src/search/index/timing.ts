/**
 * Times of character offsets in a transcript's stored text, interpolated inside the cue that holds them.
 *
 * @example
 * // cue 3 runs 10.0-14.0 s and its text starts at offset 120 with 40 characters:
 * timeAt(transcript, 140) === 12
 */
import { cueFacts } from '../../corpus/cue-facts.ts';
import { cueAt, storedText } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';

/**
 * The moment (seconds) at which character `offset` of the transcript's stored text is spoken: the cue's
 * start plus the offset's share of the cue's characters times the cue's duration. An offset in the space
 * after a cue maps to that cue's end. 0 for a transcript without cues. Reads the cues' facts, not the cue
 * objects (a restored transcript makes those on access).
 */
export function timeAt(transcript: Transcript, offset: number): number {
  const cues = cueFacts(transcript);
  if (cues.count === 0) return 0;
  const stored = storedText(transcript);
  const i = cueAt(stored, Math.max(0, offset));
  const within = Math.min(1, Math.max(0, (offset - stored.cueStarts[i]!) / Math.max(1, cues.textLength(i))));
  return cues.start(i) + within * (cues.end(i) - cues.start(i));
}
