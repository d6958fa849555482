import { describe, expect, it } from 'vitest';
import { citationOf, formatDuration, parseCitation, timedUrl, timeLabel } from '../../src/core/quote.ts';

describe('time labels', () => {
  it('formats m:ss and h:mm:ss, flooring and clamping', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(272.9)).toBe('4:32');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });
  it('marks approximate times with ≈', () => {
    expect(timeLabel(272, true)).toBe('≈4:32');
    expect(timeLabel(272, false)).toBe('4:32');
  });
});

describe('timedUrl', () => {
  it('adds &t= to YouTube watch links with integer seconds', () => {
    expect(timedUrl('https://www.youtube.com/watch?v=f96Xrg4uNik', 272.9)).toBe('https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s');
  });
  it('uses ?t= when the link has no query, and replaces an existing t', () => {
    expect(timedUrl('https://youtu.be/f96Xrg4uNik', 5)).toBe('https://youtu.be/f96Xrg4uNik?t=5s');
    expect(timedUrl('https://www.youtube.com/watch?v=abc&t=99s', 5)).toBe('https://www.youtube.com/watch?v=abc&t=5s');
    expect(timedUrl('https://www.youtube.com/watch?t=99s&v=abc', 5)).toBe('https://www.youtube.com/watch?v=abc&t=5s');
  });
  it('uses a media fragment elsewhere and nothing without a url', () => {
    expect(timedUrl('https://vimeo.com/123', 61)).toBe('https://vimeo.com/123#t=61');
    expect(timedUrl(undefined, 3)).toBeUndefined();
  });
});

describe('citations', () => {
  it('round-trips and accepts m:ss', () => {
    expect(citationOf('f96Xrg4uNik', 245.7)).toBe('f96Xrg4uNik@245');
    expect(parseCitation('f96Xrg4uNik@245')).toEqual({ videoId: 'f96Xrg4uNik', seconds: 245 });
    expect(parseCitation(' f96Xrg4uNik@4:05 ')).toEqual({ videoId: 'f96Xrg4uNik', seconds: 245 });
    expect(parseCitation('a@b@1:02:05')).toEqual({ videoId: 'a@b', seconds: 3725 });
  });
  it('rejects what is not a citation', () => {
    for (const bad of ['', 'f96Xrg4uNik', '@245', 'x@', 'x@abc', 'x@4:75']) expect(parseCitation(bad)).toBeUndefined();
  });
});
