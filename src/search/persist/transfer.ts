/**
 * An index crossing threads (the reload worker to the main thread) in snapshot form, as bytes only: no
 * part of it is copied by `postMessage`, and the receiving thread restores it in small steps that yield
 * to the event loop between them, so a reload of any size never holds the receiver's event loop for long.
 *
 * Three buffers cross: the skeleton as UTF-8 JSON cut into sections (a small head, the corpus, the
 * parameters, one section per declared data field, then the transcripts' nodes in chunks of
 * `ENGINE_DEFAULTS.transferTranscripts`), moved (transferred); the text section (stored texts, UTF-8, each decoded on
 * first use) followed by the cue section (each transcript's cue rows and token places, from the next multiple of 8), and the
 * binary section (the typed arrays, which the restored index views in place), in SharedArrayBuffers. Shared memory is not counted as the receiving thread's external memory by V8, so
 * hundreds of MB arriving at once do not set off a major garbage collection whose marking steps would run
 * on the receiver's event loop (a transferred ArrayBuffer of that size does). Only a list of section
 * names and byte lengths is cloned. A buffer that is short, too long or damaged is refused with a
 * {@link SnapshotError} naming what is wrong, never restored into a partial or empty index: the sizes of
 * all three are checked against the skeleton, and the JSON against its CRC-32 (the text and binary
 * sections carry no checksum: the bytes never leave memory, and checking 350 MB would cost the receiver
 * more than the whole restore).
 *
 * @example
 * // worker
 * const { snapshot, transfer } = toTransfer(buildIndex(corpus), key);
 * parentPort.postMessage({ snapshot }, transfer);
 * // main thread
 * const index = await fromTransfer(message.snapshot, key, () => new Promise((r) => setImmediate(r)));
 */
import { ENGINE_DEFAULTS } from '../params.ts';
import type { SearchIndex } from '../types.ts';
import { checkSkeleton, checksum, createRestorer, encodeParts, SnapshotError, type Node, type ReuseText, type SavedIndex, type Skeleton } from './snapshot.ts';
import { cueSectionBytes, memorySource } from './transcript-source.ts';

export type { ReuseText } from './snapshot.ts';

/** Bumped whenever the transfer's layout changes; a receiver refuses another. */
export const TRANSFER_FORMAT = 4;


/**
 * An index on its way to another thread. Post it with the buffers of {@link toTransfer}'s `transfer` list,
 * so they are moved, not copied.
 */
export interface SnapshotTransfer {
  /** {@link TRANSFER_FORMAT} of the sender. */
  format: number;
  /** The skeleton's JSON sections, UTF-8, one after the other. */
  json: ArrayBuffer;
  /** Each JSON section's name and byte length, in order (`head`, `corpus`, `params`, `data.<field>`..., `transcripts`...). */
  sections: Array<[string, number]>;
  /** CRC-32 of `json`. */
  jsonCrc: number;
  /** The text section (the stored texts, UTF-8, one after the other), then from the next multiple of 8 the cue section. */
  text: SharedArrayBuffer;
  /** The binary section: the typed arrays, each 8-byte aligned. */
  binary: SharedArrayBuffer;
}

/** The skeleton without its corpus, parameters, data and transcripts (the `head` section). */
type Head = Omit<Skeleton, 'root'> & { version: number; fields: string[] };

/**
 * The transfer form of an index made by `buildIndex`, ready for `postMessage(snapshot, transfer)`:
 * `transfer` lists the ArrayBuffer to move (the JSON), the text and binary sections are shared, so nothing
 * big is cloned. The buffers are fresh copies: the index itself stays usable on this thread. Throws {@link SnapshotError} when the
 * index holds something a snapshot cannot capture (see `encodeSnapshot`).
 * @example const { snapshot, transfer } = toTransfer(index, key); port.postMessage({ snapshot }, transfer);
 */
export function toTransfer(index: SearchIndex, key: string): { snapshot: SnapshotTransfer; transfer: ArrayBuffer[] } {
  const { skeleton, texts, cues, writer } = encodeParts(index, key);
  const { root, transcripts, ...rest } = skeleton;
  const fields = Object.keys(root.data);
  const head: Head = { ...rest, version: root.version, fields };
  const parts: Array<[string, string]> = [
    ['head', JSON.stringify(head)],
    ['corpus', JSON.stringify(root.corpus)],
    ['params', JSON.stringify(root.params)],
    ...fields.map((f): [string, string] => [`data.${f}`, JSON.stringify(root.data[f])]),
  ];
  const chunk = ENGINE_DEFAULTS.transferTranscripts;
  for (let k = 0; k < transcripts.length; k += chunk) parts.push(['transcripts', JSON.stringify(transcripts.slice(k, k + chunk))]);
  const sections = parts.map(([name, json]): [string, number] => [name, Buffer.byteLength(json, 'utf8')]);
  const json = Buffer.from(new ArrayBuffer(sections.reduce((n, [, bytes]) => n + bytes, 0)));
  let at = 0;
  for (const [, part] of parts) at += json.write(part, at, 'utf8');
  const textBytes = texts.reduce((n, t) => n + t.length, 0);
  const text = sharedBuffer([...texts, new Uint8Array(align8(textBytes) - textBytes), ...cues]);
  const binary = sharedBuffer(writer.parts());
  return { snapshot: { format: TRANSFER_FORMAT, json: json.buffer as ArrayBuffer, sections, jsonCrc: checksum([json]), text, binary }, transfer: [json.buffer as ArrayBuffer] };
}

/** `parts` copied, in order, into one SharedArrayBuffer. */
function sharedBuffer(parts: readonly Uint8Array[]): SharedArrayBuffer {
  const out = new Uint8Array(new SharedArrayBuffer(parts.reduce((n, p) => n + p.length, 0)));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out.buffer as SharedArrayBuffer;
}

/** Reads a transfer's JSON sections in order; every misfit is a {@link SnapshotError}. */
class SectionReader {
  private next = 0;
  private at = 0;
  private readonly bytes: Uint8Array;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly snapshot: SnapshotTransfer) {
    const { sections, json } = snapshot;
    if (!Array.isArray(sections) || !(json instanceof ArrayBuffer)) throw new SnapshotError('snapshot transfer is damaged (no JSON sections)');
    let total = 0;
    for (const s of sections) {
      if (!Array.isArray(s) || typeof s[0] !== 'string' || !Number.isInteger(s[1]) || s[1] < 0) throw new SnapshotError('snapshot transfer is damaged (bad section table)');
      total += s[1];
    }
    if (total !== json.byteLength) throw new SnapshotError(`snapshot transfer's JSON is ${json.byteLength} bytes, its sections add up to ${total} (short or damaged)`);
    this.bytes = new Uint8Array(json);
    if (checksum([this.bytes]) !== snapshot.jsonCrc) throw new SnapshotError("snapshot transfer's JSON fails its checksum (damaged)");
  }

  /** True when the next section is named `name`. */
  nextIs(name: string): boolean {
    return this.snapshot.sections[this.next]?.[0] === name;
  }

  /** Parses the next section, which must be named `name`. */
  read<T>(name: string): T {
    const section = this.snapshot.sections[this.next];
    if (section?.[0] !== name) throw new SnapshotError(`snapshot transfer lacks its ${name} section (found ${section ? section[0] : 'the end'})`);
    this.next++;
    const from = this.at;
    this.at += section[1];
    try {
      return JSON.parse(this.decoder.decode(this.bytes.subarray(from, this.at))) as T;
    } catch (error) {
      throw new SnapshotError(`snapshot transfer's ${name} section is not valid UTF-8 JSON (damaged: ${(error as Error).message})`);
    }
  }

  /** Throws unless every section was read. */
  end(): void {
    if (this.next !== this.snapshot.sections.length) throw new SnapshotError(`snapshot transfer has an unexpected ${this.snapshot.sections[this.next]![0]} section`);
  }
}

/** Parses the head, corpus, parameters and data sections, with `pause()` between two, into a checked skeleton. */
async function readSkeleton(reader: SectionReader, expectedKey: string, pause: () => Promise<void>): Promise<Skeleton> {
  const head = reader.read<Head>('head');
  if (!head || typeof head !== 'object' || !Array.isArray(head.fields)) throw new SnapshotError('snapshot transfer has a damaged head');
  const { version, fields, ...rest } = head;
  const root: SavedIndex = { version, corpus: null, params: null, data: {} };
  const skeleton: Skeleton = { ...rest, root };
  // Key, version and declared fields are checked before anything big is parsed.
  checkSkeleton({ ...skeleton, root: { ...root, data: Object.fromEntries(fields.map((f) => [f, null])) } }, expectedKey);
  await pause();
  root.corpus = reader.read<Node>('corpus');
  await pause();
  root.params = reader.read<Node>('params');
  for (const field of fields) {
    await pause();
    root.data[field] = reader.read<Node>(`data.${field}`);
  }
  return skeleton;
}

/** Throws unless the text and cue sections hold exactly what the skeleton says; returns the text section's length. */
function checkSizes(skeleton: Skeleton, snapshot: SnapshotTransfer): number {
  if (!(snapshot.text instanceof SharedArrayBuffer) || !(snapshot.binary instanceof SharedArrayBuffer)) throw new SnapshotError('snapshot transfer is damaged (missing buffers)');
  const textBytes = skeleton.textBytes.reduce((n, b) => n + b, 0);
  const cueBytes = cueSectionBytes(skeleton);
  const expected = align8(textBytes) + cueBytes;
  if (expected !== snapshot.text.byteLength) throw new SnapshotError(`snapshot transfer's text and cues are ${snapshot.text.byteLength} bytes, its skeleton says ${expected} (short or damaged)`);
  return textBytes;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * Restores an index sent by {@link toTransfer}. Its typed arrays are views over `snapshot.binary` (no copy),
 * its stored texts are decoded from `snapshot.text` on first use, and the rest is parsed and decoded in
 * small steps with `pause()` awaited between two (each JSON section, each chunk of transcripts, the corpus,
 * the parameters, each declared data field), so the event loop is never held for the whole index. `reuse`
 * may give stored texts already in memory for unchanged transcripts ({@link ReuseText}). Throws
 * {@link SnapshotError} on another key, format or data version, or a short or damaged transfer.
 * @example const index = await fromTransfer(reply.snapshot, key, () => new Promise((r) => setImmediate(r)));
 */
export async function fromTransfer(snapshot: SnapshotTransfer, expectedKey: string, pause: () => Promise<void>, reuse?: ReuseText): Promise<SearchIndex> {
  if (snapshot?.format !== TRANSFER_FORMAT) throw new SnapshotError(`snapshot transfer format ${String(snapshot?.format)}, expected ${TRANSFER_FORMAT}`);
  const reader = new SectionReader(snapshot);
  const skeleton = await readSkeleton(reader, expectedKey, pause);
  const textBytes = checkSizes(skeleton, snapshot);
  const sections = Buffer.from(snapshot.text);
  const source = memorySource(skeleton, sections.subarray(0, textBytes), sections.subarray(align8(textBytes)));
  const restorer = createRestorer(skeleton, new Uint8Array(snapshot.binary), source, reuse);
  let k = 0;
  while (reader.nextIs('transcripts')) {
    await pause();
    const nodes = reader.read<Node[]>('transcripts');
    if (!Array.isArray(nodes) || k + nodes.length > skeleton.cueCounts.length) throw new SnapshotError('snapshot transfer holds more transcripts than its skeleton');
    for (const node of nodes) restorer.transcript(k++, node);
  }
  reader.end();
  if (k !== skeleton.cueCounts.length) throw new SnapshotError(`snapshot transfer holds ${k} transcripts, its skeleton ${skeleton.cueCounts.length}`);
  for (const step of restorer.steps) {
    await pause();
    step();
  }
  await pause();
  return restorer.result();
}
