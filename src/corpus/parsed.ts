/**
 * What every format parser returns: pure text in, cues and warnings out.
 *
 * Parsers never throw on bad input; they skip what they cannot read and say so in `warnings`
 * (with a 1-based `line` where one is known). The loader adds the file name.
 */
import type { Cue, VideoMeta } from './types.ts';

/** A problem found by a parser; the loader turns it into a {@link LoadWarning} naming the file. */
export interface ParseWarning {
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
}

/** The result of parsing one caption file's text. */
export interface ParsedCaptions {
  /** Cleaned cues (never empty text), in file order. */
  cues: Cue[];
  warnings: ParseWarning[];
  /** Metadata the file itself carries (the "video statistics" page format does). */
  meta?: Partial<VideoMeta>;
  /** True when cue times were estimated from word positions rather than read from the file. */
  approximate?: boolean;
}

/** Options shared by the parsers of formats without timestamps. */
export interface EstimateOptions {
  /**
   * Length of the video in seconds, used to spread estimated cue times over it (e.g. from a sidecar).
   * Default: none, so times follow {@link WORDS_PER_MINUTE}.
   */
  duration?: number;
}

/** Speaking rate assumed when a timeless transcript has no known duration. */
export const WORDS_PER_MINUTE = 150;
