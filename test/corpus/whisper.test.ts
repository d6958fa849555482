import { describe, expect, it } from 'vitest';
import { isWhisper, parseWhisper } from '../../src/corpus/whisper.ts';

describe('parseWhisper', () => {
  it('reads segments with an optional speaker and trims the leading space', () => {
    const text = JSON.stringify({
      segments: [
        { start: 0, end: 2.4, text: ' Hello and welcome.', speaker: 'SPEAKER_00' },
        { start: 2.4, end: 5.1, text: ' Today &amp; tomorrow.' },
        { start: 5.1, end: 6, text: ' [MUSIC]' },
      ],
    });
    expect(parseWhisper(text)).toEqual({
      cues: [
        { start: 0, end: 2.4, text: 'Hello and welcome.', speaker: 'SPEAKER_00' },
        { start: 2.4, end: 5.1, text: 'Today & tomorrow.' },
      ],
      warnings: [],
    });
  });

  it('skips a segment without a start, with a warning naming it', () => {
    const { cues, warnings } = parseWhisper('{"segments":[{"end":1,"text":"x"},{"start":1,"end":2,"text":"y"}]}');
    expect(cues.map((c) => c.text)).toEqual(['y']);
    expect(warnings).toEqual([{ message: 'segment 0 has no valid "start"; skipped' }]);
  });

  it('recognises the shape', () => {
    expect(isWhisper({ segments: [] })).toBe(true);
    expect(isWhisper([1, 2])).toBe(false);
  });
});
