/**
 * Hostile files for the loaders, beyond what `test/corpus/load.fuzz.test.ts` covers (random/truncated
 * caption bytes, deep JSON, multi-megabyte files):
 *
 * - every transcript that loads satisfies the corpus contract (finite ordered times, clean non-empty text,
 *   an id, only http(s) links), whatever the bytes were;
 * - JSON captions of arbitrary shape (fast-check `anything` inside `events` / `segments`);
 * - hostile `.info.json` sidecars (random bytes, wrong types, deep nesting, huge) never cost the caption;
 * - UTF-16 files with random content and odd byte counts;
 * - inputs built to trigger regex backtracking, one per format, several megabytes each (a hang fails the
 *   test by timeout; nothing is timed);
 * - special files: a FIFO, a symlink to /dev/zero, a symlink loop, a dangling symlink, a folder named like
 *   a caption file: skipped or refused with a reason, never read forever.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus, Transcript } from '../../src/corpus/types.ts';
import { fuzzTimeout, runs } from './hostile.ts';

/** Writes `files` (name -> bytes) to a fresh folder and loads it. */
async function loadFiles(files: Record<string, string | Uint8Array>, prepare?: (dir: string) => void): Promise<Corpus> {
  const dir = mkdtempSync(join(tmpdir(), 'qb-loaders-'));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    prepare?.(dir);
    const corpus = await loadCorpus(dir);
    for (const t of corpus.transcripts) expect(contractProblems(t)).toEqual([]);
    for (const s of corpus.skipped) expect(s.message.trim()).not.toBe('');
    return corpus;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ways a loaded transcript breaks the contract in `src/corpus/types.ts`. */
function contractProblems(t: Transcript): string[] {
  const p: string[] = [];
  if (!t.meta.id || typeof t.meta.id !== 'string') p.push('no video id');
  if (typeof t.meta.title !== 'string' || !t.meta.title) p.push('no title');
  if (t.meta.url !== undefined && !/^https?:\/\//i.test(t.meta.url)) p.push(`non-http link ${JSON.stringify(t.meta.url)}`);
  if (t.meta.duration !== undefined && !(Number.isFinite(t.meta.duration) && t.meta.duration >= 0)) p.push(`duration ${t.meta.duration}`);
  if (t.cues.length === 0) p.push('no cues');
  let last = -Infinity;
  t.cues.forEach((cue, i) => {
    if (!Number.isFinite(cue.start) || !Number.isFinite(cue.end)) p.push(`cue ${i}: non-finite time`);
    if (cue.end < cue.start) p.push(`cue ${i}: ends before it starts`);
    if (cue.start < last) p.push(`cue ${i}: out of time order`);
    last = cue.start;
    if (cue.text.trim() === '' || cue.text !== cue.text.trim()) p.push(`cue ${i}: empty or untrimmed text`);
    if (/\s\s|[\n\r\t]/.test(cue.text)) p.push(`cue ${i}: whitespace not collapsed`);
    if (cue.speaker !== undefined && cue.speaker.trim() === '') p.push(`cue ${i}: empty speaker`);
  });
  for (const chapter of t.meta.chapters ?? []) {
    if (!(chapter.end >= chapter.start) || !Number.isFinite(chapter.start)) p.push(`chapter ${chapter.title}: bad times`);
  }
  return p;
}

const SRT = '1\n00:00:01,000 --> 00:00:04,000\nThe sidecar must never cost this caption.\n\n2\n00:00:05,000 --> 00:00:07,000\nSecond line here.\n';

describe('loaded transcripts keep the corpus contract for any input', () => {
  it('JSON captions of any shape', { timeout: fuzzTimeout(60_000) }, async () => {
    const value = fc.anything({ maxDepth: 4, withNullPrototype: false });
    const event = fc.record(
      {
        tStartMs: fc.oneof(fc.integer(), fc.double(), fc.string(), value),
        dDurationMs: fc.oneof(fc.integer(), fc.double(), value),
        segs: fc.oneof(fc.array(fc.record({ utf8: fc.oneof(fc.string(), value), tOffsetMs: fc.oneof(fc.integer(), value) }, { requiredKeys: [] }), { maxLength: 5 }), value),
      },
      { requiredKeys: [] },
    );
    const segment = fc.record(
      { start: fc.oneof(fc.double(), fc.integer(), value), end: fc.oneof(fc.double(), fc.integer(), value), text: fc.oneof(fc.string(), value), speaker: fc.oneof(fc.string(), value) },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      fc.array(event, { maxLength: 20 }).map((events) => ({ events })),
      fc.array(segment, { maxLength: 20 }).map((segments) => ({ segments })),
      fc.tuple(fc.constantFrom('events', 'segments', 'text'), value).map(([k, v]) => ({ [k]: v })),
      value,
    );
    await fc.assert(
      fc.asyncProperty(doc, fc.constantFrom('x.json3', 'x.json'), async (json, name) => {
        const corpus = await loadFiles({ [name]: JSON.stringify(json) ?? 'null' });
        expect(corpus.transcripts.length + corpus.skipped.length).toBe(1);
      }),
      { numRuns: runs(150) },
    );
  });

  it('hostile .info.json sidecars never cost the caption file', { timeout: fuzzTimeout(60_000) }, async () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.anything({ maxDepth: 3 }));
    const info = fc.record(
      {
        id: field, title: field, fulltitle: field, channel: field, uploader: field, upload_date: field, duration: field,
        webpage_url: fc.oneof(field, fc.constantFrom('javascript:alert(1)', 'ftp://x', 'https://ok.example/watch?v=a_b', ' https://x ')),
        extractor: fc.oneof(field, fc.constant('youtube')), tags: field,
        chapters: fc.oneof(field, fc.array(fc.record({ title: field, start_time: field, end_time: field }, { requiredKeys: [] }), { maxLength: 5 })),
      },
      { requiredKeys: [] },
    );
    const sidecar = fc.oneof(
      { weight: 4, arbitrary: info.map((o) => JSON.stringify(o)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }) },
      { weight: 1, arbitrary: info.chain((o) => fc.nat().map((n) => JSON.stringify(o).slice(0, n % (JSON.stringify(o).length + 1)))) },
      { weight: 1, arbitrary: fc.nat(50_000).map((d) => '{"chapters":' + '['.repeat(d + 1000) + ']'.repeat(d + 1000) + '}') },
    );
    await fc.assert(
      fc.asyncProperty(sidecar, async (side) => {
        const corpus = await loadFiles({ 'talk.srt': SRT, 'talk.info.json': side });
        expect(corpus.skipped).toEqual([]);
        expect(corpus.transcripts).toHaveLength(1);
        expect(corpus.transcripts[0]!.cues[0]!.text).toBe('The sidecar must never cost this caption.');
      }),
      { numRuns: runs(150) },
    );
  });

  it('UTF-16 files with random content and odd byte counts', { timeout: fuzzTimeout(60_000) }, async () => {
    const bom = fc.constantFrom([0xff, 0xfe], [0xfe, 0xff]);
    await fc.assert(
      fc.asyncProperty(bom, fc.uint8Array({ maxLength: 1500 }), fc.constantFrom('x.srt', 'x.vtt', 'x.txt', 'x.json3'), async (mark, body, name) => {
        const corpus = await loadFiles({ [name]: new Uint8Array([...mark, ...body]) });
        expect(corpus.transcripts.length + corpus.skipped.length).toBe(1);
      }),
      { numRuns: runs(100) },
    );
    // A real UTF-16LE SRT still loads.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SRT, 'utf16le')]);
    const corpus = await loadFiles({ 'le.srt': utf16 });
    expect(corpus.transcripts[0]?.cues[0]?.text).toBe('The sidecar must never cost this caption.');
  });
});

describe('inputs built for regex backtracking load in bounded time (a hang fails by timeout)', () => {
  const MB = 1024 * 1024;
  const fill = (unit: string, bytes = 2 * MB): string => unit.repeat(Math.ceil(bytes / unit.length));
  const cases: Record<string, string> = {
    'arrows.srt': fill('00:00:00,000 --> '),
    'arrows.vtt': 'WEBVTT\n\n' + fill('00:00.000 --> 00:00.00'),
    'tags.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\n' + fill('<v <c.<00:00:01.000><i'),
    'entities.srt': '1\n00:00:00,000 --> 00:00:01,000\n' + fill('&#x&#&amp;&am'),
    'speakers.srt': '1\n00:00:00,000 --> 00:00:01,000\n' + fill('>> A: >>'),
    'brackets.txt': fill('[Music [Applause ('),
    'spaces.txt': 'x' + fill(' \t', MB) + 'y',
    'page.txt': 'Video statistics\n' + fill('Id: Title: Captions\n'),
    'digits.srt': fill('1\n'),
    'json.json3': '{"events":[' + fill('{"segs":[{"utf8":"a\\u00"}]},') + '{}]}',
  };
  it('one file of each kind, 2 MB of the worst pattern', { timeout: fuzzTimeout(120_000) }, async () => {
    const corpus = await loadFiles(cases);
    expect(corpus.transcripts.length + corpus.skipped.length).toBe(Object.keys(cases).length);
  });
});

describe('special files are refused or skipped, never read forever', () => {
  it('FIFO, /dev/zero, symlink loop, dangling symlink, folder named like a caption', { timeout: 30_000 }, async () => {
    const corpus = await loadFiles({ 'ok.srt': SRT }, (dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.srt')]);
      execFileSync('mkfifo', [join(dir, 'pipe-target')]);
      symlinkSync(join(dir, 'pipe-target'), join(dir, 'to-pipe.vtt'));
      symlinkSync('/dev/zero', join(dir, 'zero.srt'));
      symlinkSync(join(dir, 'loop-b.srt'), join(dir, 'loop-a.srt'));
      symlinkSync(join(dir, 'loop-a.srt'), join(dir, 'loop-b.srt'));
      symlinkSync(join(dir, 'missing.srt'), join(dir, 'dangling.srt'));
      mkdirSync(join(dir, 'folder.srt'));
      writeFileSync(join(dir, 'folder.srt', 'inner.srt'), SRT);
      // A sidecar that is a FIFO must not block the caption it describes.
      execFileSync('mkfifo', [join(dir, 'ok.info.json')]);
    });
    expect(corpus.transcripts.map((t) => t.file).sort()).toEqual(['folder.srt/inner.srt', 'ok.srt']);
    const refused = corpus.skipped.map((s) => s.file).sort();
    for (const name of ['to-pipe.vtt', 'zero.srt', 'loop-a.srt', 'loop-b.srt', 'dangling.srt']) expect(refused).toContain(name);
    for (const s of corpus.skipped) expect(s.message).toMatch(/\w/);
  });
});
