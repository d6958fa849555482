/**
 * Where each token is in its transcript's stored text, packed: a token's length and the gap before it
 * (from the previous token's end, or from the text's start for a transcript's first token), one byte each,
 * instead of two 32-bit offsets (2 bytes per token instead of 8: 21 MB instead of 86 MB at 1,000 hours). A
 * length or gap of 255 or more is stored as 255 with its exact value in a small map. {@link TokenPlaces}
 * gives a transcript's offsets (unpacked when a quote is cut from it, a few microseconds per thousand
 * tokens, and kept for the most recently used transcripts) and the kind of gap after each of its tokens
 * ({@link Break}), wherever the packed bytes are: in memory after a build, or in the index cache file after
 * a restart, read one transcript at a time (`src/search/persist/transcript-source.ts`).
 *
 * @example
 * const packed = packOffsets(starts, ends, tokBase);            // at build time
 * const places = TokenPlaces.inMemory(packed, breaks, tokBase);
 * const { base, starts, ends } = places.of(t); // token k of the corpus is starts[k - base] .. ends[k - base]
 * places.breaks(t)[k - base]                   // the break after token k
 */
import { ENGINE_DEFAULTS } from '../params.ts';
import type { Break } from './passages.ts';

/** Token positions, packed ({@link packOffsets}). */
export interface PackedOffsets {
  /** Length of each token in characters; 255 means "see `tokWide`". */
  tokLen: Uint8Array;
  /** Characters between the previous token's end (or the text's start) and each token; 255 means "see `tokWide`". */
  tokGap: Uint8Array;
  /** Exact values of 255 or more: key `2k` the length of token k, key `2k + 1` its gap. */
  tokWide: Map<number, number>;
}

/** One transcript's packed token places: one byte per token each, token `k` of the corpus at `k - base`. */
export interface PackedTranscript {
  /** Length of each token ({@link PackedOffsets.tokLen}). */
  tokLen: Uint8Array;
  /** Gap before each token ({@link PackedOffsets.tokGap}). */
  tokGap: Uint8Array;
  /** The kind of gap after each token ({@link Break}). */
  tokBreak: Int8Array;
}

/** The token offsets of one transcript: token `k` of the corpus (`base <= k`) spans `starts[k - base] .. ends[k - base]`. */
export interface TranscriptTokens {
  /** The transcript's first token id in the corpus. */
  base: number;
  /** Character offset in the stored text where each token starts. */
  starts: Int32Array;
  /** Character offset where each token ends (exclusive). */
  ends: Int32Array;
}

const WIDE = 255;

/** Packs token offsets (`starts`/`ends` per token, numbered over the corpus; `tokBase`: each transcript's first token). */
export function packOffsets(starts: ArrayLike<number>, ends: ArrayLike<number>, tokBase: Int32Array): PackedOffsets {
  const n = starts.length;
  const tokLen = new Uint8Array(n);
  const tokGap = new Uint8Array(n);
  const tokWide = new Map<number, number>();
  for (let t = 0; t + 1 < tokBase.length; t++) {
    let at = 0;
    for (let k = tokBase[t]!; k < tokBase[t + 1]!; k++) {
      const gap = starts[k]! - at;
      const len = ends[k]! - starts[k]!;
      if (gap < 0 || len < 0) throw new Error(`token ${k} is not after the previous one (offsets ${starts[k]}-${ends[k]}, previous end ${at})`);
      tokGap[k] = Math.min(gap, WIDE);
      tokLen[k] = Math.min(len, WIDE);
      if (gap >= WIDE) tokWide.set(2 * k + 1, gap);
      if (len >= WIDE) tokWide.set(2 * k, len);
      at = ends[k]!;
    }
  }
  return { tokLen, tokGap, tokWide };
}

/**
 * The index's token places ({@link TranscriptTokens} and breaks), one transcript at a time: the packed bytes
 * of transcript `t` come from `packedOf(t)` (views of corpus-wide arrays in memory, or a block read from the
 * cache file), so no reader of token places depends on where they are. Unpacked offsets are kept for the
 * `keep` most recently used transcripts.
 */
export class TokenPlaces {
  private readonly recent = new Map<number, TranscriptTokens>();

  /**
   * @param tokBase  each transcript's first token (length transcripts + 1)
   * @param tokWide  exact lengths and gaps of 255 or more ({@link PackedOffsets.tokWide})
   * @param packedOf transcript `t`'s packed bytes (`tokBase[t + 1] - tokBase[t]` of each)
   * @param keep     transcripts whose unpacked offsets are kept (default `ENGINE_DEFAULTS.keepTokenOffsets`, 64)
   */
  constructor(
    readonly tokBase: ArrayLike<number>,
    readonly tokWide: ReadonlyMap<number, number>,
    private readonly packedOf: (t: number) => PackedTranscript,
    private readonly keep = ENGINE_DEFAULTS.keepTokenOffsets,
  ) {}

  /**
   * Token places over corpus-wide arrays in memory (a freshly built index).
   * @example TokenPlaces.inMemory(packOffsets(starts, ends, tokBase), breaks, tokBase)
   */
  static inMemory(packed: PackedOffsets, tokBreak: Int8Array, tokBase: Int32Array): TokenPlaces {
    const { tokLen, tokGap } = packed;
    const view = (t: number): PackedTranscript => {
      const [a, b] = [tokBase[t]!, tokBase[t + 1]!];
      return { tokLen: tokLen.subarray(a, b), tokGap: tokGap.subarray(a, b), tokBreak: tokBreak.subarray(a, b) };
    };
    return new TokenPlaces(tokBase, packed.tokWide, view);
  }

  /** The same token places keeping only the last transcript's unpacked offsets: for a pass over every transcript (the multi-word terms), which would otherwise leave the most recent 64 in memory. */
  scan(): TokenPlaces {
    return new TokenPlaces(this.tokBase, this.tokWide, this.packedOf, 1);
  }

  /** Number of transcripts. */
  get transcripts(): number {
    return this.tokBase.length - 1;
  }

  /** The packed bytes of transcript `t` (what a snapshot saves). */
  packed(t: number): PackedTranscript {
    return this.packedOf(t);
  }

  /** The kind of gap after each token of transcript `t` (token `k` of the corpus at `k - tokBase[t]`; {@link Break}). */
  breaks(t: number): Int8Array {
    return this.packedOf(t).tokBreak;
  }

  /** The offsets of transcript `t`'s tokens. */
  of(t: number): TranscriptTokens {
    const hit = this.recent.get(t);
    if (hit) {
      this.recent.delete(t);
      this.recent.set(t, hit);
      return hit;
    }
    const tokens = this.unpack(t);
    this.recent.set(t, tokens);
    if (this.recent.size > Math.max(1, this.keep)) this.recent.delete(this.recent.keys().next().value!);
    return tokens;
  }

  private unpack(t: number): TranscriptTokens {
    const { tokLen, tokGap } = this.packedOf(t);
    const tokWide = this.tokWide;
    const base = this.tokBase[t]!;
    const count = this.tokBase[t + 1]! - base;
    if (tokLen.length !== count || tokGap.length !== count) throw new RangeError(`transcript ${t} has ${tokLen.length} packed token places, expected ${count}`);
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const k = base + i;
      const gap = tokGap[i]!;
      at += gap === WIDE ? tokWide.get(2 * k + 1)! : gap;
      starts[i] = at;
      const len = tokLen[i]!;
      at += len === WIDE ? tokWide.get(2 * k)! : len;
      ends[i] = at;
    }
    return { base, starts, ends };
  }
}
