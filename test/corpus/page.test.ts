import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPage, parsePage, parsePublished } from '../../src/corpus/page.ts';
import { WORDS_PER_CUE } from '../../src/corpus/estimate.ts';
import { expectAll } from '../helpers/expect-all.ts';

const transcriptsDir = new URL('../../transcripts/', import.meta.url);
const bundledName = readdirSync(transcriptsDir).find((name) => name.includes('f96Xrg4uNik'));
const bundled = readFileSync(new URL(encodeURIComponent(bundledName!), transcriptsDir), 'utf8');

describe('parsePage on the bundled transcript', () => {
  const { cues, meta, warnings, approximate } = parsePage(bundled);

  it('is detected by content', () => expect(isPage(bundled)).toBe(true));

  it('reads all the metadata', () => {
    expect(warnings).toEqual([]);
    expect(meta).toEqual({
      id: 'f96Xrg4uNik',
      title: 'Ilya Sutskever | The era of AI will come in full swing | GPT-4o is the most powerful AI model',
      channel: 'Me&ChatGPT',
      keywords: ['AI', 'GPT', 'GPT-4o', 'Ilya Sutskever', 'chatgpt'],
      duration: 1069,
      uploadDate: '2024-05-25',
      url: 'https://www.youtube.com/watch?v=f96Xrg4uNik',
    });
  });

  it('cuts the caption paragraph into ~12-word pseudo-cues with approximate, strictly increasing times', () => {
    expect(approximate).toBe(true);
    expect(cues.length).toBeGreaterThan(100);
    expectAll(cues, (c) => c.text.split(' ').length <= WORDS_PER_CUE);
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.start).toBeGreaterThan(cues[i - 1]!.start);
    expect(cues[0]!.start).toBe(0);
    expect(cues.at(-1)!.start).toBeLessThan(1069);
    expect(cues.at(-1)!.end).toBeLessThanOrEqual(1069);
  });

  it('keeps every word of the paragraph, in order', () => {
    const lines = bundled.split(/\r?\n/);
    const paragraph = lines.slice(lines.indexOf('Captions') + 1, lines.indexOf('Info')).join(' ').split(/\s+/).filter(Boolean);
    expect(cues.map((c) => c.text).join(' ').split(' ')).toEqual(paragraph);
  });
});

describe('parsePage on a small page', () => {
  const page = ['My Talk', '', 'Video Statistics and Information', 'Captions', 'one two three four', 'Info', 'Channel: Someone', 'Id: abcdefghijk', 'Length: 1min 0sec', 'Published: Tue Jan 2 2024', 'Related Videos'].join('\n');

  it('falls back to the minutes/seconds length and parses the date', () => {
    const { cues, meta } = parsePage(page);
    expect(meta).toMatchObject({ id: 'abcdefghijk', title: 'My Talk', duration: 60, uploadDate: '2024-01-02' });
    expect(cues).toEqual([{ start: 0, end: 60, text: 'one two three four' }]);
  });

  it('warns about an unusable Id line', () => {
    const { warnings, meta } = parsePage(page.replace('Id: abcdefghijk', 'Id: nope'));
    expect(meta?.id).toBeUndefined();
    expect(warnings).toEqual([{ line: 8, message: expect.stringMatching(/not a YouTube id/) }]);
  });

  it('reports a page without captions instead of throwing', () => {
    expect(parsePage('Title\nInfo\nId: abcdefghijk').cues).toEqual([]);
  });
});

describe('parsePublished', () => {
  it.each([
    ['Sat May 25 2024', '2024-05-25'],
    ['May 5, 2021', '2021-05-05'],
    ['2020-12-31', '2020-12-31'],
    ['someday', undefined],
  ])('%s', (input, expected) => expect(parsePublished(input)).toBe(expected));
});
