/**
 * Every value that shapes how the index is built and how a query is ranked, in one place: {@link SearchParams},
 * one section per part of the search, each value with what it does and its default. {@link buildIndex} takes
 * partial overrides ({@link BuildOptions}: `passages`, `bm25`, `snippet`, `rank`, `vectors`) so the evaluation
 * scripts can measure each one; {@link searchParams} fills in the rest.
 *
 * How the defaults were chosen (what was tried, what it measured, why kept or dropped) is in docs/ranking.md;
 * this file says what each value does.
 *
 * @example
 * const params = searchParams({ rank: { block: 0 }, bm25: { k1: 1.5 } });
 * params.bm25.b // 0.75 (default)
 */
import type { Bm25Params } from './index/bm25.ts';
import { PASSAGE_DEFAULTS, type PassageOptions } from './index/passages.ts';
import { SEMANTIC_DEFAULTS, type SemanticOptions } from './index/semantic.ts';
import type { SnippetOptions } from './quotes/snippet.ts';
import { VECTOR_DEFAULTS } from './index/vectors.ts';
import { availableParallelism } from 'node:os';

/** Weights of the ranking signals (section `rank` of {@link SearchParams}). Measurements: docs/ranking.md. */
export interface RankWeights {
  /** Weight of the BM25 score of the ~1,000-word block around a passage (the discussion it sits in). Default 0.4. */
  block: number;
  /** Content words per block chunk; a passage's block is its chunk plus `blockRadius` chunks each side. Default 250. */
  blockChunkWords: number;
  /** Chunks each side counted in a block. Default 2. */
  blockRadius: number;
  /** Multiplier for passages by the speaker a query names ("what did the professor think..."). Default 2. */
  speakerBoost: number;
  /** Weight of the term-proximity bonus (distinct query terms close together). Default 0.3. */
  proximity: number;
  /** Weight of a typo-corrected query word relative to a word typed right. Default 0.8. */
  corrected: number;
  /** Weight of a vocabulary word standing in for an unknown query word by sub-word match, times the match strength (0.5..1). Default 1. */
  subword: number;
  /** Weight of words sharing a query word's stem beginning, used only when nothing matched in scope. Default 0.5. */
  widened: number;
  /** Weight of the words of a "when discussing ..." clause. Default 0.3. */
  context: number;
  /** Candidates re-scored with the expensive signals (proximity, phrases, windows). Default 300. */
  rerankDepth: number;
  /** Weight of the BM25 scores of the passages just before and after (question in one, answer in the next). Default 0.2. */
  neighbors: number;
  /** Weight of the topical similarity of query and block (corpus-learned term vectors) x best score; 0 = off, vectors not built. Default 0.3. */
  semantic: number;
  /** Weight of the opening/closing prior for queries asking for a recording's start or end ("Introduction and agenda"). Default 0.6. */
  position: number;
  /** Share of a transcript counted as its opening or closing. Default 0.15. */
  positionSpan: number;
  /** A result within this many passages of a better one (same transcript) is moved after the others; 1 = off. Default 4. */
  momentGap: number;
  /** Best candidates re-ranked with the semantic signal. Default 50. */
  semanticDepth: number;
  /** Weight of a WordNet synonym (two most frequent senses; only synonyms the corpus says); 0 = off, WordNet never loaded. Default 0.15. */
  synonyms: number;
  /** Only query words past this rank in spoken-English frequency get synonyms; 0 = every word. Default 1000. */
  synonymMinRank: number;
  /** A synonym in more than this share of all passages is not searched; 1 = off. Default 1. @example { synonymMaxDocShare: 0.05 } */
  synonymMaxDocShare: number;
  /**
   * A synonym in more than this share of the passages in scope (and at least `synonymCandidateMinPostings`) makes no
   * candidates: it is scored only for the candidates the other terms made and their neighbours; 1 = off. Default 0.01.
   * @example { synonymCandidateShare: 1 }
   */
  synonymCandidateShare: number;
  /** Postings in scope a synonym needs before `synonymCandidateShare` defers it. Default 1000. */
  synonymCandidateMinPostings: number;
  /** Weight of a chapter title naming query words (x their IDF x query weight) for passages in that chapter; 0 = off. Default 0.5. */
  chapterTitle: number;
  /** 1 moves a quote ending on a question answered by another speaker onto the answer; 0 = off. Default 1. */
  answer: number;
  /** Maximal-marginal-relevance diversity of the first {@link DIVERSITY_DEPTH} results; 0 = off (needs `semantic`). Default 0.1. */
  diversity: number;
  /** Weight of the chapter-scale window score (BM25 over `midRadius` passages each side); 0 = off. Default 0.3. */
  midBlock: number;
  /** Passages (~40 words each) each side counted by `midBlock`. Default 10. */
  midRadius: number;
  /** Weight of the named speaker's window score (their own words within `speakerRadius` passages); 0 = off. Default 0.2. */
  speakerWindow: number;
  /** Passages each side counted by `speakerWindow`. Default 4. */
  speakerRadius: number;
  /**
   * Weight of the discussion score: the share of the passages around a candidate (same transcript, the
   * candidate left out) that say the query's most specific term, x that term's IDF x query weight. A topic that
   * is discussed keeps coming back in the passages around; a passing mention stands alone. 0 = off. Default 0.25.
   * @example { discussion: 0, discussionBefore: 2, discussionAfter: 2 }
   */
  discussion: number;
  /** Passages after a candidate counted by `discussion`. Default 2. */
  discussionAfter: number;
  /** Passages before a candidate counted by `discussion`. Default 2. */
  discussionBefore: number;
  /**
   * 1 ranks a query over the whole corpus transcript by transcript, best bound first, and stops when no
   * transcript left can reach the first pass's best `rerankDepth` (same results as scoring every passage,
   * see docs/ranking.md "Pruned first pass"); 0 scores every passage. Default 1.
   * @example { prune: 0 }
   */
  prune: number;
  /** Postings (summed over the query's terms) a query needs before it is pruned; below, scoring every passage costs as little. Default 20000. */
  pruneMinPostings: number;
  /**
   * Passages the corpus needs before queries are pruned: below, the per-passage score arrays stay in the CPU's
   * cache and scoring every passage measured as fast as pruning (1,000 hours: 226,000 passages). Default 400000.
   */
  pruneMinPassages: number;
  /**
   * Passages per unit of the pruning bounds (`TermBounds`, built with the index): a transcript's bound sums,
   * per unit, each query term's best there, so smaller units bound tighter (fewer transcripts scored) and
   * take more entries (memory, the bound's fill per query). Default 3 (a chunk is ~6 passages).
   * @example { pruneUnitPassages: 2 }
   */
  pruneUnitPassages: number;
  /**
   * Transcripts the pruned ranking takes off its queue at a time (best bounds first, while they reach the floor)
   * and scores in transcript order, so their postings and passages are read in memory order; 1: strictly best
   * bound first. Changes speed only, never results. Default 256.
   * @example { pruneBatch: 1 }
   */
  pruneBatch: number;
  /**
   * Threads a pruned ranking runs on: 2 ranks the later half of the transcripts (by passages) on a second
   * thread at the same time, the two sharing their heaps' floors (same results); 1 ranks on the calling thread
   * only. A second thread starts only for an index of at least `rankThreadMinPassages` passages whose
   * ranking arrays are in shared memory (restored from the index cache or from another thread, or built in
   * this process, which puts them there), and only on a machine with two or more cores. Default 2.
   * @example { rankThreads: 1 }
   */
  rankThreads: number;
  /**
   * Passages a corpus needs before its pruned rankings use a second thread (`rankThreads`); below, a query's
   * ranking takes too little time for the hand-over to pay. Default 1000000 (10,000 hours: 2.2 million).
   */
  rankThreadMinPassages: number;
  /**
   * How long the calling thread waits for the second thread's half of a query before ranking it itself (and
   * stopping the thread), ms: far above a half's time (~5 ms at 10,000 hours), short enough that a thread
   * stuck for good costs one query a second, once. Default 1000.
   */
  rankThreadTimeoutMs: number;
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
  prune: 1,
  pruneMinPostings: 20_000,
  pruneMinPassages: 400_000,
  pruneUnitPassages: 3,
  pruneBatch: 256,
  rankThreads: 2,
  rankThreadMinPassages: 1_000_000,
  rankThreadTimeoutMs: 1000,
  answer: 1,
  diversity: 0.1,
  midBlock: 0.3,
  midRadius: 10,
  speakerWindow: 0.2,
  speakerRadius: 4,
  discussion: 0.25,
  discussionAfter: 2,
  discussionBefore: 2,
};

/** Widening of query words to words sharing their stem's beginning ({@link RankWeights.widened}). */
export interface WidenParams {
  /** Shortest stem widened. Default 5. */
  minStem: number;
  /** Letters dropped from the stem's end to make the prefix (the prefix keeps at least `minStem`). Default 2. */
  dropLetters: number;
  /** Words added per query word (most common first). Default 6. */
  perWord: number;
}

/** Fuzzy matching of video titles and speaker names (fuse.js; 0 = exact, 1 = anything). */
export interface FuseParams {
  /** Threshold of a video title / id match (`--video`, `findVideos`). Default 0.4. */
  videoThreshold: number;
  /** Weight of the title in a video match. Default 0.8. */
  titleWeight: number;
  /** Weight of the video id in a video match. Default 0.2. */
  idWeight: number;
  /** Threshold of a speaker name match (`--speaker`). Default 0.4. */
  speakerThreshold: number;
}

/** Question -> answer shaping of quotes (values passed to {@link answerWindow}). */
export interface AnswerParams {
  /** The quote must end within this many words of its turn's end to count as ending on it. Default 12. */
  slack: number;
  /** A non-question turn of at most this many words still hands over to a twice-longer answer. Default 10. */
  introWords: number;
}

/** Typo allowance of the vocabulary's correction ({@link Vocabulary.similar}): edits allowed per word length. */
export interface EditBands {
  /** Words up to this many letters allow 1 edit. Default 4. */
  oneUpTo: number;
  /** Longer words up to this many letters allow 2 edits. Default 8. */
  twoUpTo: number;
  /** Edits allowed for longer words. Default 3. */
  most: number;
}

/** Query understanding: which index terms a query searches (`src/search/query/`, `src/search/text/compounds.ts`). */
export interface QueryParams {
  /** Most terms searched per query (a query word can stand for several). Default 30. */
  maxTerms: number;
  /**
   * Words among this many most common in spoken English are never matched to caption look-alikes
   * ({@link Vocabulary.resembling}) and are corrected only to a word one edit away. Default 20,000.
   */
  garbleMinRank: number;
  /** Everyday verbs (this many most common words of spoken English) may end a question as its wrapper ("what did he say"). Default 3,000. */
  questionVerbRank: number;
  /** Passages of the rarer part read per compound split, so a lookup's cost is bounded whatever the corpus. Default 500. */
  compoundScan: number;
  /**
   * An acronym's run said only once (`SGD` -> "solid grasp of determinants") is read as what the letters
   * stand for only when chance would spell them fewer times than this in the corpus: the expected number of
   * runs of that many words whose initials spell the letters (`Lexicon.chanceSpellings`). A run said
   * twice or more is judged as before (said more than any other spelling). Default 0.25.
   */
  acronymOnceChance: number;
}

/** Timeline mentions: how said words group into moments (`src/search/quotes/mentions.ts`). */
export interface MentionParams {
  /** Mentions at most this many words apart are one moment. Default 12. */
  momentGapWords: number;
  /** A moment spans at most this many words. Default 50. */
  momentMaxWords: number;
  /** Words of context each side of a moment's quote (cut at sentence ends). Default 12. */
  contextWords: number;
  /** A topic's last word counts alone when at least this share of its said uses follow the topic's first word. Default 0.5. */
  headAloneShare: number;
}

/** The relevance floor of quote answers: which ranked results really speak to the topic. */
export interface RelevanceParams {
  /** A quote answer keeps results scoring at least this share of the best one. Default 0.4. @example { minRelative: 0.6 } */
  minRelative: number;
}

/** `verify`: when a claim counts as said, and the work spent finding out (`src/search/verify/`). */
export interface VerifyParams {
  /** Similarity from which a claim is "nearly" said rather than not said (docs/ranking.md has how it was set). Default 0.6. */
  nearSimilarity: number;
  /** Lowest spelling similarity at which two different words are variants (caption damage: imagenet/imet). Default 0.5. */
  spellingThreshold: number;
  /** Unmatched claimed words at either end still paired as substitutions (a misremembered first or last word). Default 2. */
  edgeSubstitutions: number;
  /** Claims are aligned on at most this many words. Default 400. */
  maxClaimWords: number;
  /** Alignment work per verify, claim words x transcript words (about 10 ms). Default 600,000. */
  alignCells: number;
  /** Search hits used per verify query. Default 10. */
  candidates: number;
  /** Corpora up to this many words are searched whole for anchors. Default 2,000,000. */
  anchorAllWords: number;
  /** Best anchor windows (over all videos) aligned. Default 12. */
  anchorWindows: number;
}

/** Where shown quotes start and end (`src/search/quotes/bounds.ts`; measurements: docs/ranking.md, Quote bounds). */
export interface BoundsParams {
  /** A gap of at least this many seconds between two cues is a pause (a sentence end in captions without punctuation). Default 0.5. */
  pauseSeconds: number;
  /** Most words a quote is widened by at each side to reach a sentence end. Default 15. */
  widenWords: number;
  /** Captions with fewer sentence marks (`.?!`) than one per this many words count as unpunctuated. Default 100. */
  punctuatedWords: number;
}

/** Everything the index build and the ranking read. Every section is documented value by value. */
export interface SearchParams {
  /** How transcripts are cut into passages (sentence end after ~40 words, 12..70, turns, 1.5 s pauses). */
  passages: Required<PassageOptions>;
  /** BM25: `k1` term-frequency saturation (default 1.2), `b` length normalisation 0..1 (default 0.75), used by passages, blocks and windows. */
  bm25: Required<Bm25Params>;
  /** Quote length in words (`minWords` 20, `maxWords` 60, `targetWords` 40) and the weight of query words beside the best passage (`beside` 0.6). */
  snippet: Required<SnippetOptions>;
  /** Question -> answer shaping. */
  answer: AnswerParams;
  /** Where shown quotes start and end: pauses, widening, what counts as punctuated captions. */
  bounds: BoundsParams;
  /** Ranking weights. */
  rank: RankWeights;
  /** Term and block vectors behind the semantic signal: dims 64, nonZeros 8, maxPostings 4,000,000, seed 1, maxDocShare 0.005, minDocs 50. */
  vectors: Required<SemanticOptions>;
  /** Widening of unmatched query words. */
  widen: WidenParams;
  /** Fuzzy title and speaker matching. */
  fuse: FuseParams;
  /** Typo correction against the vocabulary. */
  vocabulary: EditBands;
  /** Query resolution limits and thresholds. */
  query: QueryParams;
  /** Timeline mentions. */
  mentions: MentionParams;
  /** The relevance floor of quote answers. */
  relevance: RelevanceParams;
  /** Verify thresholds and budgets. */
  verify: VerifyParams;
}

export const SEARCH_DEFAULTS: SearchParams = {
  passages: PASSAGE_DEFAULTS,
  bm25: { k1: 1.2, b: 0.75 },
  snippet: { minWords: 20, maxWords: 60, targetWords: 40, beside: 0.6 },
  answer: { slack: 12, introWords: 10 },
  bounds: { pauseSeconds: 0.5, widenWords: 15, punctuatedWords: 100 },
  rank: RANK_DEFAULTS,
  vectors: { ...VECTOR_DEFAULTS, ...SEMANTIC_DEFAULTS },
  widen: { minStem: 5, dropLetters: 2, perWord: 6 },
  fuse: { videoThreshold: 0.4, titleWeight: 0.8, idWeight: 0.2, speakerThreshold: 0.4 },
  vocabulary: { oneUpTo: 4, twoUpTo: 8, most: 3 },
  query: { maxTerms: 30, garbleMinRank: 20_000, questionVerbRank: 3000, compoundScan: 500, acronymOnceChance: 0.25 },
  mentions: { momentGapWords: 12, momentMaxWords: 50, contextWords: 12, headAloneShare: 0.5 },
  relevance: { minRelative: 0.4 },
  verify: {
    nearSimilarity: 0.6,
    spellingThreshold: 0.5,
    edgeSubstitutions: 2,
    maxClaimWords: 400,
    alignCells: 600_000,
    candidates: 10,
    anchorAllWords: 2_000_000,
    anchorWindows: 12,
  },
};

/** The overridable sections of {@link SearchParams}, each partial. */
export interface ParamOverrides {
  passages?: PassageOptions;
  bm25?: Bm25Params;
  snippet?: SnippetOptions;
  rank?: Partial<RankWeights>;
  vectors?: SemanticOptions;
  bounds?: Partial<BoundsParams>;
}

/** The full parameters: {@link SEARCH_DEFAULTS} with `overrides` applied section by section. */
export function searchParams(overrides: ParamOverrides = {}): SearchParams {
  const d = SEARCH_DEFAULTS;
  return {
    ...d,
    passages: { ...d.passages, ...defined(overrides.passages) },
    bm25: { ...d.bm25, ...defined(overrides.bm25) },
    snippet: { ...d.snippet, ...defined(overrides.snippet) },
    rank: { ...d.rank, ...defined(overrides.rank) },
    vectors: { ...d.vectors, ...defined(overrides.vectors) },
    bounds: { ...d.bounds, ...defined(overrides.bounds) },
  };
}

/** `o` without its undefined fields (an explicit `undefined` keeps the default, as the `??` defaults did). */
function defined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * How the engine spends time and memory, never what it answers: thread counts, batch and step sizes, what
 * stays cached. Every value here leaves every answer identical (the tests compare against one-thread,
 * one-step builds); how each was chosen is in docs/benchmarks.md.
 *
 * @example
 * loadAndTokenize(dir, { pauseSeconds: 1, workers: ENGINE_DEFAULTS.workers });
 */
export interface EngineParams {
  /** Worker threads that read, parse and tokenize caption files beside the main thread in a cold build. Default: one per core beyond the first, at most 3. @example 0 // one thread */
  workers: number;
  /** Fewest caption files for which those workers are started (~280 hours of 3b1b-length videos): below it a worker saves less than its start costs. Default 800. */
  parallelMinFiles: number;
  /** Caption files per batch a thread takes: small enough to share the work evenly, large enough to amortise a message. Default 24. */
  batchFiles: number;
  /** Transcripts' nodes per JSON section of a reload's transfer (one restore step on the main thread each). Default 16. */
  transferTranscripts: number;
  /** Characters of stored text whose verify word tables one warm-up step after a reload builds. Default 150,000 (~10-20 ms). */
  warmChars: number;
  /** Work units of verify's corpus lexicon per warm-up step after a reload. Default 60,000. */
  warmLexicon: number;
  /** Tokens per warm-up step that counts where runs of words start, for the acronym chance rule (`Lexicon.runPlaceSteps`). Default 1,000,000 (~15 ms). */
  warmRunTokens: number;
  /** Transcripts restored from the index cache whose decoded text, cues and packed token places are kept in memory (most recently used; the rest stay in the file). Default 64 (a page of results and its neighbours). */
  keepTranscripts: number;
  /** Transcripts whose token offsets are kept unpacked (most recently used), for cutting quotes (`TokenPlaces`, src/search/index/offsets.ts). Default 64 (a page of results and its neighbours). @example 16 */
  keepTokenOffsets: number;
  /** Postings per step when a cold start builds the pruning bounds after its first answers (one event-loop turn between steps, ~20 ms each). Default 50,000. */
  boundsPostings: number;
  /**
   * Tokens of verify's word tables whose detail (positions grouped by word) is kept in
   * memory, the most recently used; every table keeps its word ids and where each block of 32 tokens starts
   * (about 2.2 bytes a token) and rebuilds the rest from them when asked again (tens of microseconds for a 3,700-token
   * transcript). Default 3,000,000 (the detail costs ~4 bytes a token: ~12 MB), so a corpus small enough to be searched
   * whole for verify's anchors ({@link VerifyParams.anchorAllWords}) keeps every detail.
   * @example 250_000
   */
  verifyTableTokens: number;
  /**
   * Blocks of 32 tokens of verify's word tables whose character ranges are kept once read from the stored
   * text (the last read, by block number; rounded to a power of two). A timeline's moment or a verify window reads 2-4
   * blocks in a row; more only helps a caller going back and forth over longer stretches. Default 16 (4 KB).
   * @example 64
   */
  verifyRangeBlocks: number;
  /** Tokens per counting step when a cold start builds the multi-word terms (autocomplete) after its first answers (one event-loop turn between steps, ~10 ms each). Default 500,000. */
  multiWordTokens: number;
  /** Bytes of the index cache file's text and cue sections checked (CRC-32) per background timer tick after a restart. Default 1 MiB. */
  checkBytes: number;
  /**
   * Milliseconds of main-thread work per step when the index cache file is encoded (after a cold start, in the
   * background; an event-loop turn between steps, so answers wait at most about this long). Default 10.
   */
  writeStepMs: number;
}

/** The defaults of {@link EngineParams}. */
export const ENGINE_DEFAULTS: Readonly<EngineParams> = Object.freeze({
  workers: Math.max(0, Math.min(3, availableParallelism() - 1)),
  parallelMinFiles: 800,
  batchFiles: 24,
  transferTranscripts: 16,
  warmChars: 150_000,
  warmLexicon: 60_000,
  warmRunTokens: 1_000_000,
  keepTranscripts: 64,
  keepTokenOffsets: 64,
  checkBytes: 1 << 20,
  verifyTableTokens: 3_000_000,
  verifyRangeBlocks: 16,
  boundsPostings: 50_000,
  multiWordTokens: 500_000,
  writeStepMs: 10,
});
