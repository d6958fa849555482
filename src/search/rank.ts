/**
 * How the signals of a query are combined into one score per passage. Every weight is documented with
 * its default; {@link buildIndex} takes overrides (`options.rank`) so the evaluation scripts can measure
 * each one.
 */

/** Weights of the ranking signals. */
export interface RankWeights {
  /** Weight of the BM25 score of the ~1,000-word stretch around a passage (the discussion it sits in). Default 0.4. */
  block: number;
  /** Words per block chunk; a passage's block is its chunk plus `blockRadius` chunks each side. Default 250. */
  blockChunkWords: number;
  /** Chunks each side counted in a block. Default 2. */
  blockRadius: number;
  /** Multiplier for passages by the speaker a query names ("what did the professor think..."). Default 2 (1.6 before the re-rank signals; 2-2.5 measured alike). */
  speakerBoost: number;
  /** Weight of the term-proximity bonus (distinct query terms close together). Default 0.3 (0.6 before the neighbour and semantic signals). */
  proximity: number;
  /** Weight of a typo-corrected query word relative to a word typed right. Default 0.8. */
  corrected: number;
  /**
   * Weight of a vocabulary word standing in for an unknown query word by sub-word match ("imagenet" ->
   * "image", "imet"), multiplied by the match strength (bigram Dice, 0.5..1). Default 1.
   */
  subword: number;
  /** Weight of words sharing a query word's stem beginning, used only when nothing matched in scope. Default 0.5. */
  widened: number;
  /** Weight of the words of a "when discussing ..." clause. Default 0.3. */
  context: number;
  /** Candidates re-scored with the expensive signals (proximity, phrases). Default 300. */
  rerankDepth: number;
  /**
   * Weight of the BM25 scores of the passages just before and after (a moment often spans a few passages:
   * the question in one, the answer in the next). Default 0.2.
   */
  neighbors: number;
  /**
   * Weight of the topical similarity (cosine of corpus-learned term vectors, {@link BlockSemantics}) between
   * the query and the block around a passage, times the best candidate's score. 0 turns it off and skips
   * building the vectors. Default 0.3.
   */
  semantic: number;
  /**
   * Weight of the position prior for queries that ask for a recording's opening or closing by their wording
   * ("Introduction and agenda", "Wrap-up of the meeting"): a candidate in the first (last) `positionSpan`
   * of its transcript gains up to `position x best score`, falling linearly to 0 at the span's edge (0.6-1
   * measured alike). When no passage in a one-video scope matches the words, that span itself is returned.
   * Default 0.6.
   */
  position: number;
  /** Share of a transcript counted as its opening or closing. Default 0.15. */
  positionSpan: number;
  /**
   * A result within this many passages (~40 words each) of a better one in the same transcript is moved
   * after the results that are not (kept for paging, never dropped), so the top results are distinct
   * moments rather than one discussion quoted three times. 1 = off. Default 4.
   */
  momentGap: number;
  /** Best candidates re-ranked with the semantic signal. Default 50 (100 measured the same). */
  semanticDepth: number;
  /**
   * Weight of a WordNet synonym of a query word ({@link synonyms}: the word's two most frequent senses per part
   * of speech; only synonyms the corpus says), relative to the word itself. 0 turns it off and never loads
   * WordNet. Default 0.15 (measured 0.1-0.2 alike: qmsum S@3 0.770 -> 0.780, 3b1b S@3 0.677 -> 0.710; 0.25+
   * starts to cost S@1).
   */
  synonyms: number;
  /**
   * Only query words past this rank in spoken-English frequency ({@link generalRank}) get synonyms: common
   * words have many loose senses ("help" -> "assist" -> "assistant"). 0 = every word. Default 1000 (3000
   * measured lower on both sets; 0 lets "how did GPUs help?" quote a passage about an assistant first).
   */
  synonymMinRank: number;
  /**
   * A synonym found in more than this share of all passages is not searched ("purposes" -> "use", "like"):
   * at the synonym weight it adds little to any score, but its postings make up most of a query's work at
   * large sizes. Default 1 (off: every synonym is searched; results exactly as without the option).
   * @example { synonymMaxDocShare: 0.05 }
   */
  synonymMaxDocShare: number;
  /**
   * A synonym ({@link RankWeights.synonyms}) found in more than this share of the passages in scope, and in
   * at least {@link RankWeights.synonymCandidateMinPostings} of them, does not make candidates: it is scored
   * after the other query terms, only for the passages they made candidates and those passages' neighbours
   * (for {@link RankWeights.neighbors}), and its block score only reaches blocks the other terms reached
   * (every candidate's own block is one). So every candidate's BM25, neighbour and block scores are what they
   * were (to float rounding); what changes is that a passage saying *only* such a synonym ("purposes" ->
   * "use", in 27k of 226k passages at 1,000 hours) is no longer a candidate (nor merged into a neighbouring
   * result's quote), and the ranking loops no longer visit tens of thousands of them. When the other terms
   * match nothing in scope, the synonyms make the candidates as before. 1 = off. Default 0.01. Measured at
   * 1,000 hours (`scripts/bench/query-profile.ts --hours 1000 --base` against the code without it, two runs):
   * top-5 quotes identical and in the same order on 220/220 benchmark queries; p50 1.26 -> 1.20 and 1.27 ->
   * 1.20 ms, p99 3.64 -> 3.03 and 3.83 -> 2.81 ms (-17 %, -27 %; after main's compound splitting, load 1.5:
   * p99 4.42 -> 3.83 and 4.37 -> 3.66 ms); shares 0.05 / 0.02 / 0.005 / 0 keep the same rankings, 0.05 saves
   * less. Retrieval on qmsum-train and 3b1b-chapters-dev identical (their scopes stay below the postings
   * floor). Dropping such synonyms instead ({@link RankWeights.synonymMaxDocShare} 0.05) is about as fast but
   * changes 2/220 rankings and qmsum S@1. Scoring a deferred synonym by a binary search in its postings per
   * candidate, instead of one walk over its postings, measured 2.3x slower at p99 (the candidates of a slow
   * query number thousands).
   * @example { synonymCandidateShare: 1 } // off: every synonym makes candidates
   */
  synonymCandidateShare: number;
  /**
   * Postings in scope a synonym needs before {@link RankWeights.synonymCandidateShare} defers it: below a
   * few thousand a walk over them costs microseconds, and in a small scope (one meeting) a passage saying
   * only a synonym is a real candidate. Default 1000 (0 applies the share alone: qmsum-train S@3 0.800 ->
   * 0.796 at the default share, 0.797 at 0.02, S@1 unchanged; 500 measured identical to 1000).
   * @example { synonymCandidateMinPostings: 0 }
   */
  synonymCandidateMinPostings: number;
  /**
   * Chapter titles as a field: a candidate passage inside a chapter (from the video's `.info.json`: YouTube
   * chapters) whose title names query words gains `chapterTitle x` the sum of those words' IDF x query
   * weight, about half of what saying each word once in the passage adds. Chapters are the creator's own
   * summary of each stretch, so "scaling laws" favours the "Scaling laws" chapter over a passing mention
   * elsewhere; the passage must still say a query word (it is a candidate). Synonyms do not count. 0 = off.
   * Default 0.5. Not measurable on the development sets (their sidecars carry no chapters: the chapter
   * titles are the 3b1b queries), so both read identical with it on; the weight is set by that reasoning,
   * not tuned, and a test checks the behaviour.
   * @example { chapterTitle: 0 } // ignore chapter titles
   */
  chapterTitle: number;
  /**
   * Question -> answer ({@link answerWindow}): 1 moves a quote that ends on a question turn (or a short turn
   * naming a topic) answered by another speaker onto the answer; 0 = off. Default 1 (qmsum S@1 / S@3 0.584 /
   * 0.781 -> 0.591 / 0.787; 3b1b unchanged: one narrator).
   */
  answer: number;
  /**
   * Diversity of the first results (maximal marginal relevance): after the best result, each next one among
   * the best {@link DIVERSITY_DEPTH} is picked by `score / best score - diversity x similarity`, where the
   * similarity is the largest cosine (0 when negative, 0 across recordings) between its region vector and
   * those of the results already placed ({@link BlockSemantics.regionVector}: the block's topic with the
   * recording's overall topic taken out). So when the first result is the wrong discussion, the second and
   * third come from other discussions rather than more of the same. The first result never changes.
   * 0 = off; needs `semantic` > 0. Default 0.1 (qmsum-train S@3 / MRR@5 0.787 / 0.692 -> 0.792 / 0.694,
   * topic and specific both up, S@1 unchanged by construction; 3b1b-chapters-dev unchanged; 0.2+ costs 3b1b
   * S@3). The deferral of `momentGap` stays: only the moments it leaves first are re-ordered.
   * @example { diversity: 0 } // plain score order
   */
  diversity: number;
  /**
   * Weight of the chapter-scale window score: BM25 of the query terms counted over the passages `midRadius`
   * each side of a passage (same transcript; term frequency saturated with k1, length-normalised against the
   * average window), added for the re-ranked candidates ({@link RankWeights.rerankDepth}). A third scale
   * between the neighbours (one passage each side) and the block (~1,000 content words): one stretch of a
   * talk that keeps saying the query's words (a lecture's chapter, a meeting's agenda item, a few minutes)
   * ranks above a passage that says them once in passing, e.g. a recap or an agenda list. 0 = off.
   * Default 0.3 (qmsum-train S@1 / S@3 0.591 / 0.792 -> 0.596 / 0.800, both halves of the meetings up;
   * 3b1b-chapters-dev unchanged at 0.548 / 0.710; weight 0.2 measured 0.595 / 0.795, 0.4 costs 3b1b S@1).
   * Cost: two binary searches in the postings per query term and candidate. A relative variant ("focus": a
   * candidate's windowed count of each query word over that word's peak in scope) measured 0.596 / 0.798
   * alone and 0.598 / 0.799 with this on, costing 3b1b S@3 one query; it was not kept.
   * @example { midBlock: 0 } // off
   */
  midBlock: number;
  /**
   * Passages (~40 words each) each side counted in the chapter-scale window of {@link RankWeights.midBlock}.
   * Default 10 (about 400 words each side, 2-3 minutes of speech; 8 and 12 measured alike on qmsum-train,
   * each moved one 3b1b query by one rank).
   */
  midRadius: number;
  /**
   * Weight of the named speaker's window score, for queries that name a speaker of the recording ("what did
   * Marketing think about the buttons?", {@link RankWeights.speakerBoost}): BM25 of the query terms said *by
   * that speaker* in the passages `speakerRadius` each side of a candidate (term frequencies saturated with
   * k1, no length normalisation), added for the re-ranked candidates. The speaker boost only looks at the
   * candidate passage itself, so a short remark by the named person next to other people's discussion
   * ranks like their own few turns on the subject; this favours the stretch where the named speaker
   * themselves keeps talking about the query's words. Recordings without speaker tags (lectures, most
   * auto-captions) never get it: results there are unchanged. 0 = off. Default 0.2 (qmsum-train S@1 /
   * S@3 0.596 / 0.801 -> 0.601 / 0.800, both halves' S@1 up: h0 0.593 -> 0.597, h1 0.599 -> 0.604;
   * 3b1b-chapters-dev unchanged; weights
   * 0.15-0.4 and radii 2-6 all measured 0.599-0.602 S@1, S@3 -0.001 to -0.003). Measured without gain on
   * the same sets: a BM25 score of the whole contiguous speaker turn a passage belongs to (any speaker,
   * length-normalised against the average turn with b 0.75 / 0.5 / 0.3 / 0, or only turns of 2+ or 6+
   * passages, or leaving the passage itself out: qmsum S@1 0.582-0.593), the same only for the named
   * speaker's turn (0.598 / 0.799), and neighbours counted only within the same speaker's turn (0.591):
   * meeting answers span several people's turns, so turn boundaries are no better unit than windows.
   * @example { speakerWindow: 0 } // off
   */
  speakerWindow: number;
  /** Passages (~40 words or one short turn each) each side counted by {@link RankWeights.speakerWindow}. Default 4. */
  speakerRadius: number;
}

/** Results re-ordered by {@link RankWeights.diversity}. */
export const DIVERSITY_DEPTH = 10;

export const RANK_DEFAULTS: RankWeights = {
  block: 0.4,
  blockChunkWords: 250,
  blockRadius: 2,
  speakerBoost: 2,
  proximity: 0.3,
  corrected: 0.8,
  subword: 1,
  widened: 0.5,
  context: 0.3,
  rerankDepth: 300,
  neighbors: 0.2,
  semantic: 0.3,
  semanticDepth: 50,
  momentGap: 4,
  position: 0.6,
  positionSpan: 0.15,
  synonyms: 0.15,
  synonymMinRank: 1000,
  synonymMaxDocShare: 1,
  synonymCandidateShare: 0.01,
  synonymCandidateMinPostings: 1000,
  chapterTitle: 0.5,
  answer: 1,
  diversity: 0.1,
  midBlock: 0.3,
  midRadius: 10,
  speakerWindow: 0.2,
  speakerRadius: 4,
};

/**
 * Proximity bonus of one passage: for each pair of consecutive query-term occurrences of *different* terms,
 * the smaller of their weights divided by their distance in words. `positions` and `bits` list the
 * occurrences in text order; `weights[bit]` is the term's weight (IDF x query weight).
 */
export function proximityBonus(positions: ArrayLike<number>, bits: ArrayLike<number>, count: number, weights: ArrayLike<number>): number {
  let bonus = 0;
  for (let i = 1; i < count; i++) {
    const a = bits[i - 1]!;
    const b = bits[i]!;
    if (a === b) continue;
    const gap = positions[i]! - positions[i - 1]!;
    bonus += Math.min(weights[a]!, weights[b]!) / Math.max(1, gap);
  }
  return bonus;
}

/** A fixed-capacity min-heap keeping the `capacity` best (score, id) pairs. */
export class TopK {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  size = 0;
  constructor(readonly capacity: number) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }
  clear(): void {
    this.size = 0;
  }
  push(id: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.scores[i] = this.scores[parent]!;
        this.ids[i] = this.ids[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.ids[i] = id;
    } else if (score > this.scores[0]!) {
      let i = 0;
      const n = this.size;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.scores[r]! < this.scores[l]! ? r : l;
        if (this.scores[c]! >= score) break;
        this.scores[i] = this.scores[c]!;
        this.ids[i] = this.ids[c]!;
        i = c;
      }
      this.scores[i] = score;
      this.ids[i] = id;
    }
  }
  /** The kept pairs, best first (ties: lower id first). */
  sorted(): Array<{ id: number; score: number }> {
    const out: Array<{ id: number; score: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}
