/**
 * Topical similarity of a query to the discussion around a passage, from term vectors learned on the corpus
 * ({@link TermVectors}). Used only to re-rank the best lexical candidates: it rewards a passage whose
 * surrounding ~1,000 words are *about* what was asked even when they use other words for it ("kinetic",
 * "solar", "recharge" for a question about the battery), which the lexical block score cannot see.
 *
 * Build: each chunk (~250 content words) gets the IDF x tf weighted sum of its terms' vectors (terms in
 * more than `maxDocShare` of all passages left out); a block is
 * a chunk plus `radius` chunks each side in the same transcript. Query: the IDF x weight sum of the query
 * terms' vectors; the signal is the cosine of the two.
 *
 * Cost: term vectors read every posting once (x `nonZeros`, sampled past `maxPostings`); chunk vectors read
 * the postings of the terms kept (x dims). Measured: ~80 ms for 135 hours of meetings, ~0.5 s for ~1,000
 * hours (of a ~9.5 s index build); memory `(terms + chunks) x dims` floats (~4 MB for 135 hours). A query
 * costs `semanticDepth x (2 radius + 1) x dims` multiply-adds (~16k for 50 candidates).
 *
 * @example
 * const semantic = BlockSemantics.build({ postings: bm25, idf: bm25.idf, passageChunk, chunkTranscript, numChunks });
 * const q = semantic.queryVector([{ id: 12, weight: 1 }]);
 * semantic.blockCosine(q, chunkOfPassage, 2); // -1..1
 */
import { TermVectors, type Postings, type VectorOptions } from './vectors.ts';

/** What {@link BlockSemantics.build} reads from the index. */
export interface SemanticInput {
  /** Passage postings (stopwords not indexed). */
  postings: Postings;
  /** IDF of every term. */
  idf: Float32Array;
  /** Chunk of each passage. */
  passageChunk: Int32Array;
  /** Transcript of each chunk (blocks never cross transcripts). */
  chunkTranscript: Int32Array;
}

/** Options of {@link BlockSemantics.build}: the term vectors' options plus which terms make up a block. */
export interface SemanticOptions extends VectorOptions {
  /**
   * Terms found in more than this share of all passages (and in more than 50) are left out of chunk vectors: they say little
   * about a topic and make up most postings (0.005 measured as good as 1 on both dev sets and cuts this
   * build step ~3x: ~0.5 s instead of ~1.4 s for ~1,000 hours). Default 0.005. @example { maxDocShare: 1 }
   */
  maxDocShare?: number;
  /** A term in at most this many passages always counts, whatever `maxDocShare` says (small corpora keep every term). Default 50. */
  minDocs?: number;
}

export const SEMANTIC_DEFAULTS = { maxDocShare: 0.005, minDocs: 50 };

export class BlockSemantics {
  private constructor(
    readonly vectors: TermVectors,
    private readonly idf: Float32Array,
    /** `numChunks * dims`: unnormalised chunk vectors. */
    private readonly chunkVec: Float32Array,
    private readonly chunkTranscript: Int32Array,
    /** `dims` floats a block's vector is summed into; made on first use and never saved (a transient field). */
    private scratch: Float32Array | undefined,
    /** `numTranscripts * dims`: per transcript, the unit-length mean of its unit chunk vectors (see {@link regionVector}). */
    private readonly transcriptMean: Float32Array,
  ) {}

  /** Learns term vectors with chunks as contexts, then sums them into chunk vectors. */
  static build(input: SemanticInput, options: SemanticOptions = {}): BlockSemantics {
    const { postings, idf, passageChunk, chunkTranscript } = input;
    const vectors = TermVectors.build(postings, passageChunk, options);
    const d = vectors.dims;
    const numChunks = chunkTranscript.length;
    const chunkVec = new Float32Array(numChunks * d);
    const data = vectors.data;
    const numTerms = postings.offsets.length - 1;
    const maxDf = Math.max(options.minDocs ?? SEMANTIC_DEFAULTS.minDocs, (options.maxDocShare ?? SEMANTIC_DEFAULTS.maxDocShare) * passageChunk.length);
    for (let t = 0; t < numTerms; t++) {
      const end = postings.offsets[t + 1]!;
      if (end - postings.offsets[t]! > maxDf) continue;
      const row = t * d;
      const w0 = idf[t]!;
      for (let k = postings.offsets[t]!; k < end; k++) {
        const c = passageChunk[postings.docs[k]!]!;
        const w = w0 * postings.tfs[k]!;
        const out = c * d;
        for (let i = 0; i < d; i++) chunkVec[out + i]! += w * data[row + i]!;
      }
    }
    const numTranscripts = numChunks ? chunkTranscript[numChunks - 1]! + 1 : 0;
    const transcriptMean = new Float32Array(numTranscripts * d);
    for (let c = 0; c < numChunks; c++) {
      let norm = 0;
      for (let i = 0; i < d; i++) norm += chunkVec[c * d + i]! * chunkVec[c * d + i]!;
      norm = Math.sqrt(norm) || 1;
      const out = chunkTranscript[c]! * d;
      for (let i = 0; i < d; i++) transcriptMean[out + i]! += chunkVec[c * d + i]! / norm;
    }
    for (let t = 0; t < numTranscripts; t++) unitize(transcriptMean.subarray(t * d, t * d + d));
    return new BlockSemantics(vectors, idf, chunkVec, chunkTranscript, undefined, transcriptMean);
  }

  /** The vector of a query: IDF x weight sum of its terms' vectors. */
  queryVector(terms: ReadonlyArray<{ id: number; weight: number }>): Float32Array {
    const q = new Float32Array(this.vectors.dims);
    for (const t of terms) this.vectors.addTo(q, t.id, this.idf[t.id]! * t.weight);
    return q;
  }

  /**
   * What the block around `chunk` is about *within its recording*: the block's unit vector minus its
   * component along the recording's mean direction (a new array). Two blocks of one meeting share that
   * mean (the meeting's overall subject), so the cosine of their region vectors says whether they are the
   * same sub-discussion; used to diversify results ({@link RankWeights.diversity}).
   */
  regionVector(chunk: number, radius: number): Float32Array {
    const d = this.vectors.dims;
    const v = new Float32Array(d);
    const t = this.chunkTranscript[chunk]!;
    const last = Math.min(this.chunkTranscript.length - 1, chunk + radius);
    for (let w = Math.max(0, chunk - radius); w <= last; w++) {
      if (this.chunkTranscript[w] !== t) continue;
      for (let i = 0; i < d; i++) v[i]! += this.chunkVec[w * d + i]!;
    }
    unitize(v);
    const mean = this.transcriptMean.subarray(t * d, t * d + d);
    let dot = 0;
    for (let i = 0; i < d; i++) dot += v[i]! * mean[i]!;
    for (let i = 0; i < d; i++) v[i]! -= dot * mean[i]!;
    return v;
  }

  /** Cosine of `query` and the block around `chunk` (`radius` chunks each side, same transcript). */
  blockCosine(query: Float32Array, chunk: number, radius: number): number {
    const d = this.vectors.dims;
    const b = (this.scratch ??= new Float32Array(d));
    b.fill(0);
    const t = this.chunkTranscript[chunk];
    const last = Math.min(this.chunkTranscript.length - 1, chunk + radius);
    for (let w = Math.max(0, chunk - radius); w <= last; w++) {
      if (this.chunkTranscript[w] !== t) continue;
      for (let i = 0; i < d; i++) b[i]! += this.chunkVec[w * d + i]!;
    }
    return TermVectors.cosine(query, b);
  }
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
function unitize(v: Float32Array): void {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
}
