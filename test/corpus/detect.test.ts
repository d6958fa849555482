import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/corpus/detect.ts';

describe('detectFormat', () => {
  it('goes by extension for ordinary files', () => {
    expect(detectFormat('a.srt', '1\n00:00:01,000 --> 00:00:02,000\nx')).toBe('srt');
    expect(detectFormat('a.vtt', 'WEBVTT\n')).toBe('vtt');
    expect(detectFormat('a.json3', '{"events":[]}')).toBe('json3');
    expect(detectFormat('a.txt', 'just words')).toBe('txt');
  });
  it('sniffs content when the extension is misleading or generic', () => {
    expect(detectFormat('a.srt', '\uFEFFWEBVTT\n\n00:01.000 --> 00:02.000\nx')).toBe('vtt');
    expect(detectFormat('a.json', '{"events":[{"tStartMs":0}]}')).toBe('json3');
    expect(detectFormat('a.json', '{"text":"x","segments":[]}')).toBe('whisper');
    expect(detectFormat('a.txt', 'Title\nCaptions\nhello\nInfo\nId: f96Xrg4uNik\n')).toBe('page');
    expect(detectFormat('a.txt', '1\n00:00:01,000 --> 00:00:02,000\nx')).toBe('srt');
  });
});
