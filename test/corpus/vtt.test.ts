import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVtt } from '../../src/corpus/vtt.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/corpus/folder/${name}`, import.meta.url), 'utf8');

describe('parseVtt: YouTube rolling auto-captions', () => {
  const { cues, warnings } = parseVtt(fixture('Rolling Talk [abcDEF12345].en.vtt'));

  it('keeps each spoken line once, without timing tags or repeats', () => {
    expect(warnings).toEqual([]);
    expect(cues.map((c) => c.text)).toEqual([
      'so today we talk about',
      'gradient descent and why',
      'it works so well',
      'so today we talk about',
      'momentum & friends',
    ]);
  });

  it('times each line by the cue that introduced it', () => {
    expect(cues.map((c) => [c.start, c.end])).toEqual([
      [0.16, 2.31],
      [2.32, 4.87],
      [6.96, 9.11],
      [100, 102.15],
      [102.16, 104],
    ]);
  });

  it('removes only ADJACENT repeats: the same words said again later survive', () => {
    expect(cues.filter((c) => c.text === 'so today we talk about').map((c) => c.start)).toEqual([0.16, 100]);
  });

  it('keeps a real adjacent repeat by a different speaker', () => {
    const text = 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>No.\n\n00:02.000 --> 00:03.000\n<v Bob>No.\n';
    expect(parseVtt(text).cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Ann', 'No.'],
      ['Bob', 'No.'],
    ]);
  });
});

describe('parseVtt: structure', () => {
  const { cues, warnings } = parseVtt(fixture('nested/standup.vtt'));

  it('skips header, NOTE, STYLE and REGION blocks; reads cue ids, settings and MM:SS.mmm', () => {
    expect(warnings).toEqual([]);
    expect(cues[0]).toEqual({ start: 0.5, end: 3, text: 'We shipped the parser <finally>.', speaker: 'Dana Reyes' });
  });

  it('reads voice tags (incl. classes), decodes entities, removes non-speech tags', () => {
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Dana Reyes', 'We shipped the parser <finally>.'],
      ['Sam', 'Nice. Really nice.'],
      ['Dana Reyes', "Next: the 'index' & ranking."],
    ]);
  });

  it('splits a cue holding two voices into one cue per voice', () => {
    const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Ready?\n<v Bob>Yes.\n';
    expect(parseVtt(text).cues).toEqual([
      { start: 1, end: 4, text: 'Ready?', speaker: 'Ann' },
      { start: 1, end: 4, text: 'Yes.', speaker: 'Bob' },
    ]);
  });

  it('removes YouTube >> turn markers and reads a name after one', () => {
    const text = 'WEBVTT\n\n00:01.000 --> 00:02.000\n&gt;&gt; so we start\n\n00:02.000 --> 00:03.000\n&gt;&gt; LEX: right\n';
    expect(parseVtt(text).cues.map((c) => [c.speaker, c.text])).toEqual([
      [undefined, 'so we start'],
      ['LEX', 'right'],
    ]);
  });

  it('warns about a missing header and a bad timing line (with its line), keeps the rest', () => {
    const text = '00:00:01.000 --> 00:00:02.000\nfirst\n\n00:00:03.000 --> 00:0X\nbad\n\n00:00:05.000 --> 00:00:06.000\nlast\n';
    const result = parseVtt(text);
    expect(result.cues.map((c) => c.text)).toEqual(['first', 'last']);
    expect(result.warnings.map((w) => w.line)).toEqual([1, 4]);
  });
});
