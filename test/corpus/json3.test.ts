import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isJson3, parseJson3 } from '../../src/corpus/json3.ts';

describe('parseJson3', () => {
  it('joins segs, skips window events, "\\n" appends and non-speech', () => {
    const text = readFileSync(new URL('../fixtures/corpus/folder/json3 sample [Zz_9-xYwQ1a].json3', import.meta.url), 'utf8');
    const { cues, warnings } = parseJson3(text);
    expect(warnings).toEqual([]);
    expect(cues).toEqual([
      { start: 1.2, end: 4.2, text: 'welcome back everyone' },
      { start: 4.2, end: 6.7, text: "let's begin" },
    ]);
  });

  it('warns about events without a start time', () => {
    const { cues, warnings } = parseJson3('{"events":[{"segs":[{"utf8":"lost"}]},{"tStartMs":0,"segs":[{"utf8":"kept"}]}]}');
    expect(cues.map((c) => c.text)).toEqual(['kept']);
    expect(warnings[0]!.message).toMatch(/tStartMs/);
  });

  it('reports invalid JSON with its line instead of throwing', () => {
    const { cues, warnings } = parseJson3('{"events": [\n{"tStartMs": 0,\n oops}]}');
    expect(cues).toEqual([]);
    expect(warnings[0]!.message).toMatch(/invalid JSON/);
    expect(warnings[0]!.line).toBe(3);
  });

  it('recognises the shape', () => {
    expect(isJson3({ events: [] })).toBe(true);
    expect(isJson3({ segments: [] })).toBe(false);
    expect(isJson3(null)).toBe(false);
  });
});
