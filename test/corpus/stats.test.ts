import { describe, expect, it } from 'vitest';
import { corpusStats, formatStats } from '../../src/corpus/stats.ts';
import type { Transcript } from '../../src/corpus/types.ts';

const transcript = (file: string, texts: string[], duration?: number): Transcript => ({
  meta: duration === undefined ? { id: file, title: file } : { id: file, title: file, duration },
  file,
  format: 'srt',
  cues: texts.map((text, i) => ({ start: i, end: i + 1, text })),
  approximate: false,
  warnings: [],
});

describe('stats', () => {
  it('counts cues and words per transcript', () => {
    expect(formatStats(transcript('a.srt', ['one two', 'three'])))
      .toEqual({ file: 'a.srt', id: 'a.srt', format: 'srt', cues: 2, words: 3, seconds: 2, approximate: false, warnings: 0 });
  });
  it('sums a corpus', () => {
    const stats = corpusStats({ transcripts: [transcript('a.srt', ['x y']), transcript('b.srt', ['z'], 100)], skipped: [{ file: 'c.srt', message: 'bad' }] });
    expect(stats).toEqual({ files: 2, skipped: 1, cues: 2, words: 3, seconds: 101, warnings: 0, formats: { srt: 2 } });
  });
});
