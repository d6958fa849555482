import { describe, expect, it } from 'vitest';
import { cueFacts, factsOfCues, rememberCueFacts } from '../../src/corpus/cue-facts.ts';
import type { Transcript } from '../../src/corpus/types.ts';

const transcript = (): Transcript =>
  ({
    meta: { id: 'v1', title: 'V' },
    file: 'v1.srt',
    format: 'srt',
    approximate: false,
    warnings: [],
    cues: [
      { start: 0, end: 2.5, text: 'hello there', speaker: 'Ana' },
      { start: 2.5, end: 4, text: 'hi' },
    ],
  }) as unknown as Transcript;

describe('cueFacts', () => {
  it('reads times, text lengths and speakers from the cue objects', () => {
    const facts = cueFacts(transcript());
    expect(facts.count).toBe(2);
    expect([facts.start(1), facts.end(1), facts.textLength(0), facts.speaker(0), facts.speaker(1)]).toEqual([2.5, 4, 11, 'Ana', undefined]);
  });

  it('reads a registered source instead of the cue objects, asking it on each call', () => {
    const t = transcript();
    let asked = 0;
    rememberCueFacts(t, () => {
      asked++;
      return { ...factsOfCues([{ start: 7, end: 9, text: 'abc' }]) };
    });
    Object.defineProperty(t, 'cues', { get: () => { throw new Error('cue objects made'); } });
    expect(cueFacts(t).start(0)).toBe(7);
    expect(cueFacts(t).textLength(0)).toBe(3);
    expect(asked).toBe(2);
  });
});
