/**
 * An index crossing threads in transfer form (`toTransfer` / `fromTransfer`): all of it moves as
 * ArrayBuffers (the sender's copies are detached, only a small section table is cloned), the receiver's
 * typed arrays are views over the transferred buffer, the restore yields between small steps, the result
 * answers exactly like the original and like the same index restored from a snapshot file, and a short
 * or damaged transfer is refused with a SnapshotError, never restored into a partial or empty index.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import type { Corpus, Transcript } from '../../../src/corpus/types.ts';
import { buildIndex, indexDataOf } from '../../../src/search/index.ts';
import { INDEX_DATA_FIELDS } from '../../../src/search/index/index-data.ts';
import { plainData } from '../helpers.ts';
import { checksum, decodeSnapshot, decodedText, encodeSnapshot, SnapshotError } from '../../../src/search/persist/snapshot.ts';
import { fromTransfer, toTransfer, type SnapshotTransfer } from '../../../src/search/persist/transfer.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { BUNDLED_DIR } from '../../fuzz/hostile.ts';

const QUERIES = ['gpus', 'how did the gpus help', 'toronto lab', 'scaling', 'neural networks', 'xyzzy'];
const WORDS = ['zebra', 'walrus', 'pelican', 'otter', 'heron', 'badger', 'lynx', 'marten', 'ibis', 'stoat'];
const noPause = async (): Promise<void> => {};

/** The bundled transcript plus `extra` small made-up ones (more than one chunk of transcripts, with speakers). */
async function corpusOf(extra: number): Promise<Corpus> {
  const bundled = await loadCorpus(BUNDLED_DIR);
  const made: Transcript[] = Array.from({ length: extra }, (_, k) => ({
    meta: { id: `made${k}`, title: `Made ${k}: the ${WORDS[k % WORDS.length]} café` },
    file: `made/${k}.srt`,
    format: 'srt',
    approximate: false,
    warnings: [],
    cues: [
      { start: 0, end: 2, text: `The ${WORDS[k % WORDS.length]} met the ${WORDS[(k + 3) % WORDS.length]} near the lab.`, speaker: k % 2 ? 'Ada' : 'Bob' },
      { start: 2, end: 5, text: `Number ${k} said “résumé” twice, then scaling ${WORDS[(k + 5) % WORDS.length]}s.` },
    ],
  }));
  return { transcripts: [...bundled.transcripts, ...made], skipped: [] };
}

/** Sends `snapshot` through a real message port with `transfer`, as the reload worker does. */
function sendThroughPort(snapshot: SnapshotTransfer, transfer: ArrayBuffer[]): SnapshotTransfer {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(snapshot, transfer);
  const received = receiveMessageOnPort(port2)!.message as SnapshotTransfer;
  port1.close();
  return received;
}

/** Every typed array reachable from `value` (objects, arrays, Maps, Sets), each once. */
function typedArrays(value: unknown, out: ArrayBufferView[] = [], seen = new Set<unknown>()): ArrayBufferView[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) out.push(value);
  else if (value instanceof Map) for (const [k, v] of value) (typedArrays(k, out, seen), typedArrays(v, out, seen));
  else if (value instanceof Set || Array.isArray(value)) for (const v of value) typedArrays(v, out, seen);
  else for (const v of Object.values(value)) typedArrays(v, out, seen);
  return out;
}

/** The answers of `index` to a set of queries: hits (text, start, score, file) and totals. */
function answers(index: SearchIndex, queries: readonly string[]): unknown[] {
  return queries.map((q) => {
    const r = index.search(q, { limit: 5 });
    return [r.total, r.hits.map((h) => [h.text, h.start, h.score, h.transcript.file])];
  });
}

describe('toTransfer / fromTransfer', () => {
  it('sends the whole index as moved or shared buffers and restores one that answers exactly like the original', async () => {
    const original = buildIndex(await corpusOf(150));
    const { snapshot, transfer } = toTransfer(original, 'k');
    expect(transfer).toEqual([snapshot.json]);
    const received = sendThroughPort(snapshot, transfer);
    // The JSON is moved, not copied: the sender's buffer is detached. Text and arrays are shared memory.
    expect(snapshot.json.byteLength).toBe(0);
    expect([received.text, received.binary].map((b) => b instanceof SharedArrayBuffer)).toEqual([true, true]);
    let pauses = 0;
    const restored = await fromTransfer(received, 'k', async () => void pauses++);
    // One pause per JSON section, per chunk of transcripts (10 here) and per decode step.
    expect(pauses).toBeGreaterThanOrEqual(2 * Object.keys(INDEX_DATA_FIELDS).length + 10);
    const queries = [...QUERIES, ...WORDS, 'résumé', 'café', 'Ada', 'walrus lab'];
    expect(answers(restored, queries)).toEqual(answers(original, queries));
    expect(answers(restored, ['zebra']).flat(3).length).toBeGreaterThan(2);
    expect(restored.corpus.transcripts.map((t) => [t.file, t.meta, t.cues])).toEqual(original.corpus.transcripts.map((t) => [t.file, t.meta, t.cues]));
    expect(restored.verify('the gpus appeared in our lab').verdict).toBe(original.verify('the gpus appeared in our lab').verdict);
  });

  it('restores the same index data as the snapshot file does', async () => {
    const original = buildIndex(await corpusOf(70));
    const fromFile = decodeSnapshot(Buffer.concat(encodeSnapshot(original, 'k')), 'k');
    const sent = toTransfer(original, 'k');
    const transferred = await fromTransfer(sendThroughPort(sent.snapshot, sent.transfer), 'k', noPause);
    expect(plainData(indexDataOf(transferred)!.data)).toEqual(plainData(indexDataOf(fromFile)!.data));
    expect(indexDataOf(transferred)!.params).toEqual(indexDataOf(fromFile)!.params);
    expect(transferred.corpus).toEqual(fromFile.corpus);
  });

  it('shares the text and binary sections with the sender instead of copying them', async () => {
    const { snapshot, transfer } = toTransfer(buildIndex(await corpusOf(1)), 'k');
    const received = sendThroughPort(snapshot, transfer);
    new Uint8Array(snapshot.binary)[0] = 42;
    new Uint8Array(snapshot.text)[0] = 43;
    expect([new Uint8Array(received.binary)[0], new Uint8Array(received.text)[0]]).toEqual([42, 43]);
  });

  it("restores every declared field's typed arrays as views over the shared buffers", async () => {
    const original = buildIndex(await corpusOf(3));
    const { snapshot, transfer } = toTransfer(original, 'k');
    const received = sendThroughPort(snapshot, transfer);
    const restored = await fromTransfer(received, 'k', noPause);
    const data = indexDataOf(restored)!.data as unknown as Record<string, unknown>;
    const arrays = Object.keys(INDEX_DATA_FIELDS).flatMap((field) => typedArrays(data[field]).filter((a) => a.byteLength > 0));
    expect(arrays.length).toBeGreaterThan(10);
    // The index data's own arrays view the binary buffer; the stored texts' cue starts view the cue section (after the texts).
    expect(arrays.filter((a) => a.buffer !== received.binary && a.buffer !== received.text)).toEqual([]);
    expect(arrays.filter((a) => a.buffer === received.binary).length).toBeGreaterThan(10);
  });

  it('takes a stored text this thread already holds when its length matches, and decodes its own otherwise', async () => {
    const original = buildIndex(await loadCorpus(BUNDLED_DIR));
    const text = indexDataOf(original)!.data.stored[0]!.text;
    const same = await fromTransfer(toTransfer(original, 'k').snapshot, 'k', noPause, () => text.toUpperCase());
    expect(indexDataOf(same)!.data.stored[0]!.text).toBe(text.toUpperCase());
    const decoded = await fromTransfer(toTransfer(original, 'k').snapshot, 'k', noPause, () => `${text}!`);
    expect(indexDataOf(decoded)!.data.stored[0]!.text).toBe(text);
  });

  it('leaves the stored texts undecoded until they are used', async () => {
    const restored = await fromTransfer(toTransfer(buildIndex(await corpusOf(2)), 'k').snapshot, 'k', noPause);
    const stored = indexDataOf(restored)!.data.stored;
    expect(stored.map((s) => decodedText(s))).toEqual([undefined, undefined, undefined]);
    const first = stored[1]!.text;
    expect(stored.map((s) => decodedText(s))).toEqual([undefined, first, undefined]);
  });
});

describe('a damaged or foreign transfer', () => {
  /** A fresh transfer of a small index (not sent: its buffers stay usable). */
  const fresh = async (): Promise<SnapshotTransfer> => toTransfer(buildIndex(await corpusOf(70)), 'k').snapshot;
  const refused = (snapshot: SnapshotTransfer, key = 'k'): Promise<SearchIndex> => fromTransfer(snapshot, key, noPause);

  it('refuses a transfer made with another key, or in another format', async () => {
    await expect(refused(await fresh(), 'other')).rejects.toThrow(/other files or another indexer version/);
    await expect(refused({ ...(await fresh()), format: 1 })).rejects.toThrow(/format 1, expected/);
  });

  it('refuses a short JSON, text or binary buffer', async () => {
    const s = await fresh();
    await expect(refused({ ...s, json: s.json.slice(0, s.json.byteLength - 1) })).rejects.toThrow(/sections add up to/);
    await expect(refused({ ...s, text: s.text.slice(0, s.text.byteLength - 1) })).rejects.toThrow(/text and cues are \d+ bytes, its skeleton says/);
    await expect(refused({ ...s, binary: s.binary.slice(0, s.binary.byteLength - 8) })).rejects.toThrow(/out of bounds/);
    await expect(refused({ ...s, binary: new SharedArrayBuffer(0) })).rejects.toThrow(SnapshotError);
    await expect(refused({ ...s, text: new ArrayBuffer(s.text.byteLength) as unknown as SharedArrayBuffer })).rejects.toThrow(/missing buffers/);
  });

  it('refuses damaged JSON, a damaged section table and a missing or extra section', async () => {
    const s = await fresh();
    const json = new Uint8Array(s.json.slice(0));
    const middle = Math.floor(json.length / 2);
    json[middle] = json[middle]! ^ 0x20;
    await expect(refused({ ...s, json: json.buffer })).rejects.toThrow(/fails its checksum/);
    const table = s.sections.map(([n, b]): [string, number] => [n === 'params' ? 'corpus' : n, b]);
    await expect(refused({ ...s, sections: table })).rejects.toThrow(/lacks its params section/);
    const chunks = s.sections.filter(([n]) => n === 'transcripts');
    expect(chunks.length).toBe(5);
    const lastChunk = s.sections.length - 1;
    const short = s.sections.slice(0, lastChunk);
    const shortJson = s.json.slice(0, s.json.byteLength - s.sections[lastChunk]![1]);
    await expect(refused({ ...s, sections: short, json: shortJson, jsonCrc: checksum([new Uint8Array(shortJson)]) })).rejects.toThrow(/holds 64 transcripts, its skeleton 71/);
    await expect(refused({ ...s, sections: [...s.sections.slice(0, -1), ['extra', 0], s.sections[lastChunk]!] })).rejects.toThrow(/unexpected extra section/);
    await expect(refused({ ...s, sections: [['head', -1]] })).rejects.toThrow(/bad section table/);
  });
});
