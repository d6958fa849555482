/**
 * Where a restored transcript's stored text, cue rows and packed token places come from: a snapshot's text
 * section and cue section, either in memory (a transfer from the reload worker, a snapshot decoded from a
 * buffer) or left in the cache file and read per transcript, on first access, with positioned reads
 * ({@link fileSource}).
 *
 * The cue section holds, per transcript, one 8-byte aligned block ({@link blockBytes}): its cue rows, the
 * cues' start and end times (float64), then their text lengths, speakers (index into the snapshot's
 * speaker names, -1 for none) and starts in the stored text (int32); then its token places, the tokens'
 * packed lengths, gaps (uint8) and breaks (int8) (`PackedTranscript`, src/search/index/offsets.ts). The
 * two parts are read apart, each with its own CRC-32: a timeline times thousands of moments from cue rows
 * and cuts only a page of them into quotes, which is when token places are read; the corpus-wide token
 * arrays (3 bytes a token, 32 MB at 1,000 hours) are never read whole. A file source checks each
 * transcript's text, cue rows and token places against their CRC-32s (recorded when written) as it reads
 * them, and keeps the decoded texts, rows, token places and materialised cue objects of the `keep` most
 * recently used transcripts only, so a long-running process does not end up holding every transcript it
 * ever quoted.
 *
 * @example
 * const source = fileSource(fd, layout, { keep: 64 });
 * source.text(3)            // transcript 3's stored text (read, checked and decoded on first use)
 * source.rows(3).start       // Float64Array of its cue start times
 * source.tokens(3).tokBreak  // Int8Array: the break after each of its tokens
 */
import { closeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { CueFacts } from '../../corpus/cue-facts.ts';
import type { Cue } from '../../corpus/types.ts';
import type { PackedTranscript } from '../index/offsets.ts';
import { ENGINE_DEFAULTS } from '../params.ts';
import { readFully } from './read-fully.ts';

/** The cue rows of one transcript (views over its block of the cue section). */
export interface CueRows {
  start: Float64Array;
  end: Float64Array;
  textLen: Int32Array;
  speaker: Int32Array;
  /** Where each cue's text starts in the stored text (`StoredText.cueStarts`). */
  cueStarts: Int32Array;
}

/** {@link CueFacts} over cue rows (`speakers`: the snapshot's speaker names, which `rows.speaker` indexes). */
export function factsOfRows(rows: CueRows, speakers: readonly string[]): CueFacts {
  return {
    count: rows.start.length,
    start: (i) => rows.start[i]!,
    end: (i) => rows.end[i]!,
    textLength: (i) => rows.textLen[i]!,
    speaker: (i) => (rows.speaker[i]! >= 0 ? speakers[rows.speaker[i]!] : undefined),
  };
}

/** Bytes of a transcript's cue rows, its block's first part: 8 + 8 + 4 + 4 + 4 a cue. */
export function cueRowsBytes(cues: number): number {
  return 28 * cues;
}

/** Bytes of a transcript's token places, after its cue rows: 1 + 1 + 1 a token. */
export function tokenPlacesBytes(tokens: number): number {
  return 3 * tokens;
}

/** Bytes of the block of a transcript with `cues` cues and `tokens` tokens: its cue rows, then its token places, padded to 8. */
export function blockBytes(cues: number, tokens: number): number {
  return (cueRowsBytes(cues) + tokenPlacesBytes(tokens) + 7) & ~7;
}

/** The rows of `n` cues at byte `offset` (8-byte aligned) of `buffer` (a block's first part, 28 bytes a cue). */
export function cueRowsAt(buffer: ArrayBufferLike, offset: number, n: number): CueRows {
  return {
    start: new Float64Array(buffer, offset, n),
    end: new Float64Array(buffer, offset + 8 * n, n),
    textLen: new Int32Array(buffer, offset + 16 * n, n),
    speaker: new Int32Array(buffer, offset + 20 * n, n),
    cueStarts: new Int32Array(buffer, offset + 24 * n, n),
  };
}

/** The packed places of `m` tokens at byte `offset` of `buffer` (a block's second part, 3 bytes a token). */
export function tokensAt(buffer: ArrayBufferLike, offset: number, m: number): PackedTranscript {
  return { tokLen: new Uint8Array(buffer, offset, m), tokGap: new Uint8Array(buffer, offset + m, m), tokBreak: new Int8Array(buffer, offset + 2 * m, m) };
}

/** A restored index's access to its transcripts' stored texts, cue rows and packed token places (by transcript number). */
export interface TranscriptSource {
  /** The stored text of transcript `k`. */
  text(k: number): string;
  /** The cue rows of transcript `k`. */
  rows(k: number): CueRows;
  /** The packed token places of transcript `k`. */
  tokens(k: number): PackedTranscript;
  /** The cue objects of transcript `k`: kept ones, else `make()` (then kept as the source's policy says). */
  cues(k: number, make: () => Cue[]): Cue[];
  /** The stored text of transcript `k` if the source holds it decoded now, without reading it; else undefined. */
  peek(k: number): string | undefined;
  /** The stored text of transcript `k` for one use: the one held if any, else read without keeping it. */
  once(k: number): string;
}

/** Per transcript: the UTF-8 bytes of its stored text, its numbers of cues and tokens, and (for checks) their CRC-32s. */
export interface TranscriptLayout {
  textBytes: readonly number[];
  cueCounts: readonly number[];
  tokenCounts: readonly number[];
  /** CRC-32 of each transcript's text bytes; absent in memory (nothing to check). */
  textCrc?: readonly number[];
  /** CRC-32 of each transcript's cue rows (its block's first part). */
  cueCrc?: readonly number[];
  /** CRC-32 of each transcript's token places (its block's second part). */
  tokenCrc?: readonly number[];
}

/** Bytes of the whole cue section of `layout` (every transcript's {@link blockBytes}). */
export function cueSectionBytes(layout: Pick<TranscriptLayout, 'cueCounts' | 'tokenCounts'>): number {
  let n = 0;
  for (let k = 0; k < layout.cueCounts.length; k++) n += blockBytes(layout.cueCounts[k]!, layout.tokenCounts[k]!);
  return n;
}

/** Where each transcript's text and cue block start in their sections (prefix sums). */
function offsetsOf(layout: TranscriptLayout): { textAt: Float64Array; cueAt: Float64Array } {
  const n = layout.textBytes.length;
  const textAt = new Float64Array(n + 1);
  const cueAt = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    textAt[k + 1] = textAt[k]! + layout.textBytes[k]!;
    cueAt[k + 1] = cueAt[k]! + blockBytes(layout.cueCounts[k]!, layout.tokenCounts[k]!);
  }
  return { textAt, cueAt };
}

/**
 * A source over sections in memory: `text` (UTF-8, transcripts in order) and `cues` (the cue section, at
 * an 8-byte aligned offset of its ArrayBuffer). Texts and cue objects are made once each and kept (the
 * sections are held anyway), except a text read for one use (`once`), as the interface says.
 */
export function memorySource(layout: TranscriptLayout, text: Buffer, cues: Uint8Array): TranscriptSource {
  // (`cues` may view a SharedArrayBuffer: the reload's transfer shares its sections.)
  const { textAt, cueAt } = offsetsOf(layout);
  if (textAt[textAt.length - 1]! > text.length || cueAt[cueAt.length - 1]! > cues.length) throw new RangeError('snapshot sections are shorter than their transcripts');
  const texts: Array<string | undefined> = [];
  const rows: Array<CueRows | undefined> = [];
  const tokens: Array<PackedTranscript | undefined> = [];
  const objects: Array<Cue[] | undefined> = [];
  return {
    text: (k) => (texts[k] ??= text.toString('utf8', textAt[k]!, textAt[k + 1]!)),
    rows: (k) => (rows[k] ??= cueRowsAt(cues.buffer, cues.byteOffset + cueAt[k]!, layout.cueCounts[k]!)),
    tokens: (k) => (tokens[k] ??= tokensAt(cues.buffer, cues.byteOffset + cueAt[k]! + cueRowsBytes(layout.cueCounts[k]!), layout.tokenCounts[k]!)),
    cues: (k, make) => (objects[k] ??= make()),
    peek: (k) => texts[k],
    once: (k) => texts[k] ?? text.toString('utf8', textAt[k]!, textAt[k + 1]!),
  };
}

/** Options of {@link fileSource}. */
export interface FileSourceOptions {
  /** Transcripts whose decoded text, cue rows, token places and cue objects are kept (most recently used). Default `ENGINE_DEFAULTS.keepTranscripts` (64, src/search/params.ts). @example { keep: 16 } */
  keep?: number;
  /** Called with a one-line reason when a transcript's bytes fail their CRC-32 (before the read throws). Default: none. */
  onDamage?: (message: string) => void;
}

/** Why a transcript could not be read back from the cache file. */
export class TranscriptReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranscriptReadError';
  }
}

/** The most recently used values by key, at most `keep` of them. */
class Recent<T> {
  private readonly map = new Map<number, T>();
  private last = -1;
  constructor(private readonly keep: number) {}

  /** The value of `k` if kept, without making it or changing the order. */
  peek(k: number): T | undefined {
    return this.map.get(k);
  }

  get(k: number, make: () => T): T {
    const hit = this.map.get(k);
    if (hit !== undefined) {
      if (k !== this.last) {
        this.map.delete(k);
        this.map.set(k, hit);
        this.last = k;
      }
      return hit;
    }
    const value = make();
    this.map.set(k, value);
    this.last = k;
    if (this.map.size > this.keep) this.map.delete(this.map.keys().next().value!);
    return value;
  }
}

/** Closes a file source's descriptor once its index is garbage (no transcript can read through it any more). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch (error) {
    // EBADF: already closed, nothing left to release. Anything else is reported (a finaliser cannot throw to a caller).
    if ((error as NodeJS.ErrnoException).code !== 'EBADF') process.emitWarning(`index cache descriptor ${fd} not closed: ${(error as Error).message}`);
  }
});

/**
 * A source that reads transcript `k`'s text, cue rows and token places from the open file `fd` (the text
 * section at byte `textSection`, the cue section at `cueSection`) when first asked, checks each against its
 * CRC-32 and keeps the `keep` most recently used transcripts'. The descriptor is closed when the source is garbage collected.
 */
export function fileSource(
  fd: number,
  layout: TranscriptLayout & { textCrc: readonly number[]; cueCrc: readonly number[]; tokenCrc: readonly number[] },
  sections: { textSection: number; cueSection: number },
  options: FileSourceOptions = {},
): TranscriptSource {
  const { textAt, cueAt } = offsetsOf(layout);
  const keep = Math.max(1, options.keep ?? ENGINE_DEFAULTS.keepTranscripts);
  const texts = new Recent<string>(keep);
  const rows = new Recent<CueRows>(keep);
  const tokens = new Recent<PackedTranscript>(keep);
  const objects = new Recent<Cue[]>(keep);
  const read = (what: string, k: number, into: Uint8Array, position: number, crc: number): Uint8Array => {
    if (readFully(fd, into, position) < into.length || (into.length > 0 && crc32(into) !== crc) || (into.length === 0 && crc !== 0)) {
      const message = `index cache damaged: the ${what} of transcript ${k} does not match its checksum`;
      options.onDamage?.(message);
      throw new TranscriptReadError(message);
    }
    return into;
  };
  const readText = (k: number): string => {
    const bytes = read('stored text', k, Buffer.allocUnsafe(layout.textBytes[k]!), sections.textSection + textAt[k]!, layout.textCrc[k]!);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  };
  const source: TranscriptSource = {
    text: (k) => texts.get(k, () => readText(k)),
    rows: (k) =>
      rows.get(k, () => {
        const n = layout.cueCounts[k]!;
        const part = read('cue rows', k, new Uint8Array(cueRowsBytes(n)), sections.cueSection + cueAt[k]!, layout.cueCrc[k]!);
        return cueRowsAt(part.buffer as ArrayBuffer, 0, n);
      }),
    tokens: (k) =>
      tokens.get(k, () => {
        const m = layout.tokenCounts[k]!;
        const part = read('token places', k, new Uint8Array(tokenPlacesBytes(m)), sections.cueSection + cueAt[k]! + cueRowsBytes(layout.cueCounts[k]!), layout.tokenCrc[k]!);
        return tokensAt(part.buffer as ArrayBuffer, 0, m);
      }),
    cues: (k, make) => objects.get(k, make),
    peek: (k) => texts.peek(k),
    once: (k) => texts.peek(k) ?? readText(k),
  };
  closer.register(source, fd);
  return source;
}
