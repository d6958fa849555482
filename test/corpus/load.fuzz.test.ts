/**
 * Hostile input (issue 7): random and truncated bytes, deep nesting and multi-megabyte files, for
 * every loader. loadCorpus must never throw for file content and never hang (vitest's timeout catches
 * a hang); the parsers themselves must never throw either.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { parseJson3 } from '../../src/corpus/json3.ts';
import { parsePage } from '../../src/corpus/page.ts';
import { parseSrt } from '../../src/corpus/srt.ts';
import { parseTxt } from '../../src/corpus/txt.ts';
import { parseVtt } from '../../src/corpus/vtt.ts';
import { parseWhisper } from '../../src/corpus/whisper.ts';

const folder = fileURLToPath(new URL('../fixtures/corpus/folder', import.meta.url));
const bundled = fileURLToPath(new URL('../../transcripts', import.meta.url));
const seeds: Array<[string, Buffer]> = [
  ['a.srt', readFileSync(join(folder, 'nested/entropy.srt'))],
  ['b.vtt', readFileSync(join(folder, 'Rolling Talk [abcDEF12345].en.vtt'))],
  ['c.vtt', readFileSync(join(folder, 'nested/standup.vtt'))],
  ['d.json3', readFileSync(join(folder, 'json3 sample [Zz_9-xYwQ1a].json3'))],
  ['e.json', readFileSync(join(folder, 'nested/lecture.json'))],
  ['f.txt', readFileSync(join(folder, 'nested/notes.txt'))],
  ['g.txt', readFileSync(join(bundled, 'Ilya Sutskever - The era of AI will come in full swing [f96Xrg4uNik].txt'))],
];
const extensions = ['.srt', '.vtt', '.json3', '.json', '.txt'];
const parsers = [parseSrt, parseVtt, parseJson3, parseWhisper, (t: string) => parseTxt(t), (t: string) => parsePage(t)];

/** Writes `files` to a fresh folder, loads it, removes it. */
async function loadFiles(files: Array<[string, Uint8Array]>): Promise<Awaited<ReturnType<typeof loadCorpus>>> {
  const dir = mkdtempSync(join(tmpdir(), 'qb-fuzz-'));
  try {
    files.forEach(([name, bytes], i) => writeFileSync(join(dir, `${i}-${name}`), bytes));
    return await loadCorpus(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('hostile input never throws out of loadCorpus', () => {
  it('random bytes under every caption extension', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...extensions), async (bytes, ext) => {
        const corpus = await loadFiles([[`x${ext}`, bytes]]);
        expect(corpus.transcripts.length + corpus.skipped.length).toBe(1);
      }),
      { numRuns: 60 },
    );
  });

  it('truncated and corrupted real files of every format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async ([name, original], cut, flips) => {
          const bytes = Buffer.from(original.subarray(0, Math.floor(original.length * cut)));
          for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
          const corpus = await loadFiles([[name, bytes]]);
          expect(corpus.transcripts.length + corpus.skipped.length).toBe(1);
          for (const t of corpus.transcripts) for (const cue of t.cues) expect(cue.text.trim()).not.toBe('');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('random text never makes a parser throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.constantFrom(...parsers), (text, parse) => {
        const result = parse(text);
        expect(Array.isArray(result.cues)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('caption-shaped random text never makes a parser throw', () => {
    const piece = fc.constantFrom('WEBVTT', '\n', '\r\n', ' --> ', '00:00:01,000', '00:01.5', '<v A>', '</c>', '<00:00:01.000>', '[Music]', '&amp;', '&#', '>> ', 'NAME: ', 'Captions', 'Info', 'Id: ', '{"events":[', '{"segments":[', '"tStartMs":', '"segs":[{"utf8":', ']', '}', ',', '1', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.constantFrom(...parsers), (pieces, parse) => {
        const result = parse(pieces.join(''));
        for (const cue of result.cues) expect(cue.end).toBeGreaterThanOrEqual(cue.start);
      }),
      { numRuns: 300 },
    );
  });

  it('regex-hostile repetitions finish (no catastrophic backtracking)', () => {
    const hostile = [
      '<v' + '.'.repeat(5000) + 'x',
      '<v.' + 'a.'.repeat(5000),
      '(' + 'ab '.repeat(20000),
      '<a'.repeat(50000),
      '['.repeat(50000),
      '♪'.repeat(50000),
      '>'.repeat(50000) + ' A',
      'AB '.repeat(50000) + ':',
      '&'.repeat(50000) + '#',
      '0'.repeat(50000) + ' --> ' + '0:'.repeat(50000),
    ];
    for (const text of hostile)
      for (const parse of parsers) {
        expect(() => parse(text)).not.toThrow();
        expect(() => parse('WEBVTT\n\n00:01.000 --> 00:02.000\n' + text)).not.toThrow();
        expect(() => parse('Captions\n' + text + '\nInfo\nId: ' + text + '\nLength: ' + text)).not.toThrow();
      }
  });

  it('deeply nested JSON is skipped with a warning, not a crash', async () => {
    const depth = 200_000;
    const nested = Buffer.from('{"events":' + '['.repeat(depth) + ']'.repeat(depth) + '}');
    const objects = Buffer.from('{"segments":[' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + ']}');
    const corpus = await loadFiles([
      ['deep.json3', nested],
      ['deep.json', objects],
    ]);
    expect(corpus.transcripts).toEqual([]);
    expect(corpus.skipped.map((s) => s.file)).toEqual(['0-deep.json3', '1-deep.json']);
  });

  it('multi-megabyte files load or are refused by the size limit, with a clear warning', async () => {
    const cue = (i: number): string => `${i}\n00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000 --> 00:00:00,500\nword &amp; <b>markup</b> [Music] again\n\n`;
    const big = Buffer.from(Array.from({ length: 60_000 }, (_, i) => cue(i)).join(''));
    const oneLine = Buffer.from('x'.repeat(3_000_000) + ' --> ' + '<'.repeat(1_000_000));
    const corpus = await loadFiles([
      ['big.srt', big],
      ['line.vtt', oneLine],
      ['line.txt', oneLine],
    ]);
    expect(big.length).toBeGreaterThan(3_000_000);
    expect(corpus.transcripts.find((t) => t.file === '0-big.srt')!.cues).toHaveLength(60_000);
    expect(corpus.transcripts.length + corpus.skipped.length).toBe(3);

    const dir = mkdtempSync(join(tmpdir(), 'qb-fuzz-'));
    writeFileSync(join(dir, 'big.srt'), big);
    const limited = await loadCorpus(dir, { maxFileBytes: 1_000_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(limited.skipped).toEqual([{ file: 'big.srt', message: expect.stringMatching(/over the 1\.0 MB limit per file/) }]);
  });
});
