import { describe, expect, it } from 'vitest';
import { parseTimestamp, parseTimingLine } from '../../src/corpus/timecode.ts';

describe('parseTimestamp', () => {
  it.each([
    ['00:00:01,000', 1],
    ['00:01:02.500', 62.5],
    ['01:02.5', 62.5],
    ['1:00:00.000', 3600],
    [' 00:00:03 , 25 ', 3.25],
    ['00:00:07', 7],
    ['12:34:56,789  ', 45296.789],
    ['00:60:00,000', undefined],
    ['00:00:60.000', undefined],
    ['0a:00:01,000', undefined],
    ['00:00:01;000', undefined],
    ['99:59:59,999', 359999.999],
  ])('%s -> %d', (input, seconds) => expect(parseTimestamp(input)).toBe(seconds));
  it.each(['', 'abc', '00:61:00,000', '00:00:0X,000', '12'])('rejects %j', (input) => expect(parseTimestamp(input)).toBeUndefined());
});

describe('parseTimingLine', () => {
  it('reads times and WebVTT cue settings', () => {
    expect(parseTimingLine('00:00:00.160 --> 00:00:02.310 align:start position:0%')).toEqual({ start: 0.16, end: 2.31, settings: 'align:start position:0%' });
  });
  it('clamps an end before the start', () => {
    expect(parseTimingLine('00:00:05,000 --> 00:00:04,000')).toEqual({ start: 5, end: 5, settings: '' });
  });
  it('rejects broken lines', () => {
    expect(parseTimingLine('00:00:05,000 --> nonsense')).toBeUndefined();
    expect(parseTimingLine('no arrow')).toBeUndefined();
  });
});
