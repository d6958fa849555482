import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { buildIndex, indexDataOf } from '../../../src/search/index.ts';
import { INDEX_DATA_VERSION } from '../../../src/search/index/index-data.ts';
import { cacheKey, folderState, listSources, openIndexCached, sourceFiles, writeCache } from '../../../src/search/persist/cache.ts';
import { checksum, decodedText, decodeSnapshot, encodeSnapshot, readSnapshotFile, SnapshotError } from '../../../src/search/persist/snapshot.ts';
import { TranscriptReadError } from '../../../src/search/persist/transcript-source.ts';
import { storedText, storedTextOnce } from '../../../src/corpus/text.ts';
import type { Hit, SearchIndex } from '../../../src/search/types.ts';
import type { Cue } from '../../../src/corpus/types.ts';
import { cueFacts } from '../../../src/corpus/cue-facts.ts';
import { timeAt } from '../../../src/search/index/timing.ts';

const FIXTURES = new URL('../../fixtures/cache', import.meta.url).pathname;
const SRT = 'Orbits and Tides [orbTide0001].srt';

let work: string;
let dir: string;
let cacheDir: string;
let warnings: string[];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'quotebot-cache-'));
  dir = join(work, 'transcripts');
  cacheDir = join(work, 'cache');
  cpSync(FIXTURES, dir, { recursive: true });
  warnings = [];
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const open = () => openIndexCached(dir, { cacheDir, onWarning: (m) => warnings.push(m) });
const cacheFiles = () => readdirSync(cacheDir).filter((n) => n.endsWith('.bin'));
const plain = (h: Hit) => ({ video: h.video.id, start: h.start, end: h.end, text: h.text, charStart: h.charStart, charEnd: h.charEnd, score: h.score, speaker: h.speaker, chapter: h.chapter, file: h.transcript.file });

/** Everything the bot can ask of an index, as plain data. */
function answers(index: SearchIndex) {
  const rng = () => 0.37;
  return {
    search: ['why are there two tides', 'wild yeast', 'orbit kepler', 'sourdogh', 'proof overnight fridge', 'nothing like this'].map((q) => {
      const r = index.search(q, { limit: 3 });
      return { hits: r.hits.map(plain), total: r.total, terms: r.terms, corrected: r.corrected, suggestions: r.suggestions };
    }),
    inVideo: index.search('bread', { video: 'bread-podcast' }).hits.map(plain),
    bySpeaker: index.search('sour taste', { speaker: 'ana' }).hits.map(plain),
    mentions: index.mentions('tides').hits.map(plain),
    verify: (({ verdict, similarity, hit }) => ({ verdict, similarity, hit: hit && plain(hit) }))(index.verify('the moon pulls harder on the near side of the ocean')),
    videos: index.findVideos('orbits').map((v) => v.id),
    suggest: index.suggest('ti'),
    speakers: index.speakers(),
    around: index.around('orbTide0001', 12, 1, 1).map(plain),
    random: plain(index.random(undefined, rng)!),
    corpus: index.corpus.transcripts.map((t) => ({ meta: t.meta, file: t.file, format: t.format, cues: t.cues, approximate: t.approximate, warnings: t.warnings })),
    skipped: index.corpus.skipped,
  };
}

describe('openIndexCached', () => {
  it('builds and caches on the first start, restores on the next, with identical answers', async () => {
    const first = await open();
    expect(first.source).toBe('built');
    expect(cacheFiles()).toHaveLength(1);
    expect(first.files.map((f) => f.file)).toEqual(readdirSync(dir).sort());
    expect(first.files.find((f) => f.file === SRT)?.size).toBe(statSync(join(dir, SRT)).size);
    const second = await open();
    expect(second.source).toBe('cache');
    expect(second.file).toBe(first.file);
    expect(answers(second.index)).toEqual(answers(first.index));
    expect(answers(second.index)).toEqual(answers(buildIndex(await loadCorpus(dir))));
    expect(warnings).toEqual([]);
  });

  it('rebuilds when a file changes (mtime or size), is added or removed', async () => {
    const first = await open();
    const srt = join(dir, SRT);
    const later = new Date(statSync(srt).mtimeMs + 5000);
    utimesSync(srt, later, later);
    const touched = await open();
    expect(touched.source).toBe('built');
    expect(touched.file).not.toBe(first.file);

    writeFileSync(srt, `${readFileSync(srt, 'utf8')}\n6\n00:00:28,000 --> 00:00:29,000\nNewton explained why the moon keeps falling.\n`);
    utimesSync(srt, later, later); // same mtime, other size
    const grown = await open();
    expect(grown.source).toBe('built');
    expect(grown.index.search('newton').hits[0]?.text).toContain('Newton explained');

    writeFileSync(join(dir, 'extra.srt'), '1\n00:00:00,000 --> 00:00:02,000\nA brand new file about comets.\n');
    expect((await open()).source).toBe('built');
    rmSync(join(dir, 'extra.srt'));
    expect((await open()).source).toBe('cache'); // back to a state cached before
    expect(warnings).toEqual([]);
  });

  it('never trusts a corrupted cache file: warns, rebuilds and replaces it', async () => {
    const { file } = await open();
    const bytes = readFileSync(file!);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(file!, bytes);
    const reopened = await open();
    expect(reopened.source).toBe('built');
    expect(warnings.join('\n')).toMatch(/checksum/);
    expect((await open()).source).toBe('cache');
  });

  it('checks every section: a damaged skeleton or binary section before restoring, a damaged text or cue section in the background; each is named, rebuilt and replaced', async () => {
    const { file } = await open();
    const good = readFileSync(file!);
    const jsonLen = good.readUInt32LE(12);
    const textLen = good.readDoubleLE(16);
    const cueLen = good.readDoubleLE(24);
    const textAt = 64 + jsonLen;
    const cueAt = (textAt + textLen + 7) & ~7;
    const binAt = (cueAt + cueLen + 7) & ~7;
    expect(textLen).toBeGreaterThan(0);
    expect(cueLen).toBeGreaterThan(0);
    const damage = (at: number) => {
      const bytes = Buffer.from(good);
      bytes[at] = bytes[at]! ^ 0x5a;
      writeFileSync(file!, bytes);
    };
    for (const [section, at] of [['skeleton', 64 + 10], ['binary', binAt + 8]] as const) {
      damage(at);
      expect((await open()).source).toBe('built');
      expect(warnings.pop()).toMatch(new RegExp(`checksum mismatch in its ${section} section`));
      expect(await (await open()).checked).toBe(true);
    }
    for (const [section, at] of [['text', textAt + Math.floor(textLen / 2)], ['cue', cueAt + Math.floor(cueLen / 2)]] as const) {
      damage(at);
      const restored = await open();
      expect(restored.source).toBe('cache');
      expect(await restored.checked).toBe(false);
      expect(warnings.pop()).toMatch(new RegExp(`its ${section} section does not match its checksum.*removed, the next start rebuilds it`));
      expect(cacheFiles()).toEqual([]);
      expect((await open()).source).toBe('built');
      const again = await open();
      expect(again.source).toBe('cache');
      expect(await again.checked).toBe(true);
    }
    expect(warnings).toEqual([]);
  });

  it('reads each transcript from the file when first used and checks it: one changed on disk after the start is refused, warned and the file removed', async () => {
    await open();
    const restored = await open();
    expect(restored.source).toBe('cache');
    expect(await restored.checked).toBe(true);
    const file = restored.file!;
    const bytes = readFileSync(file);
    const textAt = 64 + bytes.readUInt32LE(12);
    bytes[textAt + 1] = bytes[textAt + 1]! ^ 0x20;
    writeFileSync(file, bytes); // in place: the restored index's open file sees it
    const first = restored.index.corpus.transcripts[0]!;
    expect(() => storedText(first).text).toThrow(TranscriptReadError);
    expect(() => restored.index.search('tides moon orbit bread yeast', { limit: 10 })).toThrow(TranscriptReadError);
    expect(warnings.join('\n')).toMatch(/stored text of transcript 0 does not match its checksum.*removed, the next start rebuilds it/);
    expect(cacheFiles()).toEqual([]);
    expect((await open()).source).toBe('built');
  });

  it('keeps only the most recently used transcripts, answering the same', async () => {
    const built = buildIndex(await loadCorpus(dir));
    const file = join(cacheDir, 'index-test.bin');
    expect(await writeCache(file, built, 'k')).toBe(true);
    const restored = await readSnapshotFile(file, 'k', { keep: 1 });
    expect(restored.corpus.transcripts.length).toBe(2); // with keep 1, every switch between them reads again
    expect(answers(restored)).toEqual(answers(built));
    // The restored transcripts' stored texts are the index's own (not joined again from the cues).
    const stored = indexDataOf(restored)!.data.stored;
    restored.corpus.transcripts.forEach((t, k) => expect(storedText(t)).toBe(stored[k]));
  });

  it('times, quotes and names the speakers of a timeline without making cue objects or keeping the texts it reads', async () => {
    const built = buildIndex(await loadCorpus(dir));
    const file = join(cacheDir, 'index-test.bin');
    expect(await writeCache(file, built, 'k')).toBe(true);
    const restored = await readSnapshotFile(file, 'k', { keep: 1 });
    const cueReads = restored.corpus.transcripts.map((t) => vi.spyOn(t, 'cues', 'get'));
    const timeline = (index: SearchIndex, topic: string) => index.mentions(topic, { apart: true, limit: 100 }).hits.map(plain);
    for (const topic of ['tides', 'bread', 'sour']) {
      const expected = timeline(built, topic);
      expect(expected.length).toBeGreaterThan(0);
      expect(timeline(restored, topic)).toEqual(expected);
    }
    expect(timeline(built, 'bread').some((h) => h.speaker)).toBe(true); // speakers come from the cue rows
    for (const spy of cueReads) expect(spy).not.toHaveBeenCalled();
    for (const stored of indexDataOf(restored)!.data.stored) expect(decodedText(stored)).toBeUndefined();
  });

  it('times and names the speakers of a restored transcript from the cues assigned to it, not from its file rows', async () => {
    const corpus = await loadCorpus(dir);
    const file = join(cacheDir, 'index-test.bin');
    expect(await writeCache(file, buildIndex(corpus), 'k')).toBe(true);
    const restored = await readSnapshotFile(file, 'k');
    const k = restored.corpus.transcripts.findIndex((t) => t.file.endsWith('bread-podcast.vtt'));
    const t = restored.corpus.transcripts[k]!;
    // The same texts (so the same stored text) and turns, later times, the speakers renamed.
    const assigned: Cue[] = t.cues.map((c, i) => ({ ...c, start: c.start + 100, end: c.end + 100, speaker: i % 2 ? 'Zed' : 'Yan' }));
    expect(assigned.map((c) => c.speaker)).not.toEqual(t.cues.map((c) => c.speaker));
    t.cues = assigned;
    expect(t.cues).toBe(assigned);
    const facts = cueFacts(t);
    expect(facts.count).toBe(assigned.length);
    for (let i = 0; i < assigned.length; i++) {
      expect([facts.start(i), facts.end(i), facts.textLength(i), facts.speaker(i)]).toEqual([assigned[i]!.start, assigned[i]!.end, assigned[i]!.text.length, assigned[i]!.speaker]);
      expect(timeAt(t, storedText(t).cueStarts[i]!)).toBe(assigned[i]!.start);
    }
    // Answers as an index built from the transcript with those cues.
    const reference = buildIndex({ ...corpus, transcripts: corpus.transcripts.map((c, j) => (j === k ? { ...c, cues: assigned } : c)) });
    const quotes = (index: SearchIndex) => ['sour taste', 'wild yeast', 'proof overnight fridge'].map((q) => index.search(q, { video: 'bread-podcast', limit: 3 }).hits.map(plain));
    const expected = quotes(reference);
    expect(expected.flat().length).toBeGreaterThan(2);
    expect(expected.flat().filter((h) => h.start < 100 || !['Yan', 'Zed'].includes(h.speaker!))).toEqual([]);
    expect(quotes(restored)).toEqual(expected);
    const moments = reference.mentions('bread', { video: 'bread-podcast' }).hits.map(plain);
    expect(moments.length).toBeGreaterThan(0);
    expect(restored.mentions('bread', { video: 'bread-podcast' }).hits.map(plain)).toEqual(moments);
  });

  it('reads a text for one use without keeping it, or gives the one kept; checked the same', async () => {
    const built = buildIndex(await loadCorpus(dir));
    const file = join(cacheDir, 'index-test.bin');
    expect(await writeCache(file, built, 'k')).toBe(true);
    const restored = await readSnapshotFile(file, 'k', { keep: 1 });
    const [a, b] = restored.corpus.transcripts.map((t) => storedText(t));
    expect(decodedText(a!)).toBeUndefined();
    expect(storedTextOnce(restored.corpus.transcripts[0]!)).toBe(storedText(built.corpus.transcripts[0]!).text);
    expect(decodedText(a!)).toBeUndefined(); // not kept
    const kept = b!.text;
    expect(storedTextOnce(restored.corpus.transcripts[1]!)).toBe(kept);
    // Every stored text damaged on disk: a one-use read refuses it; the kept string is given without a read.
    const bytes = readFileSync(file);
    const textAt = 64 + bytes.readUInt32LE(12);
    for (let i = textAt; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0x20;
    writeFileSync(file, bytes);
    expect(() => storedTextOnce(restored.corpus.transcripts[0]!)).toThrow(TranscriptReadError);
    expect(storedTextOnce(restored.corpus.transcripts[1]!)).toBe(kept); // the kept string itself, not read again
  });

  it('never trusts a truncated or foreign file', async () => {
    const { file } = await open();
    truncateSync(file!, statSync(file!).size - 100);
    expect((await open()).source).toBe('built');
    expect(warnings.pop()).toMatch(/truncated/);

    writeFileSync(file!, 'not a snapshot at all');
    expect((await open()).source).toBe('built');
    expect(warnings.pop()).toMatch(/bad header/);
    expect((await open()).source).toBe('cache');
  });

  it('refuses a snapshot written for another folder state (key inside the file)', async () => {
    const { file } = await open();
    const index = buildIndex(await loadCorpus(dir));
    writeFileSync(file!, Buffer.concat(encodeSnapshot(index, 'some-other-key')));
    expect((await open()).source).toBe('built');
    expect(warnings.pop()).toMatch(/other files/);
  });

  it('works without a cache folder (cacheDir: false) and when the cache cannot be written', async () => {
    const r = await openIndexCached(dir, { cacheDir: false });
    expect(r.source).toBe('built');
    expect(r.file).toBeUndefined();
    writeFileSync(join(work, 'blocker'), 'a file where the cache folder should be');
    const blocked = await openIndexCached(dir, { cacheDir: join(work, 'blocker'), onWarning: (m) => warnings.push(m) });
    expect(blocked.source).toBe('built');
    expect(blocked.index.search('tides').hits.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/not written/);
  });

  it('lists the files of subfolders by their path relative to the folder, with "/" (dot folders and node_modules left out)', async () => {
    for (const sub of ['talks/2024', '.git', 'node_modules/x']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'talks/2024/keynote.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHello.\n');
    writeFileSync(join(dir, 'talks/notes.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHi.\n');
    writeFileSync(join(dir, '.git/HEAD'), 'ref');
    writeFileSync(join(dir, 'node_modules/x/a.srt'), 'x');
    const files = folderState(`${dir}/`).map((f) => f.file);
    expect(files).toEqual([...readdirSync(FIXTURES), 'talks/2024/keynote.srt', 'talks/notes.srt'].sort());
    expect(folderState(dir).find((f) => f.file === 'talks/notes.srt')?.size).toBe(statSync(join(dir, 'talks/notes.srt')).size);
  });

  it('keys on names, sizes and mtimes, not on where the folder is', async () => {
    const moved = join(work, 'moved');
    cpSync(dir, moved, { recursive: true });
    const when = new Date('2024-05-01T12:00:00Z');
    for (const folder of [dir, moved]) for (const name of readdirSync(folder)) utimesSync(join(folder, name), when, when);
    expect(await cacheKey(moved)).toBe(await cacheKey(dir));
    writeFileSync(join(moved, 'notes.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHello.\n');
    expect(await cacheKey(moved)).not.toBe(await cacheKey(dir));
  });
});

describe('snapshot', () => {
  it('refuses to capture what it cannot restore (a function field)', async () => {
    const index = buildIndex(await loadCorpus(dir));
    (indexDataOf(index)!.data.speakersOf as unknown[]).push(() => {});
    expect(() => encodeSnapshot(index, 'k')).toThrow(SnapshotError);
    expect(await writeCache(join(cacheDir, 'index-x.bin'), index, 'k', (m) => warnings.push(m))).toBe(false);
    expect(warnings.join('\n')).toMatch(/function/);
  });

  it('saves only the declared index data: an undeclared field is refused, not silently dropped', async () => {
    const index = buildIndex(await loadCorpus(dir));
    (indexDataOf(index)!.data as unknown as Record<string, unknown>).extra = new Int32Array(4);
    expect(() => encodeSnapshot(index, 'k')).toThrow(/undeclared field\(s\) extra/);
  });

  it('rebuilds a snapshot of another index data version instead of reading it', async () => {
    const first = await open();
    const file = first.file!;
    const bytes = readFileSync(file);
    const jsonLen = bytes.readUInt32LE(12);
    const json = bytes.toString('utf8', 64, 64 + jsonLen);
    const marker = `"root":{"version":${INDEX_DATA_VERSION},`;
    expect(json).toContain(marker);
    // Same length, so only the version (and then the checksum) differ: re-sign the file as if written by another version.
    const other = json.replace(marker, `"root":{"version":${INDEX_DATA_VERSION + 1},`.slice(0, marker.length));
    writeFileSync(file, resign(bytes, Buffer.from(other, 'utf8')));
    const second = await open();
    expect(second.source).toBe('built');
    expect(warnings.join('\n')).toMatch(/index data version/);
    expect(answers(second.index)).toEqual(answers(first.index));
  });

  it('round-trips an empty corpus', () => {
    const index = buildIndex({ transcripts: [], skipped: [{ file: 'broken.srt', line: 3, message: 'bad timestamp' }] });
    const restored = decodeSnapshot(Buffer.concat(encodeSnapshot(index, 'k')), 'k');
    expect(restored.corpus).toEqual(index.corpus);
    expect(restored.search('anything')).toEqual(index.search('anything'));
  });
});

/** `file` with its JSON skeleton replaced by `json` (same length) and the header's skeleton checksum recomputed. */
function resign(file: Buffer, json: Buffer): Buffer {
  const out = Buffer.from(file);
  json.copy(out, 64);
  out.writeUInt32LE(checksum([json]), 40);
  return out;
}

describe('cache key', () => {
  it('covers every source file under src/search and src/corpus, subfolders included', () => {
    const files = sourceFiles();
    expect(files.some((f) => f.endsWith('search/index/index-data.ts'))).toBe(true);
    expect(files.some((f) => f.endsWith('corpus/text.ts'))).toBe(true);
    expect(files).toEqual(files.slice().sort());
  });

  it('lists source files recursively, so code moved into a subfolder stays in the key', () => {
    const root = join(work, 'src');
    mkdirSync(join(root, 'ranking', 'deep'), { recursive: true });
    writeFileSync(join(root, 'a.ts'), '');
    writeFileSync(join(root, 'ranking', 'b.ts'), '');
    writeFileSync(join(root, 'ranking', 'deep', 'c.ts'), '');
    writeFileSync(join(root, 'ranking', 'notes.md'), '');
    expect(listSources(root)).toEqual(['a.ts', 'ranking/b.ts', 'ranking/deep/c.ts']);
  });
});

describe('openIndexCached with writeLater', () => {
  it('writes a freshly built index only when saveCache is called, once', async () => {
    const built = await openIndexCached(dir, { cacheDir, writeLater: true, onWarning: (m) => warnings.push(m) });
    expect(built.source).toBe('built');
    expect(() => readdirSync(cacheDir)).toThrow();
    const saved = built.saveCache!();
    expect(built.saveCache!()).toBe(saved);
    expect(await saved).toBe(true);
    expect(cacheFiles()).toHaveLength(1);
    expect(built.ms.write).toBeGreaterThan(0);
    const restored = await openIndexCached(dir, { cacheDir, writeLater: true });
    expect(restored.source).toBe('cache');
    expect(restored.saveCache).toBeUndefined();
    expect(answers(restored.index)).toEqual(answers(built.index));
    expect(warnings).toEqual([]);
  });

  it('answers before building the pruning bounds, builds them before the write, and they reach the cache', async () => {
    const build = { rank: { pruneMinPassages: 0 } };
    const built = await openIndexCached(dir, { cacheDir, writeLater: true, build });
    const data = indexDataOf(built.index)!.data;
    expect(data.bounds).toBeUndefined();
    const before = answers(built.index);
    expect(await built.saveCache!()).toBe(true);
    expect(data.bounds).toEqual(indexDataOf(buildIndex(await loadCorpus(dir), build))!.data.bounds);
    expect(answers(built.index)).toEqual(before);
    const restored = await openIndexCached(dir, { cacheDir, build });
    expect(restored.source).toBe('cache');
    expect(indexDataOf(restored.index)!.data.bounds).toEqual(data.bounds);
    expect(answers(restored.index)).toEqual(before);
  });

  it('builds the bounds after in shared memory only when the build shares its arrays (sharedMemory)', async () => {
    const rank = { pruneMinPassages: 0, rankThreadMinPassages: 0 };
    const boundsShared = async (sharedMemory: boolean | undefined, into: string) => {
      const built = await openIndexCached(dir, { cacheDir: into, writeLater: true, build: { rank, sharedMemory } });
      const data = indexDataOf(built.index)!.data;
      expect(data.bounds).toBeUndefined();
      expect(await built.saveCache!()).toBe(true);
      expect(data.bounds).toBeDefined();
      const arrays = Object.values(data.bounds!).filter((v) => ArrayBuffer.isView(v));
      expect(arrays.length).toBeGreaterThan(5);
      return arrays.map((v) => v.buffer instanceof SharedArrayBuffer);
    };
    expect(await boundsShared(false, cacheDir)).not.toContain(true);
    if (availableParallelism() >= 2) expect(await boundsShared(undefined, join(work, 'cache-shared'))).not.toContain(false);
  });
});

describe('multi-word terms after the first answers', () => {
  it('are left out of a cold start (autocomplete offers single words meanwhile) and built before the write; always the same terms', async () => {
    const cue = (k: number, text: string) => `${k}\n00:00:${String(2 * k).padStart(2, '0')},000 --> 00:00:${String(2 * k + 1).padStart(2, '0')},000\n${text}\n`;
    const lines = ['Neural networks learn.', 'A neural network has layers.', 'Tidal forces, tidal forces again.', 'The neural network trains.', 'Tidal forces win.'];
    writeFileSync(join(dir, 'phrases.srt'), lines.map((l, k) => cue(k + 1, l)).join('\n'));
    const eager = indexDataOf(buildIndex(await loadCorpus(dir)))!.data.multiWord!;
    expect(eager.size).toBeGreaterThan(0);
    const early = await openIndexCached(dir, { cacheDir, writeLater: true });
    expect(indexDataOf(early.index)!.data.multiWord).toBeUndefined();
    // Autocomplete never builds them on the spot (seconds of a frozen bot on a large corpus): single words.
    expect(early.index.suggest('neural n', 10)).toEqual([]);
    expect(early.index.suggest('tidal', 10)).toEqual(['tidal']);
    expect(indexDataOf(early.index)!.data.multiWord).toBeUndefined();
    expect(await early.saveCache!()).toBe(true);
    expect(indexDataOf(early.index)!.data.multiWord).toEqual(eager);
    expect(early.index.suggest('neural n', 10)).toEqual(['neural networks']); // the first occurrence's words
    expect(early.index.suggest('tidal', 10)).toEqual(buildIndex(await loadCorpus(dir)).suggest('tidal', 10));
    expect(early.index.suggest('tidal', 10)).toContain('tidal forces');
    const restored = await openIndexCached(dir, { cacheDir });
    expect(restored.source).toBe('cache');
    expect(indexDataOf(restored.index)!.data.multiWord).toEqual(eager);
  });
});

describe('writeCache', () => {
  it('writes exactly the one-piece encoder\'s bytes (encoded in steps)', async () => {
    const index = buildIndex(await loadCorpus(dir), { rank: { pruneMinPassages: 0 } });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-02T03:04:05Z'));
      const file = join(cacheDir, 'index-x.bin');
      expect(await writeCache(file, index, 'k', (m) => warnings.push(m))).toBe(true);
      expect(readFileSync(file).equals(Buffer.concat(encodeSnapshot(index, 'k')))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(warnings).toEqual([]);
  });

  it('warns and leaves no file, temporary or final, when the write fails', async () => {
    const index = buildIndex(await loadCorpus(dir));
    const file = join(cacheDir, 'index-x.bin');
    // A non-empty folder where the file should go: the temp file is written, the rename fails.
    mkdirSync(join(file, 'in-the-way'), { recursive: true });
    expect(await writeCache(file, index, 'k', (m) => warnings.push(m))).toBe(false);
    expect(warnings.join('\n')).toMatch(/index cache not written to .*index-x\.bin/);
    expect(readdirSync(cacheDir)).toEqual(['index-x.bin']);
    expect(statSync(file).isDirectory()).toBe(true);
  });
});
