/**
 * The search layer's public contract: what the core may ask of an index.
 *
 * The index is built once from a {@link Corpus} (`buildIndex(corpus, options)` in `src/search/index.ts`)
 * and is immutable afterwards; hot reload builds a new one and swaps it.
 * Every `text` returned here is an exact substring of the transcript's stored text (its cleaned cues
 * joined with single spaces, see `transcriptText()`), never paraphrased or re-joined across a gap.
 */
import type { Corpus, Transcript, VideoMeta } from '../corpus/types.ts';
import type { SearchParams } from './params.ts';

/**
 * A quotable span of one transcript, as returned by every search method.
 *
 * @example
 * { video: meta, start: 93.4, end: 108.2, approximate: true, text: 'the gpus appeared in our lab...',
 *   score: 12.7, speaker: undefined, chapter: undefined }
 */
export interface Hit {
  /** The video the text comes from. */
  video: VideoMeta;
  /** The transcript (file, format, cues) the text comes from. */
  transcript: Transcript;
  /** Start of the quoted text in seconds. */
  start: number;
  /** End of the quoted text in seconds. */
  end: number;
  /** True when the times are estimates (transcript without timestamps). */
  approximate: boolean;
  /** Verbatim text: an exact substring of the transcript's stored text. */
  text: string;
  /** Character offsets of `text` in the transcript's stored text: `[charStart, charEnd)`. */
  charStart: number;
  charEnd: number;
  /** Relevance score, higher is better (0 for non-ranked listings such as neighbours). */
  score: number;
  /** Speaker of the passage, when known. */
  speaker?: string;
  /** Title of the chapter the passage starts in, when known. */
  chapter?: string;
  /**
   * Characters `[from, to)` of the stored text from the first to the last query word in the quote, when the
   * quote holds any: a quote may be shortened to a sentence end, never into this span. @example [1204, 1290]
   */
  matches?: [number, number];
}

/** Options of {@link SearchIndex.search}. */
export interface SearchOptions {
  /** How many hits to return. Default 5. */
  limit?: number;
  /** How many of the best hits to skip (paging). Default 0. */
  offset?: number;
  /**
   * Only this video: an exact id, or a title matched fuzzily (fuse.js). Default: all videos.
   * @example { video: 'f96Xrg4uNik' } or { video: 'determinant' }
   */
  video?: string;
  /** Only passages by this speaker (matched fuzzily against the corpus's speaker names). */
  speaker?: string;
  /**
   * Relevance floor, relative: drop results scoring below this fraction (0..1) of the best result's score, so
   * a user is not shown passages that are noise next to the best one. `total` counts only the results kept.
   * Default 0 (off: a ranked list always has `limit` results when that many match anything, as benchmarks
   * expect). The bot's `quote` command uses 0.4.
   * @example index.search('imagenet', { minRelative: 0.4 })
   */
  minRelative?: number;
  /**
   * Relevance floor, by content: keep only results that contain the query's most specific word (rarest in
   * general spoken English, then by corpus IDF; a typo correction or sub-word stand-in for it counts), or
   * at least half of the query's words when it has three or more. "how did GPUs help?" then never
   * returns a passage that only says "helpful". No effect on one-word queries or exact phrases.
   * `total` counts only the results kept. Default false. The bot's `quote` and `timeline` commands turn it on.
   * @example index.search('how did GPUs help?', { requireKeyWord: true })
   */
  requireKeyWord?: boolean;
}

/** What a search found, plus what the query was understood as (for helpful replies). */
export interface SearchResponse {
  hits: Hit[];
  /** How many distinct results exist in all (for "page 2 of 4"); at least `offset + hits.length`. */
  total: number;
  /** The content terms the query was reduced to after dropping the question wrapper and stopwords. */
  terms: string[];
  /**
   * What the query asks about when it is more than its topic: its topic words in the order typed, question
   * wrapper and stopwords dropped, e.g. `'reliability'` for "what does he think about reliability?" (for
   * replies such as 'No passage mentions "reliability"'). Undefined when the query is all topic words.
   */
  subject?: string;
  /** Query words replaced by a vocabulary word (typo tolerance), e.g. `{ gpsu: 'gpus' }`. */
  corrected: Record<string, string>;
  /** "Did you mean" vocabulary words, when nothing or little was found. */
  suggestions: string[];
  /** The video the `video` option resolved to, when given; undefined if it matched nothing. */
  video?: VideoMeta;
  /** The speaker the `speaker` option (or the query itself) resolved to. */
  speaker?: string;
  /**
   * Quoted phrases that no passage in scope says word for word (then their words were searched as plain
   * terms and the hits are the closest passages), as typed, e.g. `['triple RC']`.
   */
  unmatchedPhrases?: string[];
  /**
   * Set by `mentions` when a topic's words are never said together: the one word (its most specific)
   * whose moments are listed instead, e.g. `'gpus'` for "how did GPUs help?". Undefined otherwise.
   */
  onlyWord?: string;
}

/** Result of {@link SearchIndex.verify}. */
export interface VerifyResult {
  /** `verbatim`: said word for word; `near`: said with small differences; `none`: not found. */
  verdict: 'verbatim' | 'near' | 'none';
  /** The closest passage, when any. */
  hit?: Hit;
  /** Share of the claim's words matched in order by the passage, 0..1. */
  similarity: number;
  /**
   * Word-level differences between the claim and the transcript when `near`
   * (`said` is the transcript's wording, `claimed` the user's).
   */
  differences: Array<{ claimed: string; said: string }>;
}

/** The searchable corpus. Immutable once built. */
export interface SearchIndex {
  /** The corpus this index was built from. */
  readonly corpus: Corpus;
  /**
   * The tuning values this index was built with; the core shapes quotes with them
   * (`sentenceBounds(hit, index.params)`, `toQuote(hit, index.params.bounds)`).
   */
  readonly params: SearchParams;
  /**
   * Ranked passages for a topic or question. Any string is a valid query (no match is an empty response);
   * an internal failure throws, so the caller reports it instead of saying "no passage mentions ...".
   */
  search(query: string, options?: SearchOptions): SearchResponse;
  /**
   * Every moment a topic comes up, in time order (for `timeline`). Default limit 50.
   * `requireKeyWord`: as in {@link SearchOptions.requireKeyWord}. Default false.
   * `apart`: consecutive moments' quotes never share words (each quote's context ends where the next
   * moment's words begin and starts after the previous quote), as a timeline lists them. Default false: each
   * moment keeps its full context, and a caller that shows several merges overlaps (`distinctMoments`).
   */
  mentions(query: string, options?: { video?: string; limit?: number; requireKeyWord?: boolean; apart?: boolean }): SearchResponse;
  /** Was this claimed quote really said? Works on misremembered quotes. */
  verify(claim: string): VerifyResult;
  /** Videos whose id or title matches fuzzily, best first (for filters and autocomplete). Default limit 10. */
  findVideos(query: string, limit?: number): VideoMeta[];
  /** Vocabulary words and multi-word terms for topic autocomplete, best first. Default limit 25. */
  suggest(prefix: string, limit?: number): string[];
  /** Speaker names in the corpus (or in one video). */
  speakers(video?: string): string[];
  /**
   * The passage at a cited moment plus `before` passages before it and `after` after it, in time order
   * (for `context`). Empty when the video id is unknown.
   */
  around(videoId: string, seconds: number, before?: number, after?: number): Hit[];
  /** A random substantive passage (optionally from one video), or undefined for an empty corpus. */
  random(video?: string, rng?: () => number): Hit | undefined;
  /**
   * The named collections (first-level folders of the transcripts folder) of this index's corpus, sorted.
   * Top-level files belong to none. @example ['3b1b', 'podcast']
   */
  collections(): string[];
  /**
   * This index limited to some collections: a view sharing the built data whose every method (search,
   * mentions, verify, around, random, findVideos, suggest, speakers, `corpus`) sees only their videos. Names
   * match case-insensitively; an unknown name matches nothing. `undefined` or `[]` means no limit (this
   * index, including top-level files). Views are cached, so asking again is cheap.
   * @example index.within(['3b1b']).search('fourier')
   */
  within(collections: readonly string[] | undefined): SearchIndex;
  /**
   * Stops the index's background thread (a second ranking thread at scale), once it is no longer the live
   * index: it still answers, the same, on the calling thread. On a collection view it does nothing (the view
   * shares the whole index's thread). Optional for other indexes.
   * @example bot.setIndex(next); previous.close?.();
   */
  close?(): void;
}
