/**
 * An index crossing threads in transfer form (`toTransfer` / `fromTransfer`): its bytes move as
 * ArrayBuffers (the sender's copies are detached, nothing big is cloned), the receiver's typed arrays are
 * views over the transferred buffer, the restore yields between small steps, and the result answers
 * exactly like the original.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { buildIndex, indexDataOf } from '../../../src/search/index.ts';
import { INDEX_DATA_FIELDS } from '../../../src/search/index/index-data.ts';
import { fromTransfer, SnapshotError, toTransfer, type SnapshotTransfer } from '../../../src/search/persist/snapshot.ts';
import { BUNDLED_DIR } from '../../fuzz/hostile.ts';

const QUERIES = ['gpus', 'how did the gpus help', 'toronto lab', 'scaling', 'neural networks', 'xyzzy'];

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

/** Sends `snapshot` through a real message port with `transfer`, as the reload worker does. */
function sendThroughPort(snapshot: SnapshotTransfer, transfer: ArrayBuffer[]): SnapshotTransfer {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(snapshot, transfer);
  const received = receiveMessageOnPort(port2)!.message as SnapshotTransfer;
  port1.close();
  return received;
}

describe('toTransfer / fromTransfer', () => {
  it('moves the index as transferred buffers and restores one that answers exactly like the original', async () => {
    const original = buildIndex(await loadCorpus(BUNDLED_DIR));
    const { snapshot, transfer } = toTransfer(original, 'k');
    expect(transfer).toEqual([snapshot.text, snapshot.binary]);
    const received = sendThroughPort(snapshot, transfer);
    // Moved, not copied: the sender's buffers are detached.
    expect(snapshot.binary.byteLength).toBe(0);
    expect(snapshot.text.byteLength).toBe(0);
    let pauses = 0;
    const restored = await fromTransfer(received, 'k', async () => void pauses++);
    // One pause per chunk of transcripts and per step (corpus, parameters, each declared data field).
    expect(pauses).toBeGreaterThanOrEqual(2 + Object.keys(INDEX_DATA_FIELDS).length);
    for (const q of QUERIES) {
      const a = original.search(q, { limit: 5 });
      const b = restored.search(q, { limit: 5 });
      expect(b.hits.map((h) => [h.text, h.start, h.score])).toEqual(a.hits.map((h) => [h.text, h.start, h.score]));
    }
    expect(restored.corpus.transcripts.map((t) => t.cues)).toEqual(original.corpus.transcripts.map((t) => t.cues));
  });

  it("restores every declared field's typed arrays as views over the transferred buffers", async () => {
    const original = buildIndex(await loadCorpus(BUNDLED_DIR));
    const { snapshot, transfer } = toTransfer(original, 'k');
    const received = sendThroughPort(snapshot, transfer);
    const restored = await fromTransfer(received, 'k', async () => {});
    const data = indexDataOf(restored)!.data as unknown as Record<string, unknown>;
    const arrays = Object.keys(INDEX_DATA_FIELDS).flatMap((field) => typedArrays(data[field]).filter((a) => a.byteLength > 0));
    expect(arrays.length).toBeGreaterThan(10);
    // The index data's own arrays view the binary buffer; the stored texts' cue starts view the cue section (after the texts).
    expect(arrays.filter((a) => a.buffer !== received.binary && a.buffer !== received.text)).toEqual([]);
    expect(arrays.filter((a) => a.buffer === received.binary).length).toBeGreaterThan(10);
  });

  it('takes a stored text this thread already holds when its UTF-8 length matches, and decodes it otherwise', async () => {
    const original = buildIndex(await loadCorpus(BUNDLED_DIR));
    const text = indexDataOf(original)!.data.stored[0]!.text;
    const same = await fromTransfer(toTransfer(original, 'k').snapshot, 'k', async () => {}, () => text.toUpperCase());
    expect(indexDataOf(same)!.data.stored[0]!.text).toBe(text.toUpperCase());
    const decoded = await fromTransfer(toTransfer(original, 'k').snapshot, 'k', async () => {}, () => `${text}!`);
    expect(indexDataOf(decoded)!.data.stored[0]!.text).toBe(text);
  });

  it('refuses a transfer made with another key', async () => {
    const { snapshot } = toTransfer(buildIndex(await loadCorpus(BUNDLED_DIR)), 'k');
    await expect(fromTransfer(snapshot, 'other', async () => {})).rejects.toThrow(SnapshotError);
  });
});
