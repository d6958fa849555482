import { describe, expect, it } from 'vitest';
import { parseSrt } from '../../src/corpus/srt.ts';

describe('parseSrt', () => {
  it('reads a clean file', () => {
    const { cues, warnings } = parseSrt('1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\nAgain\n');
    expect(warnings).toEqual([]);
    expect(cues).toEqual([
      { start: 1, end: 2.5, text: 'Hello world' },
      { start: 3, end: 4, text: 'Again' },
    ]);
  });

  it('tolerates BOM, CRLF, missing blank lines, extra spaces and dots in times', () => {
    const text = '\uFEFF1\r\n00:00:01.000 --> 00:00:02,000\r\nfirst\r\n2\r\n  00:00:02,000  -->  00:00:03.000  \r\nsecond\r\n00:00:04,000 --> 00:00:05,000\r\nno index\r\n';
    const { cues, warnings } = parseSrt(text);
    expect(warnings).toEqual([]);
    expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 2, 'first'],
      [2, 3, 'second'],
      [4, 5, 'no index'],
    ]);
  });

  it('skips a cue with a bad timing line, names the line, keeps the rest', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:0X,000\nbroken\n\n3\n00:00:05,000 --> 00:00:06,000\nfine\n';
    const { cues, warnings } = parseSrt(text);
    expect(cues.map((c) => c.text)).toEqual(['ok', 'fine']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.line).toBe(6);
    expect(warnings[0]!.message).toMatch(/bad timing line/);
  });

  it('warns about text outside any cue', () => {
    const { cues, warnings } = parseSrt('garbage line\n\n1\n00:00:01,000 --> 00:00:02,000\nok\n');
    expect(cues).toHaveLength(1);
    expect(warnings).toEqual([{ line: 1, message: expect.stringMatching(/outside any cue/) }]);
  });

  it('joins text after a blank line inside a cue to that cue, with a warning', () => {
    const { cues, warnings } = parseSrt('1\n00:00:01,000 --> 00:00:02,000\nfirst half\n\nsecond half\n\n2\n00:00:03,000 --> 00:00:04,000\nnext\n');
    expect(cues.map((c) => c.text)).toEqual(['first half second half', 'next']);
    expect(warnings).toEqual([{ line: 5, message: 'text after a blank line joined to the cue at line 2' }]);
  });

  it('cleans markup, entities and non-speech, and drops cues left empty', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#fff"><b>Bits</b></font> &amp; bytes\n\n2\n00:00:02,000 --> 00:00:03,000\n[Music]\n\n3\n00:00:03,000 --> 00:00:04,000\n♪ la la ♪\n';
    expect(parseSrt(text).cues).toEqual([{ start: 1, end: 2, text: 'Bits & bytes' }]);
  });

  it('reads >> speaker turns and carries a named speaker until the next turn', () => {
    const text = [
      '1', '00:00:01,000 --> 00:00:02,000', '>> ALICE: Welcome.', '',
      '2', '00:00:02,000 --> 00:00:03,000', 'Still Alice here.', '',
      '3', '00:00:03,000 --> 00:00:04,000', '>> Thanks!', '',
      '4', '00:00:04,000 --> 00:00:05,000', 'Note: not a label.', '',
    ].join('\n');
    expect(parseSrt(text).cues.map((c) => [c.speaker, c.text])).toEqual([
      ['ALICE', 'Welcome.'],
      ['ALICE', 'Still Alice here.'],
      [undefined, 'Thanks!'],
      [undefined, 'Note: not a label.'],
    ]);
  });

  it('returns nothing (and no exception) for an empty string', () => {
    expect(parseSrt('')).toEqual({ cues: [], warnings: [] });
  });
});
