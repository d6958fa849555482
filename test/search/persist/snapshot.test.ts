import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { drain } from '../../../src/search/index/bounds.ts';
import { buildIndex, indexDataOf } from '../../../src/search/index.ts';
import { decodeSnapshot, encodeSnapshot, encodeSnapshotSteps, readSnapshotFile, sameTokenBases, SnapshotError } from '../../../src/search/persist/snapshot.ts';
import { TokenPlaces } from '../../../src/search/index/offsets.ts';
import { fromTransfer, toTransfer } from '../../../src/search/persist/transfer.ts';
import { blockBytes, TranscriptReadError } from '../../../src/search/persist/transcript-source.ts';
import type { SearchIndex } from '../../../src/search/types.ts';

const FIXTURES = new URL('../../fixtures/cache', import.meta.url).pathname;

let work: string;
let index: SearchIndex;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'quotebot-snapshot-'));
  cpSync(FIXTURES, work, { recursive: true });
  // Multi-byte UTF-8 (accents, a dash, an emoji) in texts and in the skeleton (title, speaker).
  writeFileSync(
    join(work, 'Café naïve — 😀 [cafe0000001].vtt'),
    'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Zoë>Le café est très chaud — 😀 vraiment.\n\n00:00:03.000 --> 00:00:05.000\n<v Zoë>Naïve coöperation, façade, jalapeño.\n',
  );
  // Pruned, so the pruning bounds (more typed arrays) are part of the snapshot too.
  index = buildIndex(await loadCorpus(work), { rank: { pruneMinPassages: 0 } });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-02T03:04:05Z'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(work, { recursive: true, force: true });
});

describe('encodeSnapshotSteps', () => {
  it('makes exactly the bytes of the one-piece encoder, in steps, whatever the step size', () => {
    expect(indexDataOf(index)!.data.bounds).toBeDefined();
    const whole = Buffer.concat(encodeSnapshot(index, 'k'));
    for (const stepBytes of [undefined, 1 << 20, 4096, 64, 7, 1]) {
      const steps = encodeSnapshotSteps(index, 'k', { stepBytes });
      let yields = 0;
      let next = steps.next();
      for (; !next.done; next = steps.next()) yields++;
      const parts = next.value;
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
      expect(yields).toBeGreaterThan(index.corpus.transcripts.length);
    }
    expect(decodeSnapshot(Buffer.concat(drain(encodeSnapshotSteps(index, 'k', { stepBytes: 5 }))), 'k').search('café chaud').hits[0]?.text).toMatch(/café/);
  });

  it('saves the same bytes, and a file that restores, when queries run between its steps', () => {
    // Queries change per-query scratch (the block vector of the semantic re-rank, the typo lookup's
    // counters) and build tables on first use (the typo lookup's bigrams): none of it is saved.
    const data = indexDataOf(index)!.data;
    expect(data.semantics).toBeDefined();
    const whole = Buffer.concat(encodeSnapshot(index, 'k'));
    const steps = encodeSnapshotSteps(index, 'k', { stepBytes: 64 });
    const queries = ['cafe chaud', 'cofee vraiment', 'naive cooperation facade', 'jalapeno', 'chaude cafés'];
    let asked = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) index.search(queries[asked++ % queries.length]!);
    expect(asked).toBeGreaterThan(50);
    const saved = Buffer.concat(next.value);
    expect(saved.equals(whole)).toBe(true);
    expect(decodeSnapshot(saved, 'k').search('café chaud').hits[0]?.text).toMatch(/café/);
  });

  it('cuts the skeleton into several pieces when it is larger than a step', () => {
    const whole = encodeSnapshot(index, 'k');
    const pieces = drain(encodeSnapshotSteps(index, 'k', { stepBytes: 256 }));
    expect(pieces.length).toBeGreaterThan(whole.length + 5);
  });

  it('throws as the one-piece encoder does on what it cannot capture', () => {
    (indexDataOf(index)!.data.speakersOf as unknown[]).push(() => {});
    expect(() => drain(encodeSnapshotSteps(index, 'k'))).toThrow(SnapshotError);
  });
});

describe('readSnapshotFile: token places', () => {
  /** The file written for `index`, and where transcript k's packed token bytes are in it. */
  const written = () => {
    const file = join(work, 'index.bin');
    writeFileSync(file, Buffer.concat(encodeSnapshot(index, 'k')));
    const bytes = readFileSync(file);
    const jsonLen = bytes.readUInt32LE(12);
    const skeleton = JSON.parse(bytes.toString('utf8', 64, 64 + jsonLen)) as { cueCounts: number[]; tokenCounts: number[] };
    const cueAt = (64 + jsonLen + bytes.readDoubleLE(16) + 7) & ~7;
    const tokensAt = (k: number): number => {
      let at = cueAt;
      for (let j = 0; j < k; j++) at += blockBytes(skeleton.cueCounts[j]!, skeleton.tokenCounts[j]!);
      return at + 28 * skeleton.cueCounts[k]!;
    };
    return { file, bytes, skeleton, tokensAt };
  };
  const plainHits = (i: SearchIndex, q: string) => i.search(q, { limit: 5 }).hits.map((h) => [h.transcript.file, h.start, h.text, h.matches]);

  it('refuses, at restore, a snapshot whose token arrays cover other tokens than its token places', async () => {
    const { snapshot } = toTransfer(index, 'k');
    // The transfer's JSON sections in order: the head (blob table) first, then `data.tokBase` (its blob's number).
    const json = Buffer.from(snapshot.json);
    let at = 0;
    const section: Record<string, unknown> = {};
    for (const [name, bytes] of snapshot.sections) {
      if (name === 'head' || name === 'data.tokBase') section[name] = JSON.parse(json.toString('utf8', at, at + bytes));
      at += bytes;
    }
    const { blobs } = section.head as { blobs: Array<[string, number, number]> };
    const [type, offset, length] = blobs[(section['data.tokBase'] as { b: number }).b]!;
    expect(type).toBe('Int32Array');
    // Transcript 1 starting one token later: the token places (counted per transcript in the head) disagree.
    new Int32Array(snapshot.binary, offset, length)[1]! += 1;
    await expect(fromTransfer(snapshot, 'k', async () => {})).rejects.toThrow(/token places disagree with its token arrays/);
  });

  it('refuses index data whose token places cover other tokens than its token arrays', async () => {
    const { file } = written();
    const data = indexDataOf(await readSnapshotFile(file, 'k'))!.data;
    expect(sameTokenBases(data)).toBe(data);
    const shifted = Array.from(data.tokBase, (v, k) => (k === 1 ? v + 1 : v));
    const other = { ...data, tokens: new TokenPlaces(shifted, new Map(), (t) => data.tokens.packed(t)) };
    expect(() => sameTokenBases(other)).toThrow(SnapshotError);
  });

  it('restores the token places of every transcript from its own block, read when first used, answering the same', async () => {
    const { file, skeleton } = written();
    const restored = await readSnapshotFile(file, 'k');
    const built = indexDataOf(index)!.data.tokens;
    const tokens = indexDataOf(restored)!.data.tokens;
    expect(Array.from(tokens.tokBase)).toEqual(Array.from(built.tokBase));
    expect(tokens.tokWide).toEqual(built.tokWide);
    expect(skeleton.tokenCounts.reduce((a, b) => a + b, 0)).toBe(indexDataOf(index)!.data.tokTerm.length);
    for (let t = 0; t < tokens.transcripts; t++) {
      const { tokLen, tokGap, tokBreak } = tokens.packed(t);
      expect({ tokLen, tokGap, tokBreak }).toEqual(built.packed(t));
      // A buffer of this transcript's token places only, not a view of corpus-wide arrays.
      expect(tokLen.buffer.byteLength).toBe(3 * skeleton.tokenCounts[t]!);
      expect(tokens.of(t)).toEqual(built.of(t));
    }
    for (const q of ['tides moon', 'sourdough starter', 'café']) expect(plainHits(restored, q)).toEqual(plainHits(index, q));
  });

  it("refuses a transcript whose token bytes changed on disk after the restore: a clear error, never a wrong quote", async () => {
    const { file, bytes, skeleton, tokensAt } = written();
    const damaged: string[] = [];
    const restored = await readSnapshotFile(file, 'k', { onDamage: (m) => damaged.push(m) });
    const quoted = index.corpus.transcripts.indexOf(index.search('tides moon', { limit: 1 }).hits[0]!.transcript);
    expect(skeleton.tokenCounts[quoted]).toBeGreaterThan(0);
    // Its first token's gap byte changed in place (the open file sees it): nothing reads it before a quote does.
    const at = tokensAt(quoted) + skeleton.tokenCounts[quoted]!;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(file, bytes);
    expect(damaged).toEqual([]);
    // Its cue rows are read and checked apart (a timeline times moments from them): still good.
    expect(restored.corpus.transcripts[quoted]!.cues).toEqual(index.corpus.transcripts[quoted]!.cues);
    expect(damaged).toEqual([]);
    expect(() => restored.search('tides moon', { limit: 1 })).toThrow(TranscriptReadError);
    expect(() => indexDataOf(restored)!.data.tokens.of(quoted)).toThrow(/token places of transcript \d+ does not match its checksum/);
    expect(damaged[0]).toBe(`index cache damaged: the token places of transcript ${quoted} does not match its checksum`);
  });
});

describe('wide token places (a token or a gap of 255+ characters) through every restore', () => {
  /** A folder of its own with one transcript whose token places need wide values: a 320-letter word and a 400-character gap. */
  const wideFolder = (): string => {
    const folder = join(work, 'wide');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'Harbour Winds [harbour0001].srt'),
      [
        'The harbour pilot spoke first about the zephyr winds.',
        `${'~ '.repeat(200)}then ${'b'.repeat(320)} and a zephyr arrives over the harbour.`,
        ...Array.from({ length: 20 }, (_, i) => `The lighthouse keeper counted ${i + 2} ships, one sail at a time.`),
        'Later the zephyr faded, and the harbour pilot went home.',
      ]
        .map((text, i) => `${i + 1}\n00:00:${String(2 * i).padStart(2, '0')},000 --> 00:00:${String(2 * i + 2).padStart(2, '0')},000\n${text}\n`)
        .join('\n'),
    );
    return folder;
  };
  const hits = (i: SearchIndex, q: string) => i.search(q, { limit: 5 }).hits.map((h) => [h.text, h.charStart, h.charEnd, h.start]);
  const mentions = (i: SearchIndex, q: string) => i.mentions(q, { apart: true }).hits.map((h) => [h.text, h.charStart, h.charEnd, h.start]);

  it('restores from the file, the buffer and the reload transfer the token places, hits and mentions of the built index', async () => {
    const built = buildIndex(await loadCorpus(wideFolder()));
    const places = indexDataOf(built)!.data.tokens;
    // The fixture does need wide values: one long token and one long gap.
    const wideValues = [...places.tokWide.values()];
    expect(wideValues.some((v) => v >= 320)).toBe(true);
    expect(wideValues.some((v) => v >= 400)).toBe(true);
    const file = join(work, 'wide.bin');
    writeFileSync(file, Buffer.concat(encodeSnapshot(built, 'k')));
    const sent = toTransfer(built, 'k');
    const restores: Array<[string, SearchIndex]> = [
      ['file', await readSnapshotFile(file, 'k')],
      ['buffer', decodeSnapshot(readFileSync(file), 'k')],
      ['transfer', await fromTransfer(sent.snapshot, 'k', async () => {})],
    ];
    const queries = ['zephyr arrives', 'pilot went home', 'keeper counted 17 ships'];
    const expected = { hits: queries.map((q) => hits(built, q)), mentions: mentions(built, 'zephyr') };
    // Quotes placed after the long token and gap: their offsets need the wide values.
    const [text, charStart] = expected.hits[2]![0]!;
    expect(text).toMatch(/counted 17 ships/);
    expect(charStart).toBeGreaterThan(818);
    expect(expected.mentions.map(([, from]) => from)).toEqual([0, 2011]);
    for (const [path, restored] of restores) {
      const tokens = indexDataOf(restored)!.data.tokens;
      expect({ path, of: tokens.of(0) }).toEqual({ path, of: places.of(0) });
      expect({ path, hits: queries.map((q) => hits(restored, q)), mentions: mentions(restored, 'zephyr') }).toEqual({ path, ...expected });
    }
  });
});
