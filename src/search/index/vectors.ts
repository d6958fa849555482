/**
 * Term vectors learned from the corpus itself (no model download): random indexing over contexts.
 *
 * Every context (a ~250-word stretch of one transcript) gets a sparse random signature of `dims` values
 * with `nonZeros` entries of +1/-1; a term's vector is the sum of the signatures of the contexts it occurs
 * in (weighted by `1 + log(tf)`). By the Johnson-Lindenstrauss lemma the cosine of two term vectors then
 * approximates the cosine of their context-occurrence profiles: terms used in the same discussions
 * ("remote", "button", "battery") point the same way without ever occurring in the same sentence. This is
 * the random-projection form of latent semantic analysis (Kanerva et al. 2000; Sahlgren 2005), built in one
 * pass over the postings, so cost grows with the index, not with the vocabulary squared.
 *
 * Vectors are unit length and centred (the frequency-weighted mean vector is removed, so the direction
 * every term shares, "this is a meeting", does not make all texts look alike).
 *
 * @example
 * const vectors = TermVectors.build({ offsets, docs, tfs }, contextOfDoc, { dims: 64 });
 * const q = new Float32Array(vectors.dims);
 * vectors.addTo(q, termId, idf);            // a text's vector = weighted sum of its terms' vectors
 * TermVectors.cosine(q, passageVector);
 */

/** Options of {@link TermVectors.build}. */
export interface VectorOptions {
  /** Dimensions of every vector. Default 64 (128 and 256 measured no better on the dev sets). @example { dims: 128 } */
  dims?: number;
  /** Non-zero entries (+1/-1) in a context's random signature. Default 8. */
  nonZeros?: number;
  /**
   * Bound on build work: at most this many postings (term, document) are read; beyond it, documents are
   * sampled evenly (every k-th context), so a 1,000-hour corpus builds in bounded time. Default 4,000,000.
   */
  maxPostings?: number;
  /** Seed of the random signatures (same seed, same vectors). Default 1. */
  seed?: number;
}

export const VECTOR_DEFAULTS: Required<VectorOptions> = { dims: 64, nonZeros: 8, maxPostings: 4_000_000, seed: 1 };

/** Postings in CSR layout, as kept by {@link Bm25Index}: `offsets[t]..offsets[t+1]` index `docs`/`tfs`. */
export interface Postings {
  offsets: Int32Array;
  docs: Int32Array;
  tfs: Uint16Array;
}

/** Unit-length, centred term vectors (row-major, `dims` floats per term; a term never seen is all zeros). */
export class TermVectors {
  private constructor(
    readonly dims: number,
    /** `numTerms * dims` values. */
    readonly data: Float32Array,
  ) {}

  /**
   * Learns vectors from postings. `contextOf[doc]` is the context (e.g. chunk) a document belongs to;
   * contexts are numbered from 0. Terms with no postings keep a zero vector.
   */
  static build(postings: Postings, contextOf: Int32Array, options: VectorOptions = {}): TermVectors {
    const { dims, nonZeros, maxPostings, seed } = { ...VECTOR_DEFAULTS, ...options };
    const numTerms = postings.offsets.length - 1;
    let numContexts = 0;
    for (let d = 0; d < contextOf.length; d++) if (contextOf[d]! + 1 > numContexts) numContexts = contextOf[d]! + 1;
    const nz = Math.min(nonZeros, dims);
    // Signatures: nz (position, sign) pairs per context, from a seeded generator.
    const sigPos = new Int32Array(numContexts * nz);
    const sigSign = new Float32Array(numContexts * nz);
    let state = (seed >>> 0) || 1;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    for (let c = 0; c < numContexts; c++) {
      for (let j = 0; j < nz; j++) {
        sigPos[c * nz + j] = next() % dims;
        sigSign[c * nz + j] = next() & 1 ? 1 : -1;
      }
    }
    const total = postings.docs.length;
    const stride = Math.max(1, Math.ceil(total / Math.max(1, maxPostings)));
    const data = new Float32Array(numTerms * dims);
    const weightOf = new Float64Array(numTerms);
    for (let t = 0; t < numTerms; t++) {
      const row = t * dims;
      const end = postings.offsets[t + 1]!;
      for (let k = postings.offsets[t]!; k < end; k++) {
        const c = contextOf[postings.docs[k]!]!;
        if (stride > 1 && c % stride !== 0) continue;
        const w = 1 + Math.log(postings.tfs[k]!);
        weightOf[t]! += w;
        const s = c * nz;
        for (let j = 0; j < nz; j++) data[row + sigPos[s + j]!]! += w * sigSign[s + j]!;
      }
      normalize(data, row, dims);
    }
    // Centre: remove the frequency-weighted mean direction, then renormalise.
    const mean = new Float64Array(dims);
    let sum = 0;
    for (let t = 0; t < numTerms; t++) {
      const w = weightOf[t]!;
      if (!w) continue;
      sum += w;
      for (let i = 0; i < dims; i++) mean[i]! += w * data[t * dims + i]!;
    }
    if (sum > 0) {
      for (let t = 0; t < numTerms; t++) {
        if (!weightOf[t]) continue;
        for (let i = 0; i < dims; i++) data[t * dims + i]! -= mean[i]! / sum;
        normalize(data, t * dims, dims);
      }
    }
    return new TermVectors(dims, data);
  }

  /** Adds `weight` times the vector of `term` into `out` (length `dims`). Unknown terms add nothing. */
  addTo(out: Float32Array, term: number, weight: number): void {
    const row = term * this.dims;
    if (term < 0 || row >= this.data.length) return;
    for (let i = 0; i < this.dims; i++) out[i]! += weight * this.data[row + i]!;
  }

  /** Cosine of two vectors of the same length (0 when either is zero). */
  static cosine(a: Float32Array, b: Float32Array): number {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i]! * b[i]!;
      na += a[i]! * a[i]!;
      nb += b[i]! * b[i]!;
    }
    return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
  }

  /** Cosine of the vectors of two terms. */
  similarity(a: number, b: number): number {
    const d = this.dims;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += this.data[a * d + i]! * this.data[b * d + i]!;
    return dot;
  }
}

function normalize(v: Float32Array, from: number, n: number): void {
  let s = 0;
  for (let i = from; i < from + n; i++) s += v[i]! * v[i]!;
  if (s === 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let i = from; i < from + n; i++) v[i]! *= inv;
}
