import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCaptionFile, loadCorpus, LoadError, loadFile } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';

const fixtures = fileURLToPath(new URL('../fixtures/corpus/folder', import.meta.url));

describe('loadCorpus on the fixture folder', () => {
  let corpus: Corpus;
  let dir: string;
  const progress: Array<[string, number, number]> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qb-corpus-'));
    cpSync(fixtures, dir, { recursive: true });
    // Things that must be ignored (created here: git would not keep node_modules).
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'dep.srt'), '1\n00:00:01,000 --> 00:00:02,000\nfrom a dependency\n');
    mkdirSync(join(dir, '.cache'));
    writeFileSync(join(dir, '.cache', 'x.srt'), '1\n00:00:01,000 --> 00:00:02,000\nhidden\n');
    writeFileSync(join(dir, '.dot.srt'), '1\n00:00:01,000 --> 00:00:02,000\nhidden\n');
    corpus = await loadCorpus(dir, { onFile: (file, i, n) => progress.push([file, i, n]) });
  });

  it('loads every caption file, sorted by path, ignoring sidecars, dotfiles and node_modules', () => {
    expect(corpus.transcripts.map((t) => [t.file, t.format])).toEqual([
      ['Rolling Talk [abcDEF12345].en.vtt', 'vtt'],
      ['json3 sample [Zz_9-xYwQ1a].json3', 'json3'],
      ['nested/Copy [abcDEF12345].vtt', 'vtt'],
      ['nested/entropy.srt', 'srt'],
      ['nested/lecture.json', 'whisper'],
      ['nested/notes.txt', 'txt'],
      ['nested/standup.vtt', 'vtt'],
    ]);
  });

  it('skips broken files with a warning naming the file (and line where known)', () => {
    expect(corpus.skipped).toEqual([
      { file: 'nested/broken.srt', message: 'not a text file (binary data)' },
      { file: 'nested/config.json', line: 1, message: expect.stringMatching(/^not a caption file/) },
      { file: 'nested/unusable.srt', line: 2, message: expect.stringMatching(/no captions found.*bad timing line/) },
    ]);
  });

  it('reports progress once per file', () => {
    expect(progress).toHaveLength(10);
    expect(progress.map(([, i]) => i)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(progress.map(([, , n]) => n))).toEqual(new Set([10]));
  });

  it('pairs a language-tagged file with its .info.json sidecar', () => {
    const t = corpus.transcripts[0]!;
    expect(t.meta).toEqual({
      id: 'abcDEF12345',
      title: 'Rolling Talk: gradients',
      channel: 'Fixture Uploader',
      uploadDate: '2023-04-15',
      duration: 120,
      url: 'https://www.youtube.com/watch?v=abcDEF12345',
      keywords: ['optimisation', 'gradients'],
      chapters: [
        { title: 'Intro', start: 0, end: 60 },
        { title: 'Momentum', start: 60, end: 120 },
      ],
    });
  });

  it('uses a sidecar link even when it is not YouTube, the [id] name otherwise, else no link', () => {
    const byFile = new Map(corpus.transcripts.map((t) => [t.file, t.meta]));
    expect(byFile.get('nested/entropy.srt')).toMatchObject({ id: 'entropy-01', url: 'https://example.org/talks/entropy' });
    expect(byFile.get('json3 sample [Zz_9-xYwQ1a].json3')).toEqual({ id: 'Zz_9-xYwQ1a', title: 'json3 sample', url: 'https://www.youtube.com/watch?v=Zz_9-xYwQ1a' });
    expect(byFile.get('nested/lecture.json')).toEqual({ id: 'lecture', title: 'lecture' });
  });

  it('keeps both files sharing a video id, each with a warning', () => {
    const dupes = corpus.transcripts.filter((t) => t.meta.id === 'abcDEF12345');
    expect(dupes).toHaveLength(2);
    for (const t of dupes) expect(t.warnings.some((w) => /also used by/.test(w.message))).toBe(true);
  });

  it('keeps a file with one bad cue, warning with the line', () => {
    const srt = corpus.transcripts.find((t) => t.file === 'nested/entropy.srt')!;
    expect(srt.cues.map((c) => c.text)).toEqual(['Welcome to the show.', 'Today: entropy & information.', 'Bits measure surprise.', 'Thanks, Alice.']);
    expect(srt.warnings).toEqual([{ file: 'nested/entropy.srt', line: 9, message: expect.stringMatching(/bad timing line/) }]);
  });

  it('never stores markup, entities or non-speech tags in cue text', () => {
    for (const t of corpus.transcripts)
      for (const cue of t.cues) {
        // `<finally>` is the decoded text of `&lt;finally&gt;` in standup.vtt: speech, not markup.
        expect(cue.text.replace('<finally>', '')).not.toMatch(/<\/?[a-z]|&[a-z]+;|&#\d+;|\[[A-Za-z ]+\]|♪/i);
        expect(cue.text).toBe(cue.text.trim());
        expect(cue.text.length).toBeGreaterThan(0);
        expect(cue.end).toBeGreaterThanOrEqual(cue.start);
      }
  });

  it('marks only timeless formats approximate, using the sidecar duration when there is one', async () => {
    expect(corpus.transcripts.filter((t) => t.approximate).map((t) => t.file)).toEqual(['nested/notes.txt']);
    const own = mkdtempSync(join(tmpdir(), 'qb-txt-'));
    writeFileSync(join(own, 'talk.txt'), 'one two three four');
    writeFileSync(join(own, 'talk.info.json'), '{"duration": 40}');
    const t = await loadFile(join(own, 'talk.txt'), own);
    expect(t.cues).toEqual([{ start: 0, end: 40, text: 'one two three four' }]);
  });
});

describe('loadCorpus on the bundled transcripts folder', () => {
  it('loads the page-format seed with its metadata', async () => {
    const corpus = await loadCorpus(fileURLToPath(new URL('../../transcripts', import.meta.url)));
    const seed = corpus.transcripts.find((t) => t.meta.id === 'f96Xrg4uNik')!;
    expect(seed.format).toBe('page');
    expect(seed.approximate).toBe(true);
    expect(seed.meta).toMatchObject({ channel: 'Me&ChatGPT', duration: 1069, url: 'https://www.youtube.com/watch?v=f96Xrg4uNik' });
    expect(seed.cues.at(-1)!.start).toBeLessThan(1069);
  });
});

describe('loadFile and limits', () => {
  it('throws a LoadError naming the file for an oversized file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qb-big-'));
    writeFileSync(join(dir, 'big.srt'), '1\n00:00:01,000 --> 00:00:02,000\n' + 'word '.repeat(1000));
    await expect(loadFile(join(dir, 'big.srt'), dir, { maxFileBytes: 1000 })).rejects.toThrow(/^big\.srt: file is \d+ bytes, over the 1000 bytes limit/);
    const corpus = await loadCorpus(dir, { maxFileBytes: 1000 });
    expect(corpus.skipped).toEqual([{ file: 'big.srt', message: expect.stringMatching(/limit per file \(maxFileBytes\)/) }]);
  });

  it('names the line of the problem in a LoadError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qb-bad-'));
    writeFileSync(join(dir, 'bad.json'), '{"segments": [\n{"start": 0,\n');
    const error = await loadFile(join(dir, 'bad.json'), dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).file).toBe('bad.json');
    expect((error as LoadError).line).toBeGreaterThanOrEqual(2);
  });

  it('reads UTF-16 files with a BOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qb-utf16-'));
    const body = Buffer.from('\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\nÉté déjà\r\n', 'utf16le');
    writeFileSync(join(dir, 'u.srt'), body);
    expect((await loadFile(join(dir, 'u.srt'), dir)).cues).toEqual([{ start: 1, end: 2, text: 'Été déjà' }]);
  });

  it('rejects a missing folder with one clear error', async () => {
    await expect(loadCorpus(join(tmpdir(), 'qb-does-not-exist-4821'))).rejects.toThrow(/transcripts folder not found/);
  });

  it('knows which names are caption files', () => {
    expect(isCaptionFile('a.SRT')).toBe(true);
    expect(isCaptionFile('a.info.json')).toBe(false);
    expect(isCaptionFile('.hidden.vtt')).toBe(false);
    expect(isCaptionFile('notes.md')).toBe(false);
  });
});
