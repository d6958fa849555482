/** Synthetic transcripts for search unit tests (no files, no ../shared). */
import type { Corpus, Cue, Transcript } from '../../src/corpus/types.ts';
import type { IndexData } from '../../src/search/index/index-data.ts';

export function transcript(id: string, cues: Array<Partial<Cue> & { text: string }>, title = `Video ${id}`): Transcript {
  let t = 0;
  const full = cues.map((c) => {
    const start = c.start ?? t;
    const end = c.end ?? start + Math.max(1, c.text.split(/\s+/).length / 2.5);
    t = end;
    const cue: Cue = { start, end, text: c.text };
    if (c.speaker) cue.speaker = c.speaker;
    return cue;
  });
  return {
    meta: { id, title, url: `https://www.youtube.com/watch?v=${id}`, duration: t },
    file: `${id}.vtt`,
    format: 'vtt',
    cues: full,
    approximate: false,
    warnings: [],
  };
}

export function corpus(...transcripts: Transcript[]): Corpus {
  return { transcripts, skipped: [] };
}

/**
 * Index data for a deep comparison: its token places as plain values (each transcript's packed bytes, the
 * wide values and bases) instead of the object reading them, which differs by where the bytes are.
 */
export function plainData(data: IndexData): Omit<IndexData, 'tokens'> & { tokens: unknown } {
  const { tokens, ...rest } = data;
  const packed = Array.from({ length: tokens.transcripts }, (_, t) => tokens.packed(t));
  return { ...rest, tokens: { tokBase: Array.from(tokens.tokBase), tokWide: tokens.tokWide, packed } };
}
