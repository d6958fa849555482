/**
 * A BM25 inverted index over numbered documents (passages), built for speed at scale:
 * postings are flat typed arrays (CSR layout: `offsets[term]..offsets[term+1]` into `docs`/`tfs`), documents
 * inside a term's postings are in increasing order (so a document range, e.g. one video, is found by binary
 * search), IDF is computed over the whole corpus, and scoring accumulates into caller-owned scratch arrays
 * (no per-query allocation of corpus-sized structures).
 *
 * @example
 * const b = new Bm25Builder(numTerms);
 * b.addDocument([3, 3, 7]);           // term ids of doc 0 (stopwords already removed)
 * const index = b.build();
 * index.scoreTerm(3, 1, 0, index.numDocs, acc, touched);
 */
import { GrowableInt32 } from './growable.ts';

/** BM25 parameters. */
export interface Bm25Params {
  /** Term-frequency saturation. Default 1.2. */
  k1?: number;
  /** Length normalisation strength, 0..1. Default 0.75. */
  b?: number;
}

/**
 * The BM25 term score: `weight x tf x (k1 + 1) / (tf + norm)`, where `weight` is the term's IDF x query weight,
 * `tf` its frequency in the scored text, `k1p` is `k1 + 1` and `norm` is {@link lengthNorm} of the text. The one
 * saturation formula behind passages, blocks and windows (written in this order so every caller's float
 * result is the same as before it was shared).
 */
export function saturated(weight: number, tf: number, k1p: number, norm: number): number {
  return (weight * tf * k1p) / (tf + norm);
}

/** BM25 length norm of a text of `length` words against an average of `avgLength`: `k1 x (1 - b + b x length / avg)`. */
export function lengthNorm(k1: number, b: number, length: number, avgLength: number): number {
  return k1 * (1 - b + (b * length) / avgLength);
}

/** Collects documents, then builds a {@link Bm25Index}. */
export class Bm25Builder {
  private termOf: GrowableInt32;
  private docOf: GrowableInt32;
  private tfOf: GrowableInt32;
  private lengths = new GrowableInt32(1 << 12);
  private seen: Int32Array;
  private counts: Int32Array;
  private numTerms: number;

  /**
   * `numTermsHint`: expected number of distinct terms (default 65,536). `postingsHint`: expected number of
   * (term, document) postings (default 65,536); sizing it up front avoids re-allocating the posting lists as
   * they grow (each doubling leaves a freed buffer behind in the process's memory).
   */
  constructor(numTermsHint = 1 << 16, postingsHint = 1 << 16) {
    this.termOf = new GrowableInt32(postingsHint);
    this.docOf = new GrowableInt32(postingsHint);
    this.tfOf = new GrowableInt32(postingsHint);
    this.numTerms = numTermsHint;
    this.seen = new Int32Array(numTermsHint).fill(-1);
    this.counts = new Int32Array(numTermsHint);
  }

  private ensureTerm(t: number): void {
    if (t < this.seen.length) return;
    let size = this.seen.length;
    while (size <= t) size *= 2;
    const seen = new Int32Array(size).fill(-1);
    seen.set(this.seen);
    const counts = new Int32Array(size);
    counts.set(this.counts);
    this.seen = seen;
    this.counts = counts;
  }

  /** Adds the next document (id = number of documents added before) from its indexed term ids. */
  addDocument(termIds: ArrayLike<number>, from = 0, to = termIds.length): number {
    const doc = this.lengths.length;
    const start = this.termOf.length;
    let len = 0;
    for (let i = from; i < to; i++) {
      const t = termIds[i]!;
      if (t < 0) continue;
      len++;
      this.ensureTerm(t);
      if (this.seen[t] !== doc) {
        this.seen[t] = doc;
        this.counts[t] = 1;
        this.termOf.push(t);
        this.docOf.push(doc);
        this.tfOf.push(0);
      } else this.counts[t]!++;
      if (t >= this.numTerms) this.numTerms = t + 1;
    }
    for (let k = start; k < this.termOf.length; k++) this.tfOf.data[k] = this.counts[this.termOf.data[k]!]!;
    this.lengths.push(len);
    return doc;
  }

  build(numTerms = this.numTerms, params: Bm25Params = {}): Bm25Index {
    const n = this.termOf.length;
    const offsets = new Int32Array(numTerms + 1);
    for (let k = 0; k < n; k++) offsets[this.termOf.data[k]! + 1]!++;
    for (let t = 0; t < numTerms; t++) offsets[t + 1]! += offsets[t]!;
    const fill = offsets.slice(0, numTerms);
    const docs = new Int32Array(n);
    const tfs = new Uint16Array(n);
    for (let k = 0; k < n; k++) {
      const pos = fill[this.termOf.data[k]!]!++;
      docs[pos] = this.docOf.data[k]!;
      tfs[pos] = Math.min(65535, this.tfOf.data[k]!);
    }
    return new Bm25Index(offsets, docs, tfs, this.lengths.toArray(), params);
  }
}

/** The built index. Immutable. */
export class Bm25Index {
  readonly numDocs: number;
  readonly avgLength: number;
  readonly idf: Float32Array;
  /** Per document: k1 * (1 - b + b * len / avg), precomputed. */
  readonly norm: Float32Array;
  readonly k1: number;
  /** Length normalisation strength (0..1) the norms were computed with. */
  readonly b: number;

  constructor(
    readonly offsets: Int32Array,
    readonly docs: Int32Array,
    readonly tfs: Uint16Array,
    readonly lengths: Int32Array,
    params: Bm25Params = {},
  ) {
    this.k1 = params.k1 ?? 1.2;
    const b = params.b ?? 0.75;
    this.b = b;
    this.numDocs = lengths.length;
    let total = 0;
    for (let d = 0; d < this.numDocs; d++) total += lengths[d]!;
    this.avgLength = this.numDocs ? total / this.numDocs || 1 : 1;
    this.norm = new Float32Array(this.numDocs);
    for (let d = 0; d < this.numDocs; d++) this.norm[d] = lengthNorm(this.k1, b, lengths[d]!, this.avgLength);
    const numTerms = offsets.length - 1;
    this.idf = new Float32Array(numTerms);
    for (let t = 0; t < numTerms; t++) {
      const df = offsets[t + 1]! - offsets[t]!;
      this.idf[t] = Math.log(1 + (this.numDocs - df + 0.5) / (df + 0.5));
    }
  }

  /** Number of documents containing the term. */
  df(term: number): number {
    return term >= 0 && term < this.offsets.length - 1 ? this.offsets[term + 1]! - this.offsets[term]! : 0;
  }

  /**
   * {@link lowerBound} when a posting of `term` at or before the answer is known (`from`, e.g. where the term's
   * postings in a transcript start): galloping forward from there, so a search inside one transcript reads a
   * few postings near it instead of halving the whole list.
   *
   * @example index.lowerBoundFrom(3, 120, start) // === index.lowerBound(3, 120) when docs[start] <= 120 or start is the answer
   */
  lowerBoundFrom(term: number, doc: number, from: number): number {
    const end = this.offsets[term + 1]!;
    const docs = this.docs;
    if (from >= end || docs[from]! >= doc) return from;
    // docs[lo] < doc; widen the step until docs[hi] >= doc (or the list ends), then halve.
    let lo = from;
    let step = 1;
    let hi = from + 1;
    while (hi < end && docs[hi]! < doc) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > end) hi = end;
    return this.firstAtOrAfter(doc, lo + 1, hi);
  }

  /** First posting index of `term` whose doc is >= `doc` (binary search). */
  lowerBound(term: number, doc: number): number {
    return this.firstAtOrAfter(doc, this.offsets[term]!, this.offsets[term + 1]!);
  }

  /** First posting index in `[lo, hi)` whose doc is >= `doc`, or `hi` (binary search; docs ascend there). */
  private firstAtOrAfter(doc: number, lo: number, hi: number): number {
    const docs = this.docs;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Adds `weight * BM25(term, doc)` to `acc[doc]` for every document in `[docFrom, docTo)` containing the term.
   * Documents whose `acc` was 0 before are appended to `touched` (`touched.length` is advanced).
   * `mask[doc] |= bit` records which query terms matched. `start`: the term's first posting at or after
   * `docFrom` when the caller knows it (no search; -1: the term has none in the range).
   */
  scoreTerm(
    term: number,
    weight: number,
    docFrom: number,
    docTo: number,
    acc: Float32Array,
    touched: { data: Int32Array; length: number },
    mask: Int32Array,
    bit: number,
    start?: number,
  ): void {
    if (term < 0 || term >= this.offsets.length - 1 || start === -1) return;
    const idf = this.idf[term]! * weight;
    const k1p = this.k1 + 1;
    const end = this.offsets[term + 1]!;
    for (let k = start ?? (docFrom > 0 ? this.lowerBound(term, docFrom) : this.offsets[term]!); k < end; k++) {
      const d = this.docs[k]!;
      if (d >= docTo) break;
      const tf = this.tfs[k]!;
      if (mask[d] === 0) touched.data[touched.length++] = d;
      mask[d]! |= bit;
      acc[d]! += saturated(idf, tf, k1p, this.norm[d]!);
    }
  }
}
