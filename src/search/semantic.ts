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
}

export const SEMANTIC_DEFAULTS = { maxDocShare: 0.005 };

/** A term in at most this many passages always counts (small corpora keep every term). */
const MIN_DOC_LIMIT = 50;

export class BlockSemantics {
  private constructor(
    readonly vectors: TermVectors,
    private readonly idf: Float32Array,
    /** `numChunks * dims`: unnormalised chunk vectors. */
    private readonly chunkVec: Float32Array,
    private readonly chunkTranscript: Int32Array,
    private readonly scratch: Float32Array,
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
    const maxDf = Math.max(MIN_DOC_LIMIT, (options.maxDocShare ?? SEMANTIC_DEFAULTS.maxDocShare) * passageChunk.length);
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
    return new BlockSemantics(vectors, idf, chunkVec, chunkTranscript, new Float32Array(d));
  }

  /** The vector of a query: IDF x weight sum of its terms' vectors. */
  queryVector(terms: ReadonlyArray<{ id: number; weight: number }>): Float32Array {
    const q = new Float32Array(this.vectors.dims);
    for (const t of terms) this.vectors.addTo(q, t.id, this.idf[t.id]! * t.weight);
    return q;
  }

  /** Cosine of `query` and the block around `chunk` (`radius` chunks each side, same transcript). */
  blockCosine(query: Float32Array, chunk: number, radius: number): number {
    const d = this.vectors.dims;
    const b = this.scratch;
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
