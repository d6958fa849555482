/** Detecting a caption file's encoding (issue 18, item 11): UTF-8, UTF-16 with or without BOM, else Windows-1252. */
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/corpus/load.ts';

const SRT = '1\n00:00:01,000 --> 00:00:04,000\nUn café, un résumé — «déjà vu»\n';

describe('decodeText', () => {
  it('reads a Latin-1 / Windows-1252 file as such, not with replacement characters', () => {
    expect(decodeText(Buffer.from(SRT.replace('—', '-').replace('«', '"').replace('»', '"'), 'latin1'))).toContain('Un café, un résumé - "déjà vu"');
    const cp1252 = Buffer.from([...Buffer.from('curly '), 0x93, ...Buffer.from('quotes'), 0x94, ...Buffer.from(' and 5'), 0x80]);
    expect(decodeText(cp1252)).toBe('curly “quotes” and 5€');
  });

  it('reads UTF-8 with or without BOM, and UTF-16 LE/BE with or without BOM', () => {
    expect(decodeText(Buffer.from(SRT, 'utf8'))).toBe(SRT);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SRT, 'utf8')]))).toBe(SRT);
    const le = Buffer.from(SRT, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(le)).toBe(SRT);
    expect(decodeText(be)).toBe(SRT);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(SRT);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(SRT);
  });

  it('keeps a UTF-8 file with one corrupt byte as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('café résumé naïve déjà '.repeat(5), 'utf8'), Buffer.from([0xff]), Buffer.from(' end', 'utf8')]);
    expect(decodeText(bytes)).toMatch(/^café résumé naïve déjà .*\uFFFD end$/);
  });

  it('removes NUL and other control characters anywhere in the file, also past the first 8 KB', () => {
    const bytes = Buffer.concat([Buffer.from('a'.repeat(9000)), Buffer.from([0, 0, 1, 0x1b]), Buffer.from(' words\tand\r\nlines')]);
    const text = decodeText(bytes)!;
    expect(text).not.toMatch(/[\u0000\u0001\u001b]/);
    expect(text.endsWith(' words\tand\r\nlines')).toBe(true);
  });

  it('still refuses binary data', () => {
    expect(decodeText(Buffer.from([0, 1, 2, 3, 0, 0, 7, 8, 200, 201, 0, 5]))).toBeUndefined();
    expect(decodeText(Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)))).toBeUndefined();
  });
});
