/**
 * `buildIndex(corpus, options)`: the search index behind every command. It is made of parts with one job each:
 *
 * - {@link IndexData} ({@link buildIndexData}): tokens, terms, passages (BM25), chunks and blocks, speakers,
 *   vocabulary and term vectors, built once from the corpus.
 * - Query resolution ({@link parseQuery}, {@link resolveQueryTerms}): question wrapper stripped, unknown words
 *   corrected against the vocabulary, WordNet synonyms of less common words at a low weight.
 * - {@link Ranker}: candidates, BM25 + neighbours + block + chapter + speaker, then proximity, windows and the
 *   semantic and position re-rankers, over a {@link QueryScratch} borrowed for the query.
 * - {@link Results}: nearby hits merge into one diverse moment, each quoted as its densest sentence-aligned
 *   window ({@link bestWindow}), moved onto the answer of a question.
 *
 * This class wires them to the {@link SearchIndex} commands. Every tuning value is in {@link SearchParams}.
 *
 * @example
 * const index = buildIndex(await loadCorpus('transcripts'));
 * const { hits, corrected } = index.search('how did gpsu help?', { limit: 3 });
 * // corrected: { gpsu: 'gpus' }, hits[0].text: 'the gpus appeared in our lab ...'
 */
import Fuse from 'fuse.js';
import { storedText } from '../corpus/text.ts';
import type { Corpus, Transcript, VideoMeta } from '../corpus/types.ts';
import type { Bm25Params } from './index/bm25.ts';
import { buildIndexData, buildIndexDataFromBatches, type IndexData } from './index/index-data.ts';
export { boundsSteps, multiWordSteps } from './index/index-data.ts';
import type { LoadedTokens } from './index/load-tokenize.ts';
import { searchParams, type BoundsParams, type RankWeights, type SearchParams } from './params.ts';
import type { PassageOptions } from './index/passages.ts';
import { findSpeaker, parseQuery, type ParsedQuery } from './query/query.ts';
import { Ranker, type Ranked, type Scope } from './ranking/rank.ts';
import { RankThread } from './ranking/rank-thread.ts';
import { keyWordIndex } from './query/relevance.ts';
import { Results, speakerOfMost, type Moment } from './quotes/results.ts';
import { ScratchPool, type QueryScratch } from './ranking/scratch.ts';
import type { SemanticOptions } from './index/semantic.ts';
import type { SnippetOptions } from './quotes/snippet.ts';
import { stem } from './text/stem.ts';
import { findMentions } from './quotes/mentions.ts';
import { normalizeWord } from './text/tokenize.ts';
import type { Hit, SearchIndex, SearchOptions, SearchResponse, VerifyResult } from './types.ts';
import { verifyClaim } from './verify/verify.ts';
import { collectionNames, randomVisiblePassage, saidIn, visibleExtent, visibleMask } from './collections.ts';
import { resolveQueryTerms, type QueryTerm, type ResolveContext } from './query/resolve.ts';

/** Options of {@link buildIndex}: overrides of {@link SearchParams} sections. Every field is optional. */
export interface BuildOptions {
  /** How transcripts are cut into passages. Default {@link PASSAGE_DEFAULTS} (sentence ends after ~40 words). */
  passages?: PassageOptions;
  /** BM25 parameters. Default `{ k1: 1.2, b: 0.75 }`. */
  bm25?: Bm25Params;
  /** Quote length. Default `{ minWords: 20, maxWords: 60, targetWords: 40 }`. */
  snippet?: SnippetOptions;
  /** Ranking weights. Default {@link RANK_DEFAULTS}. @example { rank: { block: 0 } } */
  rank?: Partial<RankWeights>;
  /**
   * Term and block vectors behind the semantic signal. Default {@link VECTOR_DEFAULTS} (64 dims) and
   * {@link SEMANTIC_DEFAULTS}. Set `rank: { semantic: 0 }` to skip building them. @example { vectors: { dims: 128 } }
   */
  vectors?: SemanticOptions;
  /** Where shown quotes start and end. Default `{ pauseSeconds: 0.5, widenWords: 15, punctuatedWords: 100 }`. @example { bounds: { widenWords: 0 } } */
  bounds?: Partial<BoundsParams>;
  /** Called after each transcript is indexed (for progress bars). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Whether a corpus that ranks on a second thread ({@link RankWeights.rankThreads}) has its ranking arrays
   * built in shared memory, for that thread: true for an index that answers queries in this process. Default
   * true. Answers are the same either way (without it, the index ranks on one thread).
   * @example { sharedMemory: false } // the reload worker: its index is sent on in transfer form, never queried there
   */
  sharedMemory?: boolean;
}

/** Builds the search index of a corpus. Transcripts without cues are kept (listed) but have no passages. */
export function buildIndex(corpus: Corpus, options: BuildOptions = {}): SearchIndex {
  const params = searchParams(options);
  return new QuoteIndex(corpus, buildIndexData(corpus, params, { onProgress: options.onProgress, sharedMemory: options.sharedMemory }), params);
}

/**
 * Builds the search index of a corpus loaded and tokenized already ({@link loadAndTokenize}, with the
 * `pauseSeconds` of these options' parameters): the same index as {@link buildIndex} of `loaded.corpus`.
 * With `defer`, the pruning bounds and the multi-word terms are left for {@link boundsSteps} and
 * {@link multiWordSteps} to build after the index answers (its answers are the same before and after; only
 * large corpora's query time differs, and autocomplete builds the terms itself if asked first).
 */
export function buildIndexFromTokens(loaded: LoadedTokens, options: BuildOptions = {}, defer = false): SearchIndex {
  const params = searchParams(options);
  const data = buildIndexDataFromBatches(loaded.corpus, loaded.stored, loaded.batches, params, { onProgress: options.onProgress, defer, sharedMemory: options.sharedMemory });
  return new QuoteIndex(loaded.corpus, data, params);
}

/** An index over data built before (e.g. restored from a snapshot): `data` must have been built from `corpus` with `params`. */
export function indexFromData(corpus: Corpus, data: IndexData, params: SearchParams): SearchIndex {
  return new QuoteIndex(corpus, data, params);
}

/** The index's data and parameters, for the snapshot ({@link encodeSnapshot}); undefined for another kind of index. */
export function indexDataOf(index: SearchIndex): { data: IndexData; params: SearchParams } | undefined {
  return index instanceof QuoteIndex && !index.visible ? { data: index.data, params: index.params } : undefined;
}

/**
 * The collections of each view of `index` made so far ({@link SearchIndex.within}; at most 64 are kept), for
 * a reloaded index to make and warm the same views; none for another kind of index or for a view.
 * @example viewsOf(index) // [['3b1b'], ['podcast', 'talks']]
 */
export function viewsOf(index: SearchIndex): string[][] {
  return index instanceof QuoteIndex ? index.viewNames() : [];
}

/** The parts a collection view shares with the index it was made from. */
interface Shared {
  ranker: Ranker;
  results: Results;
  scratch: ScratchPool;
  views: Map<string, QuoteIndex>;
  /** The whole index the views were made from. */
  base?: QuoteIndex;
}

/** Most collection views ({@link SearchIndex.within}) one index keeps. */
const MAX_VIEWS = 64;

class QuoteIndex implements SearchIndex {
  readonly corpus: Corpus;
  /** Every transcript of the data (a view's `corpus` lists only the visible ones). */
  private readonly transcripts: Transcript[];
  private readonly ranker: Ranker;
  private readonly results: Results;
  private readonly scratch: ScratchPool;
  private readonly shared: Shared;
  private readonly titleFuse: Fuse<{ i: number; title: string; id: string }>;
  /** A collection view: 1 for each visible transcript. Undefined for the whole index. */
  readonly visible: Uint8Array | undefined;
  /** The passages spanning the visible transcripts. */
  private readonly extent: { pFrom: number; pTo: number };
  /** {@link collections}, once asked (every request asks). */
  private names: string[] | undefined;

  constructor(
    corpus: Corpus,
    readonly data: IndexData,
    readonly params: SearchParams,
    view?: { shared: Shared; visible: Uint8Array },
  ) {
    this.transcripts = corpus.transcripts;
    this.visible = view?.visible;
    this.corpus = view ? { transcripts: corpus.transcripts.filter((_, i) => view.visible[i] === 1), skipped: corpus.skipped } : corpus;
    this.shared = view?.shared ?? {
      ranker: new Ranker(data, params, this.transcripts),
      results: new Results(data, params, this.transcripts),
      scratch: new ScratchPool(data.pTokStart.length, data.chunkTranscript.length, data.termIds.size, data.pBase.length - 1),
      views: new Map(),
    };
    ({ ranker: this.ranker, results: this.results, scratch: this.scratch } = this.shared);
    if (!view) this.ranker.startHelper = (chapters) => RankThread.start(this.ranker, data, params, chapters);
    this.extent = view ? visibleExtent(data, view.visible) : { pFrom: 0, pTo: data.pTokStart.length };
    const { fuse } = params;
    this.titleFuse = new Fuse(
      this.transcripts.map((tr, i) => ({ i, title: tr.meta.title, id: tr.meta.id })).filter((v) => this.shows(v.i)),
      { keys: [{ name: 'title', weight: fuse.titleWeight }, { name: 'id', weight: fuse.idWeight }], includeScore: true, threshold: fuse.videoThreshold, ignoreLocation: true },
    );
  }

  /** Whether transcript `t` is visible here. */
  private shows(t: number): boolean {
    return !this.visible || this.visible[t] === 1;
  }

  // ---------------------------------------------------------------- collections

  collections(): string[] {
    this.names ??= collectionNames(this.corpus.transcripts);
    return this.names.slice();
  }

  /** See {@link viewsOf}. */
  viewNames(): string[][] {
    return this.visible ? [] : [...this.shared.views.keys()].map((key) => key.split('\n'));
  }

  close(): void {
    // A view shares the whole index's ranker: closing it leaves the index's thread running.
    if (!this.visible) this.ranker.close();
  }

  within(collections: readonly string[] | undefined): SearchIndex {
    const names = [...new Set((collections ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean))].sort();
    if (!names.length) return this;
    // A view's within() chooses from the whole index, like the index's own.
    if (this.visible) return this.shared.base!.within(names);
    this.shared.base = this;
    const key = names.join('\n');
    let view = this.shared.views.get(key);
    if (!view) {
      view = new QuoteIndex(this.corpus, this.data, this.params, { shared: this.shared, visible: visibleMask(this.transcripts, names) });
      this.shared.views.set(key, view);
      if (this.shared.views.size > MAX_VIEWS) this.shared.views.delete(this.shared.views.keys().next().value!);
    }
    return view;
  }

  // ---------------------------------------------------------------- search

  search(query: string, options: SearchOptions = {}): SearchResponse {
    return this.scratch.use((s) => this.searchInner(String(query ?? ''), options, s));
  }

  private searchInner(query: string, options: SearchOptions, s: QueryScratch): SearchResponse {
    const limit = clampInt(options.limit, 5, 0, 1000);
    const offset = clampInt(options.offset, 0, 0, 100_000);
    const scope = this.scope(options.video);
    const response: SearchResponse = { hits: [], total: 0, terms: [], corrected: {}, suggestions: [] };
    if (options.video !== undefined && options.video !== '') {
      if (scope.transcript < 0) return response;
      response.video = this.transcripts[scope.transcript]!.meta;
    }
    const parsed = parseQuery(query);
    setSubject(response, parsed);
    let speakerFilter = -1;
    let speakerBoost = -1;
    if (options.speaker) {
      const name = this.resolveSpeaker(options.speaker, scope.transcript);
      if (name === undefined) return response;
      response.speaker = name;
      speakerFilter = this.data.speakerNames.indexOf(name);
    } else {
      const found = findSpeaker(parsed.tokens, scope.transcript >= 0 ? this.data.speakersOf[scope.transcript]! : this.visibleSpeakers(), parsed.text);
      if (found) {
        response.speaker = found.speaker;
        speakerBoost = this.data.speakerNames.indexOf(found.speaker);
        for (const w of found.words) {
          const at = parsed.words.indexOf(w);
          if (at >= 0 && parsed.words.length > 1) parsed.words.splice(at, 1);
        }
      }
    }
    const qterms = this.queryTerms(parsed, response);
    if (qterms.length === 0 && parsed.phrases.length === 0) {
      response.suggestions = this.didYouMean(parsed.words);
      return response;
    }
    const search: SearchRun = { parsed, response, terms: qterms, phraseIds: [], phraseText: parsed.phraseText.slice(), scope, speakerFilter, speakerBoost, edges: false };
    search.phraseIds = parsed.phrases.map((p) => p.map((w) => this.data.termIds.get(stem(w)) ?? -2));
    if (search.phraseIds.some((p) => p.includes(-2))) loosen(search, (i) => search.phraseIds[i]!.includes(-2));
    if (qterms.length === 0 && search.phraseIds.length === 0) {
      response.suggestions = this.didYouMean(parsed.words);
      return response;
    }
    const ranked = this.rankWithFallbacks(search, s);
    let results = this.results.mergeMoments(ranked);
    if (results.length > 1 && (options.minRelative ?? 0) > 0) {
      const floor = results[0]!.score * Math.min(1, options.minRelative!);
      if (results[0]!.score > 0) results = results.filter((r) => r.score >= floor);
    }
    if (options.requireKeyWord && !search.edges && search.phraseIds.length === 0) {
      const keep = this.keyWordTest(parsed.words, search.terms);
      if (keep) results = results.filter((r) => keep(this.data.pTokStart[r.first]!, this.data.pTokEnd[r.last]!));
    }
    response.total = results.length;
    response.hits = this.hitsFor(results.slice(offset, offset + limit), search.terms, speakerBoost);
    s.clearTermBits(search.terms);
    if (results.length === 0) response.suggestions = this.didYouMean(parsed.words);
    return response;
  }

  /**
   * Ranks the query's passages, loosening what nobody says: quoted phrases not said in scope become plain
   * words (and the response says so), words said nowhere in scope are widened to words sharing their stem's
   * beginning, and an opening/closing question in one video that matches nothing gets that span itself.
   */
  private rankWithFallbacks(search: SearchRun, s: QueryScratch): Ranked[] {
    const { scope, speakerFilter, speakerBoost, parsed } = search;
    const rank = (phrases: number[][]): Ranked[] =>
      this.ranker.rank({ terms: search.terms, scope, speakerFilter, speakerBoost, phrases, position: parsed.position }, s);
    let ranked = rank(search.phraseIds);
    if (ranked.length === 0 && search.phraseIds.length > 1) {
      // Several phrases: loosen the ones not said anywhere in scope, then all of them.
      const said = search.phraseIds.map((p) => rank([p]).length > 0);
      if (said.some(Boolean)) {
        loosen(search, (i) => !said[i]);
        ranked = rank(search.phraseIds);
      }
    }
    if (ranked.length === 0 && search.phraseIds.length) {
      loosen(search, () => true);
      ranked = rank(search.phraseIds);
    }
    if (ranked.length === 0 && search.phraseIds.length === 0) {
      // Nothing in scope says these words: widen each to words sharing its stem's beginning
      // ("conclusion" -> "concluding", "transcriptions" -> "transcriber"), at a lower weight.
      const widened = this.ranker.widen(search.terms);
      if (widened.length) {
        s.clearTermBits(search.terms);
        search.terms = widened;
        ranked = rank(search.phraseIds);
      }
    }
    if (ranked.length === 0 && parsed.position && scope.transcript >= 0 && search.phraseIds.length === 0) {
      // "Meeting preliminaries" in a meeting that never says the word: its opening is the answer.
      ranked = this.ranker.edgePassages(scope, parsed.position, speakerFilter);
      search.edges = true;
    }
    return ranked;
  }

  /** The hits of a page of moments. A quote moved onto an answer must not overlap another result's quote: then it keeps its own words. */
  private hitsFor(page: Moment[], terms: QueryTerm[], speakerBoost: number): Hit[] {
    const regions = page.map((r) => this.results.speakerRegion(r, speakerBoost));
    const hits = regions.map((r) => this.results.hitFor(r, terms, speakerBoost));
    const overlaps = (h: Hit, i: number): boolean => hits.some((o, j) => j !== i && o.video.id === h.video.id && o.charStart < h.charEnd && h.charStart < o.charEnd);
    hits.forEach((h, i) => {
      if (overlaps(h, i)) hits[i] = this.results.hitFor(regions[i]!, terms, speakerBoost, false);
    });
    return hits;
  }

  /** Resolves query words to term ids ({@link resolveQueryTerms}). */
  private queryTerms(parsed: ParsedQuery, response: SearchResponse): QueryTerm[] {
    const d = this.data;
    const context: ResolveContext = {
      termIds: d.termIds,
      termIsStop: d.termIsStop,
      bm25: d.bm25,
      vocabulary: d.vocabulary,
      rank: this.params.rank,
      tokTerm: d.tokTerm,
      tokBase: d.tokBase,
      pTokStart: d.pTokStart,
      pTokEnd: d.pTokEnd,
      pTranscript: d.pTranscript,
    };
    return resolveQueryTerms(parsed, response, context);
  }

  /**
   * The key-word test of the relevance floor ({@link SearchOptions.requireKeyWord}): a token range passes
   * when it holds a term standing for the query's most specific word ({@link keyWordIndex}), or terms of at
   * least half of the query's words. Undefined (everything passes) for a query of one matched word.
   */
  private keyWordTest(words: readonly string[], qterms: QueryTerm[]): ((from: number, to: number) => boolean) | undefined {
    const matched = words.map(() => false);
    const idf = words.map(() => 0);
    for (const q of qterms) {
      if (q.word < 0 || !q.local) continue;
      matched[q.word] = true;
      idf[q.word] = Math.max(idf[q.word]!, this.data.bm25.idf[q.id]!);
    }
    const n = matched.filter(Boolean).length;
    if (n < 2) return undefined;
    const key = keyWordIndex(words, matched, idf);
    const wordOf = new Map<number, number>();
    for (const q of qterms) if (q.word >= 0 && q.local) wordOf.set(q.id, q.word);
    const half = Math.ceil(n / 2);
    return (from, to) => {
      const seen = new Set<number>();
      for (let k = from; k < to; k++) {
        const w = wordOf.get(this.data.tokTerm[k]!);
        if (w === undefined) continue;
        if (w === key) return true;
        seen.add(w);
        if (seen.size >= half && n > 2) return true;
      }
      return false;
    };
  }

  private didYouMean(words: string[]): string[] {
    const out: string[] = [];
    for (const w of words.slice(0, 5)) {
      for (const s of this.data.vocabulary.similar(w, 3)) if (!out.includes(s) && (!this.visible || saidIn(this.data, this.visible, s))) out.push(s);
    }
    return out.slice(0, 5);
  }

  // ---------------------------------------------------------------- scope, videos, speakers

  private scope(video: string | undefined): Scope {
    const all: Scope = { ...this.extent, transcript: -1, ...(this.visible ? { visible: this.visible } : {}) };
    if (video === undefined || video === '') return all;
    const t = this.resolveVideo(video);
    if (t < 0) return { pFrom: 0, pTo: 0, transcript: -1 };
    return { pFrom: this.data.pBase[t]!, pTo: this.data.pBase[t + 1]!, transcript: t };
  }

  /** Transcript index of a video given by id (exact, case-insensitive) or fuzzy title; -1 when none. */
  private resolveVideo(video: string): number {
    const exact = this.data.byId.get(video);
    if (exact !== undefined && this.shows(exact)) return exact;
    const v = video.trim().slice(0, 200);
    if (!v) return -1;
    for (const t of this.byIdVisible(v)) return t;
    const found = this.titleFuse.search(sanitizeFuse(v), { limit: 1 });
    return found[0] ? found[0].item.i : -1;
  }

  /** Visible transcripts whose id is `id` ignoring case. */
  private *byIdVisible(id: string): Iterable<number> {
    for (const [known, t] of this.data.byId) if (known.toLowerCase() === id.toLowerCase() && this.shows(t)) yield t;
  }

  findVideos(query: string, limit = 10): VideoMeta[] {
    const q = String(query ?? '').trim().slice(0, 200);
    if (!q) return this.corpus.transcripts.slice(0, limit).map((t) => t.meta);
    const out: VideoMeta[] = [];
    const exact = this.data.byId.get(q);
    if (exact !== undefined && this.shows(exact)) out.push(this.transcripts[exact]!.meta);
    for (const r of this.titleFuse.search(sanitizeFuse(q), { limit: limit + 1 })) {
      const meta = this.transcripts[r.item.i]!.meta;
      if (!out.includes(meta)) out.push(meta);
    }
    return out.slice(0, limit);
  }

  /** A speaker name matching `name` (exact, case-insensitive, or fuzzy) among the speakers in scope. */
  private resolveSpeaker(name: string, transcript: number): string | undefined {
    const pool = transcript >= 0 ? this.data.speakersOf[transcript]! : this.visibleSpeakers();
    const n = name.trim().toLowerCase().slice(0, 200);
    if (!n) return undefined;
    const exact = pool.find((s) => s.toLowerCase() === n);
    if (exact) return exact;
    const fuse = new Fuse(pool, { includeScore: true, threshold: this.params.fuse.speakerThreshold, ignoreLocation: true });
    return fuse.search(sanitizeFuse(n), { limit: 1 })[0]?.item;
  }

  /** Every speaker name of the visible transcripts (all of them for the whole index), in the index's order. */
  private visibleSpeakers(): string[] {
    if (!this.visible) return this.data.speakerNames;
    const said = new Set<string>();
    this.data.speakersOf.forEach((names, t) => {
      if (this.shows(t)) for (const n of names) said.add(n);
    });
    return this.data.speakerNames.filter((n) => said.has(n));
  }

  speakers(video?: string): string[] {
    if (video === undefined || video === '') return this.visibleSpeakers().slice();
    const t = this.resolveVideo(String(video));
    return t < 0 ? [] : this.data.speakersOf[t]!.slice();
  }

  // ---------------------------------------------------------------- timeline, context, random, suggest

  mentions(query: string, options: { video?: string; limit?: number; requireKeyWord?: boolean; apart?: boolean } = {}): SearchResponse {
    // A complete scan for the topic's said word forms (mentions.ts), not a ranked search.
    const scope = this.scope(options.video);
    if (options.video && scope.transcript < 0) return { hits: [], total: 0, terms: [], corrected: {}, suggestions: [] };
    // A view scans only its own transcripts (and learns word forms from them): its corpus, indexed locally.
    const shown = this.corpus.transcripts;
    const local = scope.transcript >= 0 ? shown.indexOf(this.transcripts[scope.transcript]!) : -1;
    const limit = clampInt(options.limit, 50, 0, 100_000);
    const response = findMentions(shown, String(query ?? ''), { ...(local >= 0 ? { transcript: local } : {}), apart: options.apart === true, limit });
    if (scope.transcript >= 0) response.video = this.transcripts[scope.transcript]!.meta;
    for (const hit of response.hits) {
      const speaker = speakerOfMost(hit.transcript, storedText(hit.transcript), hit.charStart, hit.charEnd);
      if (speaker) hit.speaker = speaker;
    }
    if (!response.hits.length) response.suggestions = this.didYouMean(parseQuery(String(query ?? '')).words);
    return response;
  }

  around(videoId: string, seconds: number, before = 1, after = 1): Hit[] {
    const t = this.data.byId.get(String(videoId));
    if (t === undefined || !this.shows(t)) return [];
    const { pBase, pStartTime, pTokStart, pTokEnd } = this.data;
    const from = pBase[t]!;
    const to = pBase[t + 1]!;
    if (from === to) return [];
    const s = Number.isFinite(seconds) ? seconds : 0;
    let lo = from;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pStartTime[mid]! <= s + 1e-6) lo = mid;
      else hi = mid - 1;
    }
    const b = clampInt(before, 1, 0, 50);
    const a = clampInt(after, 1, 0, 50);
    const out: Hit[] = [];
    for (let p = Math.max(from, lo - b); p <= Math.min(to - 1, lo + a); p++) {
      out.push(this.results.tokenHit(t, pTokStart[p]!, pTokEnd[p]!, 0));
    }
    return out;
  }

  random(video?: string, rng: () => number = Math.random): Hit | undefined {
    const scope = this.scope(video);
    if (video && scope.transcript < 0) return undefined;
    const n = scope.pTo - scope.pFrom;
    if (n <= 0) return undefined;
    const visible = scope.transcript < 0 ? this.visible : undefined;
    const pick = (): number => (visible ? randomVisiblePassage(this.data, visible, rng) : scope.pFrom + Math.min(n - 1, Math.floor(rng() * n)));
    let p = pick();
    if (p < 0) return undefined;
    for (let tries = 0; tries < 64; tries++) {
      const words = this.data.pTokEnd[p]! - this.data.pTokStart[p]!;
      if (words >= 20 && this.data.bm25.lengths[p]! >= 8) break;
      p = pick();
    }
    return this.results.randomHit(p);
  }

  suggest(prefix: string, limit = 25): string[] {
    if (!this.visible) return this.suggestFrom(prefix, limit);
    // A view: only words its videos say (asking for more, since some are said only elsewhere).
    return this.suggestFrom(prefix, limit * 4).filter((w) => saidIn(this.data, this.visible!, w)).slice(0, limit);
  }

  private suggestFrom(prefix: string, limit: number): string[] {
    const raw = String(prefix ?? '').slice(0, 100).toLowerCase().trimStart();
    if (!raw.trim()) return [];
    const words = raw.split(/\s+/).map((w) => normalizeWord(w)).filter(Boolean);
    const endsWithSpace = /\s$/.test(raw);
    const normalized = words.join(' ') + (endsWithSpace ? ' ' : '');
    // While a cold start still builds the multi-word terms in the background (before its cache write),
    // autocomplete offers single words: building them here, at once, would stop every answer for seconds
    // on a large corpus.
    const multi = this.data.multiWord?.withPrefix(normalized, limit) ?? [];
    if (words.length > 1 || endsWithSpace) return multi.slice(0, limit);
    const single = this.data.vocabulary.withPrefix(words[0] ?? '', limit);
    // Interleave: the most frequent single words first, multi-word terms after a few.
    const out: string[] = [];
    const head = Math.min(single.length, Math.ceil(limit * 0.6));
    out.push(...single.slice(0, head), ...multi, ...single.slice(head));
    return [...new Set(out)].slice(0, limit);
  }

  verify(claim: string): VerifyResult {
    return verifyClaim(this, claim);
  }
}

/** One search's state while its ranking falls back: the terms and phrases searched so far. */
interface SearchRun {
  parsed: ParsedQuery;
  response: SearchResponse;
  terms: QueryTerm[];
  phraseIds: number[][];
  phraseText: string[];
  scope: Scope;
  speakerFilter: number;
  speakerBoost: number;
  /** Whether the results are an opening/closing span rather than matches. */
  edges: boolean;
}

/**
 * A quoted phrase nobody says word for word: search its words as plain terms, and say so
 * (`response.unmatchedPhrases`). The other phrases of the query stay exact.
 */
function loosen(search: SearchRun, unsaid: (i: number) => boolean): void {
  const keep = search.phraseIds.map((_, i) => !unsaid(i));
  (search.response.unmatchedPhrases ??= []).push(...search.phraseText.filter((_, i) => !keep[i]));
  search.phraseIds = search.phraseIds.filter((_, i) => keep[i]);
  search.phraseText = search.phraseText.filter((_, i) => keep[i]);
}

/** {@link SearchResponse.subject}: the topic words, when the query had more than them. */
function setSubject(response: SearchResponse, parsed: ParsedQuery): void {
  const words = [...parsed.words, ...parsed.context];
  if (words.length && words.length < parsed.tokens.length + parsed.context.length) response.subject = words.join(' ');
}

/** Fuse.js extended-search characters are harmless with `useExtendedSearch` off, but keep input bounded and plain. */
function sanitizeFuse(q: string): string {
  return q.replace(/\s+/g, ' ').slice(0, 64);
}

function popcount(x: number): number {
  let n = 0;
  let v = x >>> 0;
  while (v) {
    v &= v - 1;
    n++;
  }
  return n;
}

function clampInt(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : fallback;
  return Math.min(max, Math.max(min, n));
}
