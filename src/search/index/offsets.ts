/**
 * Where each token is in its transcript's stored text, packed: a token's length and the gap before it
 * (from the previous token's end, or from the text's start for a transcript's first token), one byte each,
 * instead of two 32-bit offsets (2 bytes per token instead of 8: 21 MB instead of 86 MB at 1,000 hours). A
 * length or gap of 255 or more is stored as 255 with its exact value in a small map. {@link TokenOffsets}
 * unpacks a transcript's offsets when a quote is cut from it (a few microseconds per thousand tokens) and
 * keeps the most recently used transcripts' offsets.
 *
 * @example
 * const packed = packOffsets(starts, ends, tokBase);            // at build time
 * const offsets = new TokenOffsets(packed, tokBase);
 * const { base, starts, ends } = offsets.of(t); // token k of the corpus is starts[k - base] .. ends[k - base]
 */

/** Token positions, packed ({@link packOffsets}). */
export interface PackedOffsets {
  /** Length of each token in characters; 255 means "see `tokWide`". */
  tokLen: Uint8Array;
  /** Characters between the previous token's end (or the text's start) and each token; 255 means "see `tokWide`". */
  tokGap: Uint8Array;
  /** Exact values of 255 or more: key `2k` the length of token k, key `2k + 1` its gap. */
  tokWide: Map<number, number>;
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

/** Token offsets per transcript, unpacked on first use and kept for the `keep` most recently used transcripts. */
export class TokenOffsets {
  private readonly recent = new Map<number, TranscriptTokens>();

  /**
   * @param packed  the packed offsets (`IndexData.tokLen`, `tokGap`, `tokWide`)
   * @param tokBase each transcript's first token (`IndexData.tokBase`, length transcripts + 1)
   * @param keep    transcripts kept (default 64: a page of results and its neighbours)
   */
  constructor(
    private readonly packed: PackedOffsets,
    private readonly tokBase: Int32Array,
    private readonly keep = 64,
  ) {}

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
    if (this.recent.size > this.keep) this.recent.delete(this.recent.keys().next().value!);
    return tokens;
  }

  private unpack(t: number): TranscriptTokens {
    const { tokLen, tokGap, tokWide } = this.packed;
    const base = this.tokBase[t]!;
    const count = this.tokBase[t + 1]! - base;
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const k = base + i;
      const gap = tokGap[k]!;
      at += gap === WIDE ? tokWide.get(2 * k + 1)! : gap;
      starts[i] = at;
      const len = tokLen[k]!;
      at += len === WIDE ? tokWide.get(2 * k)! : len;
      ends[i] = at;
    }
    return { base, starts, ends };
  }
}
