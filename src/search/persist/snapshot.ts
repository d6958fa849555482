/**
 * Index snapshots: a built {@link SearchIndex}'s {@link IndexData}, the {@link SearchParams} it was built with
 * and its corpus, written to one binary file and read back without parsing a caption file or rebuilding.
 *
 * What is saved is declared, not discovered: the file holds `{ version, corpus, params, data }`, where
 * `data` has exactly the fields listed in {@link INDEX_DATA_FIELDS} and `version` is
 * {@link INDEX_DATA_VERSION} (as MiniSearch's `toJSON`/`loadJSON` carry a `serializationVersion`). A
 * snapshot of another version, or whose data has other fields, is refused with {@link SnapshotError}, so
 * the cache rebuilds it instead of misreading it. Typed arrays go to a binary section (read back as
 * zero-copy views); strings/numbers/arrays/Maps/Sets/plain objects to a JSON skeleton; the few search
 * classes inside the data ({@link SNAPSHOT_CLASSES}: BM25 postings, vocabulary, multi-word terms, term and
 * block vectors) are restored on their prototypes; shared references stay shared. Anything else (a
 * function, an unknown class) makes {@link encodeSnapshot} throw: the caller then serves the freshly built
 * index without caching it, never a half-captured one.
 *
 * Transcripts are stored column-wise: their stored texts in one text section (UTF-8, decoded per transcript
 * on first access), cue times/speakers in typed arrays; a restored transcript's `cues` array is materialised on first access (cue texts are slices of
 * the stored text, which is exactly how the stored text is defined), so a restart over 1,000 hours does
 * not create a million cue objects before the first answer.
 *
 * File layout: a 64-byte header (8-byte magic, format version, section lengths, then the CRC-32 of everything
 * after the header), the JSON skeleton, the text section, then the binary section (8-byte aligned).
 *
 * @example
 * const bytes = encodeSnapshot(index, 'key-abc');          // Buffer[] to write in order
 * const restored = decodeSnapshot(readFileSync(path), 'key-abc'); // throws SnapshotError when invalid
 */
import { crc32 } from 'node:zlib';
import { open, type FileHandle } from 'node:fs/promises';
import { storedText, type StoredText } from '../../corpus/text.ts';
import type { Corpus, Cue, Transcript } from '../../corpus/types.ts';
import { Bm25Index } from '../index/bm25.ts';
import { INDEX_DATA_FIELDS, INDEX_DATA_VERSION, type IndexData } from '../index/index-data.ts';
import { indexDataOf, indexFromData } from '../index.ts';
import type { SearchParams } from '../params.ts';
import { BlockSemantics } from '../index/semantic.ts';
import { TermBounds } from '../index/bounds.ts';
import { MultiWordTerms } from '../text/terms.ts';
import type { SearchIndex } from '../types.ts';
import { TermVectors } from '../index/vectors.ts';
import { Vocabulary } from '../text/vocabulary.ts';

/** Why a snapshot cannot be written or trusted (one line, says what is wrong). */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

const MAGIC = 'QBINDEX\u0001';
/** Bumped whenever the file layout or the encoding rules change (the saved data has its own {@link INDEX_DATA_VERSION}). */
export const SNAPSHOT_FORMAT = 3;
const HEADER_BYTES = 64;

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array
  | BigInt64Array | BigUint64Array;
const TYPED: Record<string, { new (buffer: ArrayBuffer, offset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number }> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

/** The search classes a snapshot restores on their own prototype (by name), and nothing else. */
export const SNAPSHOT_CLASSES: ReadonlyMap<string, object> = new Map<string, object>([
  ['Bm25Index', Bm25Index.prototype],
  ['Vocabulary', Vocabulary.prototype],
  ['MultiWordTerms', MultiWordTerms.prototype],
  ['BlockSemantics', BlockSemantics.prototype],
  ['TermBounds', TermBounds.prototype],
  ['TermVectors', TermVectors.prototype],
]);

/** The root of a snapshot's skeleton: the declared, versioned save of an index. */
export interface SavedIndex {
  version: number;
  corpus: Node;
  params: Node;
  data: Record<string, Node>;
}

/** A skeleton node: JSON primitives stand for themselves; everything else is tagged. */
export type Node = string | number | boolean | null | { t: string; [k: string]: unknown };

export interface Skeleton {
  key: string;
  created: string;
  root: SavedIndex;
  /** Binary blobs: [type, byte offset in the binary section, element count]. */
  blobs: Array<[string, number, number]>;
  /** Per transcript: byte length of its stored text in the text section. */
  textBytes: number[];
  /** Per transcript: number of cues (the cue columns are blobs referenced here). */
  cueCounts: number[];
  cueColumns: { start: number; end: number; textLen: number; speaker: number; cueStarts: number };
  speakers: string[];
}

// ------------------------------------------------------------------ encode

/** Typed arrays bound for the binary section, each at an 8-byte aligned offset. */
export class BlobWriter {
  /** [type, byte offset in the binary section, element count] per blob. */
  readonly blobs: Array<[string, number, number]> = [];
  readonly arrays: TypedArray[] = [];
  bytes = 0;

  /** Adds an array; returns its blob number. */
  add(a: TypedArray): number {
    const type = a.constructor.name;
    if (!TYPED[type]) throw new SnapshotError(`cannot snapshot a ${type}`);
    this.bytes = align8(this.bytes);
    this.blobs.push([type, this.bytes, a.length]);
    this.arrays.push(a);
    this.bytes += a.byteLength;
    return this.blobs.length - 1;
  }

  /** The binary section as views of the arrays themselves (no copy of a few hundred MB) plus padding. */
  parts(): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    this.arrays.forEach((a, k) => {
      const offset = this.blobs[k]![1];
      if (offset > at) out.push(Buffer.alloc(offset - at));
      out.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      at = offset + a.byteLength;
    });
    const length = align8(this.bytes);
    if (length > at) out.push(Buffer.alloc(length - at));
    return out;
  }
}

/** The transcripts' stored texts and cue columns, as written (see {@link Skeleton}). */
interface TranscriptColumns {
  texts: Buffer[];
  textBytes: number[];
  cueCounts: number[];
  cueColumns: Skeleton['cueColumns'];
  speakers: string[];
}

/** Writes the transcripts column-wise: stored texts for the text section, cue times and speakers as blobs. */
function encodeTranscripts(transcripts: readonly Transcript[], writer: BlobWriter): TranscriptColumns {
  const texts: Buffer[] = [];
  const textBytes: number[] = [];
  const cueCounts: number[] = [];
  let totalCues = 0;
  for (const t of transcripts) totalCues += t.cues.length;
  const cStart = new Float64Array(totalCues);
  const cEnd = new Float64Array(totalCues);
  const cTextLen = new Int32Array(totalCues);
  const cSpeaker = new Int32Array(totalCues);
  const cStarts = new Int32Array(totalCues);
  const speakers = new Map<string, number>();
  let c = 0;
  for (const t of transcripts) {
    const stored = storedText(t);
    const bytes = Buffer.from(stored.text, 'utf8');
    texts.push(bytes);
    textBytes.push(bytes.length);
    cueCounts.push(t.cues.length);
    t.cues.forEach((cue: Cue, i) => {
      for (const k of Object.keys(cue)) if (k !== 'start' && k !== 'end' && k !== 'text' && k !== 'speaker') throw new SnapshotError(`cannot snapshot cue field "${k}"`);
      cStart[c] = cue.start;
      cEnd[c] = cue.end;
      cTextLen[c] = cue.text.length;
      cStarts[c] = stored.cueStarts[i]!;
      let sp = -1;
      if (cue.speaker !== undefined) {
        sp = speakers.get(cue.speaker) ?? speakers.size;
        speakers.set(cue.speaker, sp);
      }
      cSpeaker[c] = sp;
      c++;
    });
  }
  const cueColumns = { start: writer.add(cStart), end: writer.add(cEnd), textLen: writer.add(cTextLen), speaker: writer.add(cSpeaker), cueStarts: writer.add(cStarts) };
  return { texts, textBytes, cueCounts, cueColumns, speakers: [...speakers.keys()] };
}

/**
 * The skeleton encoder: JSON primitives as themselves, everything else tagged; an object met twice is a
 * reference to its first encoding (`ids`: object -> id, some reserved by the caller).
 */
function valueEncoder(ids: Map<object, number>, firstId: number, writer: BlobWriter): (v: unknown, path: string) => Node {
  const registry = new Map([...SNAPSHOT_CLASSES].map(([name, proto]) => [proto, name]));
  let nextId = firstId;
  const encode = (v: unknown, path: string): Node => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { t: 'n', v: String(v) };
    if (v === undefined) return { t: 'u' };
    if (typeof v !== 'object') throw new SnapshotError(`cannot snapshot a ${typeof v} at ${path}`);
    const seen = ids.get(v);
    if (seen !== undefined) return { t: 'r', i: seen };
    const id = nextId++;
    ids.set(v, id);
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView) throw new SnapshotError(`cannot snapshot a DataView at ${path}`);
      return { t: 'b', i: id, b: writer.add(v as TypedArray) };
    }
    if (Array.isArray(v)) return { t: 'a', i: id, v: v.map((x, k) => encode(x, `${path}[${k}]`)) };
    if (v instanceof Map) return { t: 'm', i: id, v: [...v].map(([k, x]) => [encode(k, `${path}.key`), encode(x, `${path}.${String(k)}`)]) };
    if (v instanceof Set) return { t: 's', i: id, v: [...v].map((x) => encode(x, `${path}.item`)) };
    const proto = Object.getPrototypeOf(v) as object | null;
    const fields = (): Record<string, Node> => {
      const out: Record<string, Node> = {};
      for (const k of Object.keys(v)) out[k] = encode((v as Record<string, unknown>)[k], `${path}.${k}`);
      return out;
    };
    if (proto === Object.prototype || proto === null) return { t: 'o', i: id, v: fields() };
    const name = proto ? registry.get(proto) : undefined;
    if (!name) throw new SnapshotError(`cannot snapshot an instance of ${(v as object).constructor?.name ?? 'an unknown class'} at ${path}`);
    return { t: 'c', i: id, c: name, v: fields() };
  };
  return encode;
}

/** A snapshot before it is laid out: the skeleton (transcripts' nodes included), the stored texts, the blobs. */
export interface EncodedParts {
  skeleton: Skeleton & { transcripts: Node[] };
  texts: Buffer[];
  writer: BlobWriter;
}

/** Encodes an index made by {@link buildIndex} into its parts. Throws {@link SnapshotError} as {@link encodeSnapshot}. */
export function encodeParts(index: SearchIndex, key: string): EncodedParts {
  const saved = indexDataOf(index);
  if (!saved) throw new SnapshotError('cannot snapshot this kind of index (only one made by buildIndex)');
  const writer = new BlobWriter();
  const transcripts = index.corpus.transcripts;
  const columns = encodeTranscripts(transcripts, writer);
  // Reserved ids: transcript k is 2k, its StoredText 2k + 1; transcript fields other than cues are encoded generically.
  const ids = new Map<object, number>();
  transcripts.forEach((t, k) => {
    ids.set(t, 2 * k);
    ids.set(storedText(t), 2 * k + 1);
  });
  const encode = valueEncoder(ids, 2 * transcripts.length, writer);
  const transcriptNodes = transcripts.map((t, k) => {
    const { cues: _cues, ...rest } = t;
    const fields: Record<string, Node> = {};
    for (const [f, x] of Object.entries(rest)) fields[f] = encode(x, `transcripts[${k}].${f}`);
    return { t: 'o', v: fields } as Node;
  });
  const root: SavedIndex = {
    version: INDEX_DATA_VERSION,
    corpus: encode(index.corpus, 'corpus'),
    params: encode(saved.params, 'params'),
    data: encodeData(saved.data, encode),
  };
  const { texts, ...skeletonColumns } = columns;
  const skeleton = { key, created: new Date().toISOString(), root, blobs: writer.blobs, ...skeletonColumns, transcripts: transcriptNodes };
  return { skeleton, texts, writer };
}

/**
 * Encodes an index made by {@link buildIndex} (its declared data, parameters and corpus). Returns the file's
 * parts in order (header first). Throws {@link SnapshotError} when the index holds something it cannot capture.
 */
export function encodeSnapshot(index: SearchIndex, key: string): Buffer[] {
  const { skeleton, texts, writer } = encodeParts(index, key);
  return assembleFile(Buffer.from(JSON.stringify(skeleton), 'utf8'), Buffer.concat(texts), writer);
}

/** The file's parts: header (with the checksum), JSON skeleton, text section, padding, binary section. */
function assembleFile(json: Buffer, textSection: Buffer, writer: BlobWriter): Buffer[] {
  const binary = writer.parts();
  const binaryLength = align8(writer.bytes);
  // Padding so the binary section starts 8-byte aligned in the file.
  const before = HEADER_BYTES + json.length + textSection.length;
  const pad = Buffer.alloc(align8(before) - before);
  const crc = checksum([json, textSection, pad, ...binary]);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(SNAPSHOT_FORMAT, 8);
  header.writeUInt32LE(json.length, 12);
  header.writeDoubleLE(textSection.length, 16);
  header.writeDoubleLE(pad.length, 24);
  header.writeDoubleLE(binaryLength, 32);
  header.writeUInt32LE(crc, 40); // bytes 44..64 are zero
  return [header, json, textSection, pad, ...binary];
}

// ------------------------------------------------------------------ decode

/** Section lengths from a snapshot header; throws when it is not one, or when `fileSize` disagrees. */
function readHeader(header: Buffer, fileSize: number): { jsonLen: number; textLen: number; padLen: number; binLen: number; crc: number } {
  if (header.length < HEADER_BYTES || header.toString('latin1', 0, 8) !== MAGIC) throw new SnapshotError('not an index snapshot (bad header)');
  const format = header.readUInt32LE(8);
  if (format !== SNAPSHOT_FORMAT) throw new SnapshotError(`snapshot format ${format}, expected ${SNAPSHOT_FORMAT}`);
  const h = { jsonLen: header.readUInt32LE(12), textLen: header.readDoubleLE(16), padLen: header.readDoubleLE(24), binLen: header.readDoubleLE(32), crc: header.readUInt32LE(40) };
  const expected = HEADER_BYTES + h.jsonLen + h.textLen + h.padLen + h.binLen;
  if (fileSize !== expected) throw new SnapshotError(`snapshot is ${fileSize} bytes, its header says ${expected} (truncated or damaged)`);
  return h;
}

/** A copy of `bytes` at offset 0 of its own ArrayBuffer (typed-array views need 8-byte alignment). */
function aligned(bytes: Buffer): Buffer {
  if (bytes.byteOffset % 8 === 0) return bytes;
  const copy = Buffer.from(new ArrayBuffer(bytes.length));
  bytes.copy(copy);
  return copy;
}

/**
 * Restores an index from a snapshot file's bytes. Throws {@link SnapshotError} when the file is not a
 * snapshot, has another format version or key, is truncated or longer than its header says, or fails
 * its checksum.
 */
export function decodeSnapshot(file: Buffer, expectedKey: string): SearchIndex {
  const h = readHeader(file, file.length);
  const binStart = HEADER_BYTES + h.jsonLen + h.textLen + h.padLen;
  const body = file.subarray(HEADER_BYTES, binStart);
  const binary = file.subarray(binStart);
  if (checksum([body, binary]) !== h.crc) throw new SnapshotError('snapshot checksum mismatch (damaged file)');
  return decodeSections(h.jsonLen, body, aligned(binary), expectedKey);
}

/**
 * Reads and restores a snapshot file (see {@link decodeSnapshot}). The binary section is read into its
 * own buffer, which the restored typed arrays view; the JSON and text sections are read into another one,
 * which the stored texts decode from on first access (each transcript's string made when it is first quoted).
 */
export async function readSnapshotFile(path: string, expectedKey: string): Promise<SearchIndex> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const header = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await readFully(handle, header, 0);
    const h = readHeader(header, size);
    const body = Buffer.allocUnsafe(h.jsonLen + h.textLen + h.padLen);
    await readFully(handle, body, HEADER_BYTES);
    const binary = Buffer.from(new ArrayBuffer(h.binLen));
    await readFully(handle, binary, HEADER_BYTES + body.length);
    if (checksum([body, binary]) !== h.crc) throw new SnapshotError('snapshot checksum mismatch (damaged file)');
    return decodeSections(h.jsonLen, body, binary, expectedKey);
  } finally {
    await handle.close();
  }
}

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new SnapshotError('snapshot ends early (truncated)');
    done += bytesRead;
  }
}

/** Decodes the JSON + text sections (`body`) and the 8-byte aligned binary section. */
function decodeSections(jsonLen: number, body: Buffer, binary: Buffer, expectedKey: string): SearchIndex {
  const skeleton = parseSkeleton(body.toString('utf8', 0, jsonLen), expectedKey);
  const restorer = createRestorer(skeleton, binary, (from, to) => body.toString('utf8', jsonLen + from, jsonLen + to));
  skeleton.transcripts.forEach((node, k) => restorer.transcript(k, node));
  for (const step of restorer.steps) step();
  return restorer.result();
}

/** Parses and checks a skeleton (see {@link checkSkeleton}). */
function parseSkeleton(json: string, expectedKey: string): Skeleton & { transcripts: Node[] } {
  let skeleton: Skeleton & { transcripts: Node[] };
  try {
    skeleton = JSON.parse(json) as typeof skeleton;
  } catch {
    throw new SnapshotError('snapshot skeleton is not valid JSON');
  }
  checkSkeleton(skeleton, expectedKey);
  return skeleton;
}

/** Throws {@link SnapshotError} unless the skeleton has the expected key, data version and declared fields. */
export function checkSkeleton(skeleton: Skeleton, expectedKey: string): void {
  if (skeleton.key !== expectedKey) throw new SnapshotError('snapshot was built from other files or another indexer version');
  const root = skeleton.root;
  if (!root || typeof root !== 'object' || root.version !== INDEX_DATA_VERSION) {
    throw new SnapshotError(`snapshot holds index data version ${String(root?.version)}, expected ${INDEX_DATA_VERSION}`);
  }
  checkFields(Object.keys(root.data ?? {}));
}

/**
 * Restores an index in small steps: `transcript(k, node)` for every transcript in order, then each of
 * `steps` (the corpus, the parameters, then one per declared data field), then `result()`. The steps are
 * what lets {@link fromTransfer} yield to the event loop between them.
 */
export interface Restorer {
  transcript(k: number, node: Node): void;
  readonly steps: Array<() => void>;
  result(): SearchIndex;
}

/**
 * For a restore: the stored text this thread already holds for a transcript (by its file, say) whose
 * content is known to be unchanged, or undefined. A string of the stored text's length (known from the cue
 * columns, so nothing is decoded or measured to check it) is used instead of decoding the transferred
 * bytes, so an unchanged corpus's texts are not allocated a second time.
 */
export type ReuseText = (transcript: Transcript) => string | undefined;

/** A {@link Restorer} over a skeleton, its 8-byte aligned binary section and its text section (`text(from, to)`, bytes). */
export function createRestorer(skeleton: Skeleton, binary: Uint8Array, text: (from: number, to: number) => string, reuse?: ReuseText): Restorer {
  const blob = (k: number): TypedArray => {
    const [type, offset, length] = skeleton.blobs[k]!;
    const Ctor = TYPED[type];
    if (!Ctor) throw new SnapshotError(`unknown array type ${type}`);
    if (offset + length * Ctor.BYTES_PER_ELEMENT > binary.length) throw new SnapshotError('snapshot array out of bounds');
    return new Ctor(binary.buffer as ArrayBuffer, binary.byteOffset + offset, length);
  };
  const objects = new Map<number, unknown>();
  const decode = valueDecoder(objects, blob);
  const transcript = transcriptRestorer(skeleton, blob, decode, objects, text, reuse);
  const root = skeleton.root;
  let corpus: Corpus | undefined;
  let params: SearchParams | undefined;
  const data: Record<string, unknown> = {};
  const steps = [() => void (corpus = decode(root.corpus) as Corpus), () => void (params = decode(root.params) as SearchParams)];
  for (const [k, node] of Object.entries(root.data)) steps.push(() => void (data[k] = decode(node)));
  return { transcript, steps, result: () => indexFromData(corpus!, data as unknown as IndexData, params!) };
}

/** The skeleton decoder (inverse of {@link valueEncoder}); decoded objects are recorded in `objects` by id. */
function valueDecoder(objects: Map<number, unknown>, blob: (k: number) => TypedArray): (n: Node) => unknown {
  const decode = (n: Node): unknown => {
    if (n === null || typeof n !== 'object') return n;
    const fill = <T>(out: T, add: (out: T) => void): T => {
      objects.set(n.i as number, out);
      add(out);
      return out;
    };
    switch (n.t) {
      case 'n':
        return Number(n.v);
      case 'u':
        return undefined;
      case 'r':
        if (!objects.has(n.i as number)) throw new SnapshotError('snapshot has a dangling reference');
        return objects.get(n.i as number);
      case 'b':
        return fill(blob(n.b as number), () => {});
      case 'a':
        return fill([] as unknown[], (out) => (n.v as Node[]).forEach((x) => out.push(decode(x))));
      case 'm':
        return fill(new Map(), (out) => (n.v as Array<[Node, Node]>).forEach(([k, x]) => out.set(decode(k), decode(x))));
      case 's':
        return fill(new Set(), (out) => (n.v as Node[]).forEach((x) => out.add(decode(x))));
      case 'o':
      case 'c': {
        let out: Record<string, unknown>;
        if (n.t === 'o') out = {};
        else {
          const proto = SNAPSHOT_CLASSES.get(n.c as string);
          if (!proto) throw new SnapshotError(`unknown class ${String(n.c)} in snapshot`);
          out = Object.create(proto) as Record<string, unknown>;
        }
        if (n.i !== undefined) objects.set(n.i as number, out);
        for (const [k, x] of Object.entries(n.v as Record<string, Node>)) out[k] = decode(x);
        return out;
      }
      default:
        throw new SnapshotError(`unknown node "${String(n.t)}" in snapshot`);
    }
  };
  return decode;
}

/**
 * Restores transcript k (id 2k) with lazily materialised cues, and its stored text (id 2k + 1), from the
 * text section (bytes, read through `text`) and the cue columns. Transcripts must come in order.
 */
function transcriptRestorer(
  skeleton: Skeleton,
  blob: (k: number) => TypedArray,
  decode: (n: Node) => unknown,
  objects: Map<number, unknown>,
  text: (from: number, to: number) => string,
  reuse?: ReuseText,
): (k: number, node: Node) => void {
  const cols = skeleton.cueColumns;
  const columns = {
    start: blob(cols.start) as Float64Array,
    end: blob(cols.end) as Float64Array,
    textLen: blob(cols.textLen) as Int32Array,
    speaker: blob(cols.speaker) as Int32Array,
  };
  const cStarts = blob(cols.cueStarts) as Int32Array;
  let textAt = 0;
  let cueAt = 0;
  return (k, node) => {
    const t = decode(node) as Transcript;
    const bytes = skeleton.textBytes[k]!;
    const first = cueAt;
    const count = skeleton.cueCounts[k]!;
    cueAt += count;
    const cueStarts = cStarts.subarray(first, first + count);
    const known = reuse?.(t);
    const from = textAt;
    // The stored text's length in characters: where its last cue starts plus that cue's length.
    const chars = count > 0 ? cueStarts[count - 1]! + columns.textLen[first + count - 1]! : 0;
    const stored: StoredText = known !== undefined && known.length === chars ? { text: known, cueStarts } : lazyStoredText(() => text(from, from + bytes), cueStarts);
    textAt += bytes;
    lazyCues(t, stored, first, count, columns, skeleton.speakers);
    objects.set(2 * k, t);
    objects.set(2 * k + 1, stored);
  };
}

/** Stored texts restored lazily ({@link lazyStoredText}) whose string is not decoded yet. */
const undecoded = new WeakSet<StoredText>();

/**
 * A stored text whose string is decoded from the text section's UTF-8 bytes (`read`) on first access: a
 * restart makes strings only for the transcripts it quotes (the bytes stay in the section's buffer, once).
 */
function lazyStoredText(read: () => string, cueStarts: Int32Array): StoredText {
  let text: string | undefined;
  const stored: StoredText = {
    get text(): string {
      if (text === undefined) {
        text = read();
        undecoded.delete(stored);
      }
      return text;
    },
    cueStarts,
  };
  undecoded.add(stored);
  return stored;
}

/**
 * The string of a stored text if it is in memory already, without decoding a lazily restored one
 * (undefined then).
 * @example decodedText(indexDataOf(index)!.data.stored[0]!) // string, or undefined before its first use
 */
export function decodedText(stored: StoredText): string | undefined {
  return undecoded.has(stored) ? undefined : stored.text;
}

/** Defines `t.cues` as made on first access from the cue columns (rows `first .. first + count`) and its stored text. */
function lazyCues(
  t: Transcript,
  stored: StoredText,
  first: number,
  count: number,
  columns: { start: Float64Array; end: Float64Array; textLen: Int32Array; speaker: Int32Array },
  speakers: string[],
): void {
  let cues: Cue[] | undefined;
  Object.defineProperty(t, 'cues', {
    enumerable: true,
    configurable: true,
    get(): Cue[] {
      if (!cues) {
        const { text, cueStarts } = stored;
        cues = new Array<Cue>(count);
        for (let i = 0; i < count; i++) {
          const g = first + i;
          const at = cueStarts[i]!;
          const cue: Cue = { start: columns.start[g]!, end: columns.end[g]!, text: text.slice(at, at + columns.textLen[g]!) };
          if (columns.speaker[g]! >= 0) cue.speaker = speakers[columns.speaker[g]!]!;
          cues[i] = cue;
        }
      }
      return cues;
    },
    set(value: Cue[]) {
      cues = value;
    },
  });
}

/** The declared fields of `data` ({@link INDEX_DATA_FIELDS}), each encoded; throws on a missing or undeclared field. */
function encodeData(data: IndexData, encode: (v: unknown, path: string) => Node): Record<string, Node> {
  checkFields(Object.keys(data));
  const out: Record<string, Node> = {};
  for (const k of Object.keys(INDEX_DATA_FIELDS) as Array<keyof IndexData>) out[k] = encode(data[k], `data.${k}`);
  return out;
}

/** Throws unless `keys` are exactly the fields of {@link INDEX_DATA_FIELDS}. */
export function checkFields(keys: string[]): void {
  const declared = Object.keys(INDEX_DATA_FIELDS);
  const extra = keys.filter((k) => !(k in INDEX_DATA_FIELDS));
  if (extra.length) throw new SnapshotError(`index data has undeclared field(s) ${extra.join(', ')} (declare them in INDEX_DATA_FIELDS and bump INDEX_DATA_VERSION)`);
  const missing = declared.filter((k) => !keys.includes(k));
  if (missing.length) throw new SnapshotError(`index data lacks field(s) ${missing.join(', ')}`);
}

/**
 * CRC-32 of the parts in order: catches a damaged or half-written file (the cache is local, not a trust
 * boundary), several times faster than a cryptographic hash (docs/benchmarks.md).
 */
export function checksum(parts: readonly Uint8Array[]): number {
  let crc = 0;
  // Empty parts are skipped: zlib's crc32 returns 0 (not the running value) for an empty buffer with no backing store.
  for (const part of parts) if (part.length > 0) crc = crc32(part, crc);
  return crc;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
