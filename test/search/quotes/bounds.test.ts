/** Quotes widened to sentence ends: punctuation, or a pause between timed cues. */
import { describe, expect, it } from 'vitest';
import { storedText } from '../../../src/corpus/text.ts';
import type { Transcript } from '../../../src/corpus/types.ts';
import { sentenceBounds } from '../../../src/search/quotes/bounds.ts';
import type { Hit } from '../../../src/search/types.ts';

function transcript(cues: Array<[number, number, string]>): Transcript {
  return { file: 't.srt', format: 'srt', approximate: false, meta: { id: 't', title: 'T' }, cues: cues.map(([start, end, text]) => ({ start, end, text })), warnings: [] } as unknown as Transcript;
}

function hitOf(t: Transcript, phrase: string): Hit {
  const text = storedText(t).text;
  const charStart = text.indexOf(phrase);
  return { video: t.meta, transcript: t, start: 0, end: 0, approximate: false, text: phrase, charStart, charEnd: charStart + phrase.length, score: 1 };
}

describe('sentenceBounds', () => {
  it('widens to the punctuation around the quote, never cutting it', () => {
    const t = transcript([[0, 4, 'First sentence here. The determinant of a'], [4, 8, 'transformation scales area. Next one.']]);
    const wide = sentenceBounds(hitOf(t, 'determinant of a transformation'));
    expect(wide.text).toBe('The determinant of a transformation scales area.');
    expect(wide.text).toBe(storedText(t).text.slice(wide.charStart, wide.charEnd));
  });
  it('uses pauses between cues where captions have no punctuation, and keeps a quote with no end in reach', () => {
    const t = transcript([[0, 2, 'so that was it'], [4, 6, 'we bought the gpus and'], [6, 8, 'trained the network'], [10, 12, 'then we stopped']]);
    expect(sentenceBounds(hitOf(t, 'the gpus and trained')).text).toBe('we bought the gpus and trained the network');
    const long = transcript([[0, 100, Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')]]);
    const hit = hitOf(long, 'w30 w31');
    expect(sentenceBounds(hit)).toBe(hit);
  });
});
