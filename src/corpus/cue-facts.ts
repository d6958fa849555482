/**
 * A transcript's cue times, text lengths and speakers, read without making its cue objects. A transcript
 * restored from the index cache makes its `cues` (an object and a text slice per cue, ~700 for a 40-minute
 * video) on access; a timeline that only needs the time of each moment would otherwise make them for every
 * transcript that says the topic, thousands of short-lived objects that outlive young-generation GCs while
 * the source keeps them and grow the old generation by tens of MB at 1,000 hours. The restore registers
 * its cue rows ({@link rememberCueFacts}); any other transcript answers from its cues.
 *
 * @example
 * const cues = cueFacts(transcript);
 * cues.count        // number of cues
 * cues.start(3)     // transcript.cues[3].start, without making transcript.cues
 */
import type { Cue, Transcript } from './types.ts';

/** Per cue `i` (0 <= i < count): what {@link Cue} holds, but its text. */
export interface CueFacts {
  /** Number of cues. */
  readonly count: number;
  /** Start time of cue `i` (seconds). */
  start(i: number): number;
  /** End time of cue `i` (seconds). */
  end(i: number): number;
  /** Length of cue `i`'s text in characters. */
  textLength(i: number): number;
  /** Who speaks cue `i`, undefined when untagged. */
  speaker(i: number): string | undefined;
}

/** Cue facts registered for transcripts whose cue objects are made on access. */
const registered = new WeakMap<Transcript, () => CueFacts>();

/** Sets where {@link cueFacts} reads transcript `t`'s cues from (asked afresh on each call: the source may read them per use). */
export function rememberCueFacts(t: Transcript, facts: () => CueFacts): void {
  registered.set(t, facts);
}

/** The cue facts of `t`: from its registered rows when it has them, else from its cue objects. */
export function cueFacts(t: Transcript): CueFacts {
  const facts = registered.get(t);
  return facts ? facts() : factsOfCues(t.cues);
}

/** Cue facts over cue objects. */
export function factsOfCues(cues: readonly Cue[]): CueFacts {
  return {
    count: cues.length,
    start: (i) => cues[i]!.start,
    end: (i) => cues[i]!.end,
    textLength: (i) => cues[i]!.text.length,
    speaker: (i) => cues[i]!.speaker,
  };
}
