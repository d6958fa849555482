/**
 * The corpus data model: what every loader produces and everything downstream reads.
 *
 * A loader turns one caption file into a {@link Transcript}: metadata about the video plus a list of
 * cleaned {@link Cue}s. Cleaning (markup, entities, rolling-caption repeats, non-speech tags such as
 * `[Music]`) happens in the loader, so the text of a cue is exactly what may be quoted.
 */

/** The caption formats quotebot reads. */
export type CaptionFormat = 'page' | 'vtt' | 'srt' | 'json3' | 'whisper' | 'txt';

/**
 * One timed piece of speech after cleanup.
 *
 * @example
 * { start: 13.52, end: 16.526, text: "So moving forward, I'll be assuming", speaker: 'Grant' }
 */
export interface Cue {
  /** Start time in seconds from the beginning of the video. */
  start: number;
  /** End time in seconds (>= start). */
  end: number;
  /** Cleaned spoken text: no markup, entities decoded, whitespace collapsed, never empty. */
  text: string;
  /** Who speaks, when the captions say (WebVTT `<v Name>`, `>> NAME:` prefixes...). */
  speaker?: string;
}

/** A chapter of a video, from the `.info.json` sidecar. */
export interface Chapter {
  title: string;
  /** Start in seconds. */
  start: number;
  /** End in seconds (the next chapter's start, or the video's end). */
  end: number;
}

/**
 * What is known about the video a transcript belongs to.
 *
 * @example
 * { id: 'f96Xrg4uNik', title: 'Ilya Sutskever | The era of AI...', channel: 'Me&ChatGPT',
 *   duration: 1069, url: 'https://www.youtube.com/watch?v=f96Xrg4uNik' }
 */
export interface VideoMeta {
  /** Stable id: the YouTube id when known, else the file stem. Used in citations (`id@seconds`). */
  id: string;
  /** Human title; the file stem when nothing better is known. */
  title: string;
  /** Channel or uploader name. */
  channel?: string;
  /** Upload date as `YYYY-MM-DD`. */
  uploadDate?: string;
  /** Length in seconds. */
  duration?: number;
  /**
   * Watch URL without a time parameter (e.g. `https://www.youtube.com/watch?v=ID`), or undefined when
   * the video cannot be linked (no sidecar, no `[ID]` in the file name).
   */
  url?: string;
  /** Chapters in time order, when the sidecar lists them. */
  chapters?: Chapter[];
  /** Keywords / tags, when known. */
  keywords?: string[];
}

/** A problem found while loading; `line` is 1-based when known. */
export interface LoadWarning {
  /** Path of the file, relative to the transcripts folder. */
  file: string;
  line?: number;
  message: string;
}

/** One loaded caption file. */
export interface Transcript {
  meta: VideoMeta;
  /** Path relative to the transcripts folder. */
  file: string;
  /**
   * The collection the video belongs to: the first-level folder of the transcripts folder it sits in
   * (`quotebot add` writes one per channel). Undefined for a file at the top level, which belongs to no
   * named collection (see {@link collectionOf}).
   * @example 'podcast' for `podcast/Episode 1 [abc].en.vtt`
   */
  collection?: string;
  format: CaptionFormat;
  /** Cleaned cues in time order. */
  cues: Cue[];
  /**
   * True when the file has no real timestamps and cue times were estimated from word positions
   * (duration x words before / total words). Shown as `≈4:32`.
   */
  approximate: boolean;
  /** Non-fatal problems in this file (a bad cue skipped, a sidecar unreadable...). */
  warnings: LoadWarning[];
}

/** The result of loading a folder. */
export interface Corpus {
  transcripts: Transcript[];
  /** Files that could not be loaded at all, each with the reason. */
  skipped: LoadWarning[];
}
