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
 * Transcripts are stored apart from the index data: their stored texts in the text section (UTF-8), their
 * cues' times, speakers and text offsets and their tokens' packed places (the index data's `tokens`) in
 * the cue section, one block per transcript (`transcript-source.ts`). A restored transcript's stored text
 * is decoded on first access and its `cues` array materialised on first access (cue texts are slices of
 * the stored text, which is exactly how the stored text is defined), so a restart over 1,000 hours does not create a million cue objects before the
 * first answer. {@link readSnapshotFile} leaves both sections in the file: each transcript's bytes are read
 * when it is first used (its token places when a quote is cut from it), and only the most recently used
 * transcripts' are kept.
 *
 * File layout: a 64-byte header (8-byte magic, format version, section lengths, the CRC-32 of each
 * section), the JSON skeleton, the text section, the cue section and the binary section (both 8-byte
 * aligned). The skeleton also holds each transcript's CRC-32s (text, cue rows, token places), checked as
 * they are read.
 *
 * @example
 * const bytes = encodeSnapshot(index, 'key-abc');          // Buffer[] to write in order
 * const restored = decodeSnapshot(readFileSync(path), 'key-abc'); // throws SnapshotError when invalid
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { factsOfCues, rememberCueFacts } from '../../corpus/cue-facts.ts';
import { readOnceWith, rememberStoredText, storedText, type StoredText } from '../../corpus/text.ts';
import type { Corpus, Cue, Transcript } from '../../corpus/types.ts';
import { Bm25Index } from '../index/bm25.ts';
import { INDEX_DATA_FIELDS, INDEX_DATA_VERSION, type IndexData } from '../index/index-data.ts';
import { TokenPlaces } from '../index/offsets.ts';
import { indexDataOf, indexFromData } from '../index.ts';
import { ENGINE_DEFAULTS, type SearchParams } from '../params.ts';
import { BlockSemantics } from '../index/semantic.ts';
import { drain, TermBounds } from '../index/bounds.ts';
import { MultiWordTerms } from '../text/terms.ts';
import type { SearchIndex } from '../types.ts';
import { TermVectors } from '../index/vectors.ts';
import { Vocabulary } from '../text/vocabulary.ts';
import { readFully } from './read-fully.ts';
import { blockBytes, cueRowsAt, cueRowsBytes, factsOfRows, fileSource, memorySource, tokenPlacesBytes, tokensAt, type FileSourceOptions, type TranscriptSource } from './transcript-source.ts';

/** Why a snapshot cannot be written or trusted (one line, says what is wrong). */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

const MAGIC = 'QBINDEX\u0001';
/** Bumped whenever the file layout or the encoding rules change (the saved data has its own {@link INDEX_DATA_VERSION}). */
export const SNAPSHOT_FORMAT = 5;
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

/**
 * Fields of the snapshot classes that are never saved: per-query scratch and tables built on first use. A
 * query that runs while the cache is written in steps changes them, so their saved bytes would no longer
 * match the checksum taken a step earlier (and the next start would throw the cache away); a restored
 * object builds them again when first needed.
 */
export const TRANSIENT_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Vocabulary', new Set(['grams', 'overlap'])],
  ['BlockSemantics', new Set(['scratch'])],
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
  /** Per transcript: number of cues and of tokens (its block in the cue section is {@link blockBytes} long). */
  cueCounts: number[];
  tokenCounts: number[];
  /** The token places' exact lengths and gaps of 255 or more (`PackedOffsets.tokWide`), as key, value, key, value... */
  tokWide: number[];
  /** Per transcript: CRC-32 of its stored text's bytes, of its cue rows and of its token places (the two parts of its block). */
  textCrc: number[];
  cueCrc: number[];
  tokenCrc: number[];
  /** Per transcript: length of its stored text in UTF-16 code units (the JS string length). */
  textChars: number[];
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

/** The transcripts' stored texts and blocks, as written (see {@link Skeleton}). */
interface TranscriptColumns {
  texts: Buffer[];
  cues: Buffer[];
  textBytes: number[];
  cueCounts: number[];
  tokenCounts: number[];
  tokWide: number[];
  textCrc: number[];
  cueCrc: number[];
  tokenCrc: number[];
  textChars: number[];
  speakers: string[];
}

/**
 * Writes the transcripts apart from the index data: stored texts for the text section, one block each (cue
 * rows, then the packed token places of `tokens`) for the cue section.
 */
function* encodeTranscripts(transcripts: readonly Transcript[], tokens: TokenPlaces): Generator<void, TranscriptColumns> {
  if (tokens.transcripts !== transcripts.length) throw new SnapshotError(`index has token places for ${tokens.transcripts} transcripts, its corpus ${transcripts.length}`);
  const out: TranscriptColumns = { texts: [], cues: [], textBytes: [], cueCounts: [], tokenCounts: [], tokWide: [...tokens.tokWide].flat(), textCrc: [], cueCrc: [], tokenCrc: [], textChars: [], speakers: [] };
  const speakers = new Map<string, number>();
  for (const [k, t] of transcripts.entries()) {
    const stored = storedText(t);
    const bytes = Buffer.from(stored.text, 'utf8');
    const n = t.cues.length;
    const packed = tokens.packed(k);
    const m = packed.tokLen.length;
    const block = Buffer.from(new ArrayBuffer(blockBytes(n, m)));
    const rows = cueRowsAt(block.buffer as ArrayBuffer, 0, n);
    const places = tokensAt(block.buffer as ArrayBuffer, cueRowsBytes(n), m);
    places.tokLen.set(packed.tokLen);
    places.tokGap.set(packed.tokGap);
    places.tokBreak.set(packed.tokBreak);
    t.cues.forEach((cue: Cue, i) => {
      for (const k of Object.keys(cue)) if (k !== 'start' && k !== 'end' && k !== 'text' && k !== 'speaker') throw new SnapshotError(`cannot snapshot cue field "${k}"`);
      rows.start[i] = cue.start;
      rows.end[i] = cue.end;
      rows.textLen[i] = cue.text.length;
      rows.cueStarts[i] = stored.cueStarts[i]!;
      let sp = -1;
      if (cue.speaker !== undefined) {
        sp = speakers.get(cue.speaker) ?? speakers.size;
        speakers.set(cue.speaker, sp);
      }
      rows.speaker[i] = sp;
    });
    out.texts.push(bytes);
    out.cues.push(block);
    out.textBytes.push(bytes.length);
    out.cueCounts.push(n);
    out.tokenCounts.push(m);
    out.textCrc.push(checksum([bytes]));
    out.cueCrc.push(checksum([block.subarray(0, cueRowsBytes(n))]));
    out.tokenCrc.push(checksum([block.subarray(cueRowsBytes(n), cueRowsBytes(n) + tokenPlacesBytes(m))]));
    out.textChars.push(stored.text.length);
    yield;
  }
  out.speakers = [...speakers.keys()];
  return out;
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
    const fields = (skip?: ReadonlySet<string>): Record<string, Node> => {
      const out: Record<string, Node> = {};
      for (const k of Object.keys(v)) if (!skip?.has(k)) out[k] = encode((v as Record<string, unknown>)[k], `${path}.${k}`);
      return out;
    };
    if (proto === Object.prototype || proto === null) return { t: 'o', i: id, v: fields() };
    const name = proto ? registry.get(proto) : undefined;
    if (!name) throw new SnapshotError(`cannot snapshot an instance of ${(v as object).constructor?.name ?? 'an unknown class'} at ${path}`);
    return { t: 'c', i: id, c: name, v: fields(TRANSIENT_FIELDS.get(name)) };
  };
  return encode;
}

/** A snapshot before it is laid out: the skeleton (transcripts' nodes included), the stored texts, the blobs. */
export interface EncodedParts {
  skeleton: Skeleton & { transcripts: Node[] };
  texts: Buffer[];
  cues: Buffer[];
  writer: BlobWriter;
}

/** Encodes an index made by {@link buildIndex} into its parts. Throws {@link SnapshotError} as {@link encodeSnapshot}. */
export function encodeParts(index: SearchIndex, key: string): EncodedParts {
  return drain(encodePartsSteps(index, key));
}

/** {@link encodeParts} in steps: yields after each transcript and each top-level value of the index data. */
function* encodePartsSteps(index: SearchIndex, key: string): Generator<void, EncodedParts> {
  const saved = indexDataOf(index);
  if (!saved) throw new SnapshotError('cannot snapshot this kind of index (only one made by buildIndex)');
  const writer = new BlobWriter();
  const transcripts = index.corpus.transcripts;
  const columns = yield* encodeTranscripts(transcripts, saved.data.tokens);
  // Reserved ids: transcript k is 2k, its StoredText 2k + 1, the token places 2n (saved in the transcripts'
  // blocks); transcript fields other than cues are encoded generically.
  const ids = new Map<object, number>();
  transcripts.forEach((t, k) => {
    ids.set(t, 2 * k);
    ids.set(storedText(t), 2 * k + 1);
  });
  ids.set(saved.data.tokens, 2 * transcripts.length);
  const encode = valueEncoder(ids, 2 * transcripts.length + 1, writer);
  const transcriptNodes: Node[] = [];
  for (let k = 0; k < transcripts.length; k++) {
    const { cues: _cues, ...rest } = transcripts[k]!;
    const fields: Record<string, Node> = {};
    for (const [f, x] of Object.entries(rest)) fields[f] = encode(x, `transcripts[${k}].${f}`);
    transcriptNodes.push({ t: 'o', v: fields });
    yield;
  }
  const corpus = encode(index.corpus, 'corpus');
  yield;
  const params = encode(saved.params, 'params');
  const root: SavedIndex = { version: INDEX_DATA_VERSION, corpus, params, data: yield* encodeData(saved.data, encode) };
  const { texts, cues, ...skeletonColumns } = columns;
  const skeleton = { key, created: new Date().toISOString(), root, blobs: writer.blobs, ...skeletonColumns, transcripts: transcriptNodes };
  return { skeleton, texts, cues, writer };
}

/**
 * Encodes an index made by {@link buildIndex} (its declared data, parameters and corpus). Returns the file's
 * parts in order (header first). Throws {@link SnapshotError} when the index holds something it cannot capture.
 */
export function encodeSnapshot(index: SearchIndex, key: string): Buffer[] {
  const { skeleton, texts, cues, writer } = encodeParts(index, key);
  return drain(assembleFile([Buffer.from(JSON.stringify(skeleton), 'utf8')], texts, cues, writer));
}

/**
 * {@link encodeSnapshot} in small steps, for a write in the background: the generator yields after each
 * transcript, each top-level value of the index data, each piece of the JSON skeleton and each
 * `ENGINE_DEFAULTS.checkBytes` of checksummed bytes, so its caller can give the event loop a turn between
 * steps. Returns the same bytes as {@link encodeSnapshot} (in other pieces). Throws as it does.
 * @example
 * const steps = encodeSnapshotSteps(index, key);
 * for (let next = steps.next(); !next.done; next = steps.next()) await setImmediate();
 */
export function* encodeSnapshotSteps(index: SearchIndex, key: string, options: StepOptions = {}): Generator<void, Buffer[]> {
  const stepBytes = options.stepBytes ?? ENGINE_DEFAULTS.checkBytes;
  const { skeleton, texts, cues, writer } = yield* encodePartsSteps(index, key);
  const json = yield* jsonPieces(skeleton, stepBytes);
  return yield* assembleFile(json, texts, cues, writer, stepBytes);
}

/** Options of {@link encodeSnapshotSteps}. */
export interface StepOptions {
  /**
   * Bytes per step of the JSON skeleton's encoding and of each section's checksum (smaller: shorter steps,
   * more of them). Default `ENGINE_DEFAULTS.checkBytes` (1 MiB). @example { stepBytes: 1 << 18 }
   */
  stepBytes?: number;
}

/**
 * `JSON.stringify(value)` as UTF-8 buffers of about `pieceChars` characters each, made in steps (a yield after each element of
 * an array or object down to `depth` levels, and after each buffer); the buffers joined are exactly
 * `Buffer.from(JSON.stringify(value))` for a value of JSON data (no `toJSON`, functions or symbols; the
 * skeleton is one).
 */
function* jsonPieces(value: unknown, pieceChars: number, depth = 4): Generator<void, Buffer[]> {
  const out: Buffer[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  const emit = (s: string): void => {
    pending.push(s);
    pendingChars += s.length;
    if (pendingChars >= pieceChars) flush();
  };
  const flush = (): void => {
    if (pendingChars) out.push(Buffer.from(pending.join(''), 'utf8'));
    pending = [];
    pendingChars = 0;
  };
  function* walk(v: unknown, level: number): Generator<void, void> {
    if (level >= depth || v === null || typeof v !== 'object') {
      emit(JSON.stringify(v) ?? 'null');
      return;
    }
    if (Array.isArray(v)) {
      emit('[');
      for (let k = 0; k < v.length; k++) {
        if (k) emit(',');
        const x = v[k];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') emit('null');
        else yield* walk(x, level + 1);
        yield;
      }
      emit(']');
      return;
    }
    emit('{');
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      emit(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      yield* walk(x, level + 1);
      yield;
    }
    emit('}');
  }
  yield* walk(value, 0);
  flush();
  return out;
}

/** Where a snapshot file's sections are, from its header. */
interface Layout {
  jsonLen: number;
  textLen: number;
  cueLen: number;
  binLen: number;
  textAt: number;
  cueAt: number;
  binAt: number;
  /** CRC-32 of each section. */
  crc: { json: number; text: number; cue: number; binary: number };
}

/** The sections' places in a file whose sections have these lengths: JSON at 64, text after it, cue and binary sections 8-byte aligned. */
function layoutOf(jsonLen: number, textLen: number, cueLen: number, binLen: number, crc: Layout['crc']): Layout {
  const textAt = HEADER_BYTES + jsonLen;
  const cueAt = align8(textAt + textLen);
  const binAt = align8(cueAt + cueLen);
  return { jsonLen, textLen, cueLen, binLen, textAt, cueAt, binAt, crc };
}

/**
 * The file's parts: header (with each section's checksum), JSON skeleton (in one or more buffers), text
 * section, padding, cue section, padding, binary section. Yields after each `stepBytes` checksummed.
 */
function* assembleFile(json: Buffer[], texts: Buffer[], cues: Buffer[], writer: BlobWriter, stepBytes = Infinity): Generator<void, Buffer[]> {
  const binary = writer.parts();
  const sum = (parts: Buffer[]) => parts.reduce((n, p) => n + p.length, 0);
  const sums = (parts: Buffer[]) => checksumSteps(parts, stepBytes);
  const crc = { json: yield* sums(json), text: yield* sums(texts), cue: yield* sums(cues), binary: yield* sums(binary) };
  const at = layoutOf(sum(json), sum(texts), sum(cues), align8(writer.bytes), crc);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(SNAPSHOT_FORMAT, 8);
  header.writeUInt32LE(at.jsonLen, 12);
  header.writeDoubleLE(at.textLen, 16);
  header.writeDoubleLE(at.cueLen, 24);
  header.writeDoubleLE(at.binLen, 32);
  header.writeUInt32LE(crc.json, 40);
  header.writeUInt32LE(crc.text, 44);
  header.writeUInt32LE(crc.cue, 48);
  header.writeUInt32LE(crc.binary, 52); // bytes 56..64 are zero
  const pad1 = Buffer.alloc(at.cueAt - at.textAt - at.textLen);
  const pad2 = Buffer.alloc(at.binAt - at.cueAt - at.cueLen);
  return [header, ...json, ...texts, pad1, ...cues, pad2, ...binary];
}

// ------------------------------------------------------------------ decode

/** The sections of a snapshot from its header; throws when it is not one, or when `fileSize` disagrees. */
function readHeader(header: Buffer, fileSize: number): Layout {
  if (header.length < HEADER_BYTES || header.toString('latin1', 0, 8) !== MAGIC) throw new SnapshotError('not an index snapshot (bad header)');
  const format = header.readUInt32LE(8);
  if (format !== SNAPSHOT_FORMAT) throw new SnapshotError(`snapshot format ${format}, expected ${SNAPSHOT_FORMAT}`);
  const crc = { json: header.readUInt32LE(40), text: header.readUInt32LE(44), cue: header.readUInt32LE(48), binary: header.readUInt32LE(52) };
  const at = layoutOf(header.readUInt32LE(12), header.readDoubleLE(16), header.readDoubleLE(24), header.readDoubleLE(32), crc);
  const expected = at.binAt + at.binLen;
  if (fileSize !== expected) throw new SnapshotError(`snapshot is ${fileSize} bytes, its header says ${expected} (truncated or damaged)`);
  return at;
}

/** Throws unless `parts` have the CRC-32 `expected` (`section` names the section in the message). */
function checkSection(section: string, parts: readonly Uint8Array[], expected: number): void {
  if (checksum(parts) !== expected) throw new SnapshotError(`snapshot checksum mismatch in its ${section} section (damaged file)`);
}

/** A copy of `bytes` at offset 0 of its own ArrayBuffer (typed-array views need 8-byte alignment). */
function aligned(bytes: Buffer): Buffer {
  if (bytes.byteOffset % 8 === 0) return bytes;
  const copy = Buffer.from(new ArrayBuffer(bytes.length));
  bytes.copy(copy);
  return copy;
}

/**
 * Restores an index from a snapshot file's bytes (all in memory). Throws {@link SnapshotError} when the file
 * is not a snapshot, has another format version or key, is truncated or longer than its header says, or
 * fails a section's checksum.
 */
export function decodeSnapshot(file: Buffer, expectedKey: string): SearchIndex {
  const h = readHeader(file, file.length);
  const json = file.subarray(HEADER_BYTES, h.textAt);
  const text = file.subarray(h.textAt, h.textAt + h.textLen);
  const cues = file.subarray(h.cueAt, h.cueAt + h.cueLen);
  const binary = file.subarray(h.binAt);
  checkSection('skeleton', [json], h.crc.json);
  checkSection('text', [text], h.crc.text);
  checkSection('cue', [cues], h.crc.cue);
  checkSection('binary', [binary], h.crc.binary);
  const skeleton = parseSkeleton(json.toString('utf8'), expectedKey);
  return restoreIndex(skeleton, aligned(binary), memorySource(skeleton, text, aligned(cues)));
}

/** Options of {@link readSnapshotFile}. */
export interface ReadOptions extends FileSourceOptions {
  /**
   * Called once the text and cue sections have been checked in the background: true when both match their
   * CRC-32s, false when not (`onDamage` was called first). Default: none.
   * @example { onChecked: (ok) => ok || log.warn('cache file damaged') }
   */
  onChecked?: (ok: boolean) => void;
}

/**
 * Reads and restores a snapshot file (see {@link decodeSnapshot}), leaving the transcripts in the file: the
 * header, the JSON skeleton and the binary section are read (the restored typed arrays view the binary
 * section's buffer) and checked against their CRC-32s before anything is restored. Each transcript's stored
 * text and cue block is read with a positioned read when first used, checked against its own CRC-32 (a
 * mismatch throws {@link TranscriptReadError} and calls `onDamage`), and kept while among the most recently
 * used ({@link FileSourceOptions}). The text and cue sections as a whole are checked after the restore, a
 * megabyte at a time on unreferenced timers (they neither delay the first answer nor keep the process
 * alive), so a damaged file is reported (`onDamage`) even where no transcript of it has been read yet.
 * The file stays open for that (closed once the index is garbage); cache files are replaced by rename,
 * never rewritten in place, so the open file keeps its bytes.
 */
export async function readSnapshotFile(path: string, expectedKey: string, options: ReadOptions = {}): Promise<SearchIndex> {
  const fd = openSync(path, 'r');
  let kept = false;
  try {
    const size = fstatSync(fd).size;
    const h = readHeader(readAt(fd, Buffer.alloc(Math.min(HEADER_BYTES, size)), 0), size);
    const json = readAt(fd, Buffer.allocUnsafe(h.jsonLen), HEADER_BYTES);
    checkSection('skeleton', [json], h.crc.json);
    // Shared memory: a ranking thread (rank-thread.ts) reads the same arrays.
    const binary = readAt(fd, Buffer.from(new SharedArrayBuffer(h.binLen)), h.binAt);
    checkSection('binary', [binary], h.crc.binary);
    const skeleton = parseSkeleton(json.toString('utf8'), expectedKey);
    const source = fileSource(fd, skeleton, { textSection: h.textAt, cueSection: h.cueAt }, options);
    const index = restoreIndex(skeleton, binary, source);
    kept = true;
    const sections = [
      { section: 'text', at: h.textAt, length: h.textLen, crc: h.crc.text },
      { section: 'cue', at: h.cueAt, length: h.cueLen, crc: h.crc.cue },
    ];
    checkInBackground(fd, sections, source, options);
    return index;
  } finally {
    if (!kept) closeSync(fd);
  }
}

/** Fills `into` from byte `position` of `fd`; throws {@link SnapshotError} when the file ends first. */
function readAt(fd: number, into: Buffer, position: number): Buffer {
  if (readFully(fd, into, position) < into.length) throw new SnapshotError('snapshot ends early (truncated)');
  return into;
}

/** One section of a snapshot file to check: where it is, how long, its CRC-32. */
interface SectionCheck {
  section: string;
  at: number;
  length: number;
  crc: number;
}

/**
 * Checks `sections` of `fd` against their CRC-32s, `ENGINE_DEFAULTS.checkBytes` (a megabyte) per unreferenced timer tick (nothing kept),
 * then calls `onChecked`; on a mismatch or a read error calls `onDamage` (then `onChecked(false)`). `hold`
 * (the file's transcript source) stays reachable until done, so the descriptor is not closed under the check.
 */
function checkInBackground(fd: number, sections: readonly SectionCheck[], hold: object, options: ReadOptions): void {
  const chunk = Buffer.allocUnsafe(ENGINE_DEFAULTS.checkBytes);
  let k = 0;
  let done = 0;
  let crc = 0;
  const finish = (ok: boolean, message?: string): void => {
    if (message) options.onDamage?.(message);
    options.onChecked?.(ok && hold !== undefined);
  };
  const step = (): void => {
    try {
      const { section, at, length, crc: expected } = sections[k]!;
      const n = Math.min(chunk.length, length - done);
      if (n > 0) crc = crc32(readAt(fd, chunk.subarray(0, n), at + done), crc);
      done += n;
      if (done >= length) {
        if (crc !== expected) return finish(false, `index cache damaged: its ${section} section does not match its checksum`);
        k++;
        done = 0;
        crc = 0;
        if (k === sections.length) return finish(true);
      }
      setTimeout(step, 0).unref();
    } catch (error) {
      finish(false, `index cache could not be checked: ${(error as Error).message}`);
    }
  };
  setTimeout(step, 0).unref();
}

/** Restores the index of a parsed skeleton over its 8-byte aligned binary section and its transcripts' source. */
function restoreIndex(skeleton: Skeleton & { transcripts: Node[] }, binary: Uint8Array, source: TranscriptSource): SearchIndex {
  const restorer = createRestorer(skeleton, binary, source);
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
 * content is known to be unchanged, or undefined. A string of the stored text's length (recorded in the
 * skeleton, so nothing is decoded or measured to check it) is used instead of decoding the sent bytes, so
 * an unchanged corpus's texts are not allocated a second time.
 */
export type ReuseText = (transcript: Transcript) => string | undefined;

/** A {@link Restorer} over a skeleton, its 8-byte aligned binary section and its transcripts' texts and cues (`source`). */
export function createRestorer(skeleton: Skeleton, binary: Uint8Array, source: TranscriptSource, reuse?: ReuseText): Restorer {
  const blob = (k: number): TypedArray => {
    const [type, offset, length] = skeleton.blobs[k]!;
    const Ctor = TYPED[type];
    if (!Ctor) throw new SnapshotError(`unknown array type ${type}`);
    if (offset + length * Ctor.BYTES_PER_ELEMENT > binary.length) throw new SnapshotError('snapshot array out of bounds');
    return new Ctor(binary.buffer as ArrayBuffer, binary.byteOffset + offset, length);
  };
  const objects = new Map<number, unknown>();
  objects.set(2 * skeleton.cueCounts.length, restoredTokens(skeleton, source));
  const decode = valueDecoder(objects, blob);
  const transcript = transcriptRestorer(skeleton, source, decode, objects, reuse);
  const root = skeleton.root;
  let corpus: Corpus | undefined;
  let params: SearchParams | undefined;
  const data: Record<string, unknown> = {};
  const steps = [() => void (corpus = decode(root.corpus) as Corpus), () => void (params = decode(root.params) as SearchParams)];
  for (const [k, node] of Object.entries(root.data)) steps.push(() => void (data[k] = decode(node)));
  return { transcript, steps, result: () => indexFromData(corpus!, sameTokenBases(data as unknown as IndexData), params!) };
}

/**
 * `data`, once its token places (counted per transcript in the skeleton) are known to cover the same tokens
 * as its token arrays (`tokBase`, in the binary section): a writer that disagreed would give quotes from the
 * wrong characters, so the snapshot is refused instead (the cache rebuilds it).
 */
export function sameTokenBases(data: IndexData): IndexData {
  const { tokBase, tokens } = data;
  let same = tokBase.length === tokens.tokBase.length;
  for (let k = 0; same && k < tokBase.length; k++) same = tokBase[k] === tokens.tokBase[k];
  if (!same) throw new SnapshotError('snapshot token places disagree with its token arrays');
  return data;
}

/**
 * The token places of a restored index: each transcript's packed bytes are its block's (`source.tokens`,
 * read from the file when first needed and kept while recently used), never the corpus's whole arrays.
 */
function restoredTokens(skeleton: Skeleton, source: TranscriptSource): TokenPlaces {
  const counts = skeleton.tokenCounts;
  const tokBase = new Array<number>(counts.length + 1);
  tokBase[0] = 0;
  for (let k = 0; k < counts.length; k++) tokBase[k + 1] = tokBase[k]! + counts[k]!;
  const wide = new Map<number, number>();
  for (let i = 0; i + 1 < skeleton.tokWide.length; i += 2) wide.set(skeleton.tokWide[i]!, skeleton.tokWide[i + 1]!);
  return new TokenPlaces(tokBase, wide, (t) => source.tokens(t));
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
 * Restores transcript k (id 2k) with lazily materialised cues, and its stored text (id 2k + 1), both read
 * through `source` on first access; `storedText` of the restored transcript is that stored text.
 */
function transcriptRestorer(
  skeleton: Skeleton,
  source: TranscriptSource,
  decode: (n: Node) => unknown,
  objects: Map<number, unknown>,
  reuse?: ReuseText,
): (k: number, node: Node) => void {
  return (k, node) => {
    const t = decode(node) as Transcript;
    const known = reuse?.(t);
    const stored = known !== undefined && known.length === skeleton.textChars[k] ? keptText(known, source, k) : lazyStoredText(source, k, skeleton.textChars[k]!);
    lazyCues(t, stored, source, k, skeleton.speakers);
    rememberStoredText(t, stored);
    objects.set(2 * k, t);
    objects.set(2 * k + 1, stored);
  };
}

/** A stored text this thread already holds, with the cue starts of transcript `k` from `source`. */
function keptText(text: string, source: TranscriptSource, k: number): StoredText {
  return {
    text,
    get cueStarts(): Int32Array {
      return source.rows(k).cueStarts;
    },
  };
}

/**
 * The stored text of transcript `k`, read through `source` on each access (the source keeps recent ones):
 * a restart makes strings only for the transcripts it quotes. `length` is known without reading it.
 */
function lazyStoredText(source: TranscriptSource, k: number, length: number): StoredText {
  const stored: StoredText = {
    get text(): string {
      return source.text(k);
    },
    get cueStarts(): Int32Array {
      return source.rows(k).cueStarts;
    },
    length,
  };
  inMemory.set(stored, () => source.peek(k));
  readOnceWith(stored, () => source.once(k));
  return stored;
}

/** Stored texts restored lazily ({@link lazyStoredText}): the string their source holds now, if any. */
const inMemory = new WeakMap<StoredText, () => string | undefined>();

/**
 * The string of a stored text if it is in memory already, without reading or decoding a lazily restored
 * one (undefined then).
 * @example decodedText(indexDataOf(index)!.data.stored[0]!) // string, or undefined while not in memory
 */
export function decodedText(stored: StoredText): string | undefined {
  const peek = inMemory.get(stored);
  return peek ? peek() : stored.text;
}

/** Defines `t.cues` as made on access from transcript `k`'s cue rows and its stored text (`source` keeps recent ones). */
function lazyCues(t: Transcript, stored: StoredText, source: TranscriptSource, k: number, speakers: string[]): void {
  let assigned: Cue[] | undefined;
  const make = (): Cue[] => {
    const rows = source.rows(k);
    const text = stored.text;
    const count = rows.start.length;
    const cues = new Array<Cue>(count);
    for (let i = 0; i < count; i++) {
      const at = rows.cueStarts[i]!;
      const cue: Cue = { start: rows.start[i]!, end: rows.end[i]!, text: text.slice(at, at + rows.textLen[i]!) };
      if (rows.speaker[i]! >= 0) cue.speaker = speakers[rows.speaker[i]!]!;
      cues[i] = cue;
    }
    return cues;
  };
  // Cue times and speakers without the objects (a timeline times thousands of moments): from the rows.
  rememberCueFacts(t, () => (assigned ? factsOfCues(assigned) : factsOfRows(source.rows(k), speakers)));
  Object.defineProperty(t, 'cues', {
    enumerable: true,
    configurable: true,
    get(): Cue[] {
      return assigned ?? source.cues(k, make);
    },
    set(value: Cue[]) {
      assigned = value;
    },
  });
}

/** The declared fields of `data` ({@link INDEX_DATA_FIELDS}), each encoded (a yield after each); throws on a missing or undeclared field. */
function* encodeData(data: IndexData, encode: (v: unknown, path: string) => Node): Generator<void, Record<string, Node>> {
  checkFields(Object.keys(data));
  const out: Record<string, Node> = {};
  for (const k of Object.keys(INDEX_DATA_FIELDS) as Array<keyof IndexData>) {
    out[k] = encode(data[k], `data.${k}`);
    yield;
  }
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
  return drain(checksumSteps(parts, Infinity));
}

/** {@link checksum} in steps of `stepBytes` (a yield after each). */
function* checksumSteps(parts: readonly Uint8Array[], stepBytes: number): Generator<void, number> {
  let crc = 0;
  // Empty parts are skipped: zlib's crc32 returns 0 (not the running value) for an empty buffer with no backing store.
  for (const part of parts) {
    for (let at = 0; at < part.length; at += stepBytes) {
      crc = crc32(at === 0 && part.length <= stepBytes ? part : part.subarray(at, Math.min(part.length, at + stepBytes)), crc);
      yield;
    }
  }
  return crc;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
