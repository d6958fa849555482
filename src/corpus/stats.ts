/** Counts for `quotebot index`: what each file contributed, and totals. */
import type { CaptionFormat, Corpus, Transcript } from './types.ts';

/** What one loaded transcript holds. */
export interface TranscriptStats {
  file: string;
  id: string;
  format: CaptionFormat;
  cues: number;
  /** Whitespace-separated words over all cues. */
  words: number;
  /** Duration in seconds: the metadata's, else the last cue's end. */
  seconds: number;
  approximate: boolean;
  warnings: number;
}

/** Totals over a corpus. */
export interface CorpusStats {
  files: number;
  skipped: number;
  cues: number;
  words: number;
  seconds: number;
  warnings: number;
  /** Transcripts per format. */
  formats: Partial<Record<CaptionFormat, number>>;
}

const wordCount = (text: string): number => {
  let n = 0;
  for (const _ of text.matchAll(/\S+/g)) n++;
  return n;
};

/**
 * Cue and word counts of one transcript.
 *
 * @example
 * formatStats(t) // { file: 'a.srt', id: 'a', format: 'srt', cues: 312, words: 4120, seconds: 892, approximate: false, warnings: 0 }
 */
export function formatStats(t: Transcript): TranscriptStats {
  return {
    file: t.file,
    id: t.meta.id,
    format: t.format,
    cues: t.cues.length,
    words: t.cues.reduce((sum, cue) => sum + wordCount(cue.text), 0),
    seconds: t.meta.duration ?? t.cues.at(-1)?.end ?? 0,
    approximate: t.approximate,
    warnings: t.warnings.length,
  };
}

/** Totals over a corpus (skipped files counted, not loaded). */
export function corpusStats(corpus: Corpus): CorpusStats {
  const totals: CorpusStats = { files: corpus.transcripts.length, skipped: corpus.skipped.length, cues: 0, words: 0, seconds: 0, warnings: 0, formats: {} };
  for (const t of corpus.transcripts) {
    const s = formatStats(t);
    totals.cues += s.cues;
    totals.words += s.words;
    totals.seconds += s.seconds;
    totals.warnings += s.warnings;
    totals.formats[s.format] = (totals.formats[s.format] ?? 0) + 1;
  }
  return totals;
}
