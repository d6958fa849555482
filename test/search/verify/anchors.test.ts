import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../src/corpus/types.ts';
import { anchorWindows, corpusAnchorWindows, corpusPostingsBytes } from '../../../src/search/verify/anchors.ts';
import { tokenize } from '../../../src/search/verify/align.ts';
import { transcriptWords, wordCount } from '../../../src/search/verify/words.ts';

/** A transcript of one cue saying `text`. */
function transcriptOf(id: string, text: string): Transcript {
  return {
    meta: { id, title: id, url: `https://www.youtube.com/watch?v=${id}` },
    file: `${id}.vtt`,
    format: 'vtt',
    approximate: false,
    warnings: [],
    cues: [{ start: 0, end: 60, text }],
  } as Transcript;
}

describe('corpus postings', () => {
  it('are 16-bit while every transcript and slot fits, and find the same windows as per transcript', () => {
    const a = transcriptOf('a', 'the river keeps its distance and the bridge stands');
    const b = transcriptOf('b', 'a bridge is a promise the river keeps');
    const transcripts = [a, b];
    const claim = tokenize('the river keeps its distance');
    const perTranscript = transcripts.flatMap((transcript) => anchorWindows(transcript, claim, 3).map((w) => ({ transcript, ...w })));
    expect(corpusAnchorWindows(transcripts, claim, 3)).toEqual(perTranscript);
    expect(perTranscript.length).toBeGreaterThan(0);
    // One entry in `docs` and in `slots` per distinct word of each transcript, 2 bytes each; `from` 4 bytes a word id.
    const entries = transcriptWords(a).distinct + transcriptWords(b).distinct;
    expect(corpusPostingsBytes(transcripts)).toBe(4 * (wordCount() + 1) + 2 * 2 * entries);
  });

  it('keep slots past 65,536 (a transcript of more distinct words) exact', () => {
    const many = Array.from({ length: 66_000 }, (_, i) => `w${i}`).join(' ');
    const big = transcriptOf('big', `${many} zeta omega and zeta omega again`);
    const small = transcriptOf('small', 'zeta is said here, omega there');
    const transcripts = [small, big];
    const claim = tokenize('zeta omega again');
    const perTranscript = transcripts.flatMap((transcript) => anchorWindows(transcript, claim, 3).map((w) => ({ transcript, ...w })));
    expect(perTranscript.some((w) => w.transcript === big && w.from > 65_000)).toBe(true);
    expect(corpusAnchorWindows(transcripts, claim, 3)).toEqual(perTranscript);
  });
});
