import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captionStem, metaFromFileName, metaFromInfoJson, readSidecar, sidecarCandidates, withoutLanguageTag } from '../../src/corpus/sidecar.ts';

describe('sidecar pairing', () => {
  it('strips the subtitle extension and a language tag', () => {
    expect(captionStem('/t/Talk [abc123def45].en.vtt')).toBe('Talk [abc123def45].en');
    expect(withoutLanguageTag('Talk [abc123def45].en')).toBe('Talk [abc123def45]');
    expect(withoutLanguageTag('Talk.en-US')).toBe('Talk');
    expect(withoutLanguageTag('Talk.pt-BR')).toBe('Talk');
    expect(withoutLanguageTag('v1.2 final')).toBe('v1.2 final');
    expect(sidecarCandidates('/t/Talk [abc123def45].en.vtt')).toEqual(['/t/Talk [abc123def45].en.info.json', '/t/Talk [abc123def45].info.json']);
    expect(sidecarCandidates('/t/x.srt')).toEqual(['/t/x.info.json']);
  });

  it('finds the sidecar of a language-tagged caption file and reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qb-sidecar-'));
    writeFileSync(join(dir, 'Talk [abc123def45].info.json'), JSON.stringify({ id: 'abc123def45', title: 'Talk', extractor: 'youtube' }));
    const found = await readSidecar(join(dir, 'Talk [abc123def45].en.vtt'));
    expect(found?.meta).toEqual({ id: 'abc123def45', title: 'Talk', url: 'https://www.youtube.com/watch?v=abc123def45' });
    expect(await readSidecar(join(dir, 'Other.srt'))).toBeUndefined();
  });

  it('turns a malformed sidecar into a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qb-sidecar-'));
    writeFileSync(join(dir, 'x.info.json'), '{"id": ');
    const found = await readSidecar(join(dir, 'x.srt'));
    expect(found?.meta).toEqual({});
    expect(found?.warnings[0]!.message).toMatch(/sidecar x\.info\.json ignored/);
  });
});

describe('metaFromInfoJson', () => {
  it('maps the yt-dlp fields', () => {
    const meta = metaFromInfoJson({
      id: 'abcDEF12345',
      title: 'T',
      uploader: 'U',
      upload_date: '20230415',
      duration: 120,
      webpage_url: 'https://www.youtube.com/watch?v=abcDEF12345',
      tags: ['a', '', 'b'],
      chapters: [
        { start_time: 60, title: 'Second' },
        { start_time: 0, end_time: 60, title: 'First' },
      ],
    });
    expect(meta).toEqual({
      id: 'abcDEF12345',
      title: 'T',
      channel: 'U',
      uploadDate: '2023-04-15',
      duration: 120,
      url: 'https://www.youtube.com/watch?v=abcDEF12345',
      keywords: ['a', 'b'],
      chapters: [
        { title: 'First', start: 0, end: 60 },
        { title: 'Second', start: 60, end: 120 },
      ],
    });
  });

  it('prefers channel over uploader and ignores junk', () => {
    expect(metaFromInfoJson({ channel: 'C', uploader: 'U', duration: -3, upload_date: '2023' })).toEqual({ channel: 'C' });
    expect(metaFromInfoJson([1])).toEqual({});
    expect(metaFromInfoJson(null)).toEqual({});
  });
});

describe('metaFromFileName', () => {
  it('uses a yt-dlp [VIDEOID] for id and link, the rest as title', () => {
    expect(metaFromFileName('/t/My Talk [dQw4w9WgXcQ].en.vtt')).toEqual({ id: 'dQw4w9WgXcQ', title: 'My Talk', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
  });
  it('falls back to the stem, with no link', () => {
    expect(metaFromFileName('/t/lecture-03.srt')).toEqual({ id: 'lecture-03', title: 'lecture-03' });
    expect(metaFromFileName('/t/short [abc].srt')).toEqual({ id: 'short [abc]', title: 'short [abc]' });
  });
});
