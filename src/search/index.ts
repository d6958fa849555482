/**
 * `buildIndex(corpus, options)`: the search index behind every command.
 *
 * Build: each transcript's stored text is tokenized once ({@link forEachToken}); tokens get interned term
 * ids (Porter stems) kept in flat typed arrays; the token stream is cut into passages ({@link segmentPassages});
 * passages go into a BM25 inverted index ({@link Bm25Index}); passages are grouped into ~250-word chunks for
 * the block (surrounding discussion) score. Query: the question wrapper is stripped ({@link parseQuery}),
 * unknown words are corrected against the vocabulary ({@link Vocabulary}), less common words gain their
 * WordNet synonyms at a low weight ({@link synonyms}), passages are scored with BM25 +
 * neighbouring passages + block score + speaker + proximity + the chapter-scale and named-speaker windows
 * ({@link RankWeights}), the best candidates are
 * re-ranked by the topical similarity of query and block ({@link BlockSemantics}, term vectors learned from
 * the corpus at build time), nearby hits merge into one result, and each result is quoted as its densest
 * sentence-aligned window ({@link bestWindow}).
 *
 * @example
 * const index = buildIndex(await loadCorpus('transcripts'));
 * const { hits, corrected } = index.search('how did gpsu help?', { limit: 3 });
 * // corrected: { gpsu: 'gpus' }, hits[0].text: 'the gpus appeared in our lab ...'
 */
import Fuse from 'fuse.js';
import { storedText, type StoredText } from '../corpus/text.ts';
import type { Corpus, Transcript, VideoMeta } from '../corpus/types.ts';
import { Bm25Builder, type Bm25Index, type Bm25Params } from './bm25.ts';
import { GrowableInt32 } from './growable.ts';
import { Break, classifyGapAt, PASSAGE_DEFAULTS, segmentPassages, type PassageOptions } from './passages.ts';
import { findSpeaker, parseQuery, type ParsedQuery, type PositionIntent } from './query.ts';
import { prefixRange } from './sorted.ts';
import { DIVERSITY_DEPTH, proximityBonus, RANK_DEFAULTS, TopK, type RankWeights } from './rank.ts';
import { keyWordIndex } from './relevance.ts';
import { BlockSemantics, type SemanticOptions } from './semantic.ts';
import { ChapterTitles } from './chapters.ts';
import { TermVectors } from './vectors.ts';
import { answerWindow } from './answer.ts';
import { bestWindow, type SnippetOptions } from './snippet.ts';
import { stem } from './stem.ts';
import { isStopword } from './stopwords.ts';
import { MultiWordTerms } from './terms.ts';
import { timeAt } from './timing.ts';
import { normalizeWord, TOKEN_PATTERN } from './tokenize.ts';
import type { Hit, SearchIndex, SearchOptions, SearchResponse, VerifyResult } from './types.ts';
import { verifyClaim } from './verify.ts';
import { Vocabulary } from './vocabulary.ts';
import { MAX_TERMS, resolveQueryTerms, type QueryTerm, type ResolveContext } from './resolve.ts';

/** Options of {@link buildIndex}. Every field is optional. */
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
  /** Called after each transcript is indexed (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Chapter titles as a field ({@link RankWeights.chapterTitle}) of each index, built on first use. Kept outside
 * the index object so that an index snapshot (which stores every own field) never depends on whether a query
 * has run yet.
 */
const chapterTitlesOf = new WeakMap<object, ChapterTitles>();
/** `mask` bit of a passage scored only as a candidate's neighbour (not a candidate itself). */
const SIDE = 1 << 31;

/** Builds the search index of a corpus. Transcripts without cues are kept (listed) but have no passages. */
export function buildIndex(corpus: Corpus, options: BuildOptions = {}): SearchIndex {
  return new QuoteIndex(corpus, options);
}

class QuoteIndex implements SearchIndex {
  readonly corpus: Corpus;
  private readonly transcripts: Transcript[];
  private readonly stored: StoredText[];
  private readonly rank: RankWeights;
  private readonly snippetOptions: SnippetOptions;

  // Token stream (all transcripts, in order).
  /** Term id of every token: 16-bit while the corpus has at most 65,536 terms (half the memory), else 32-bit. */
  private readonly tokTerm: Int32Array | Uint16Array;
  private readonly tokStart: Int32Array;
  private readonly tokEnd: Int32Array;
  private readonly tokBreak: Int8Array;
  private readonly tokBase: Int32Array; // per transcript, first token (length n+1)

  // Terms.
  private readonly termIds = new Map<string, number>();
  private readonly termIsStop: Uint8Array;
  /** Stem of each term id, and all stems sorted (for prefix widening). */
  private readonly stemOf: string[];
  private readonly stemsSorted: string[];
  private readonly vocabulary: Vocabulary;
  private readonly multiWord: MultiWordTerms;

  // Passages.
  private readonly pTokStart: Int32Array;
  private readonly pTokEnd: Int32Array;
  private readonly pTranscript: Int32Array;
  private readonly pSpeaker: Int32Array;
  private readonly pStartTime: Float64Array;
  private readonly pChunk: Int32Array;
  private readonly pBase: Int32Array; // per transcript, first passage (length n+1)
  private readonly bm25: Bm25Index;

  // Chunks (block score).
  private readonly chunkTranscript: Int32Array;
  private readonly chunkLenPrefix: Float64Array;
  private readonly avgBlockLen: number;
  /** Per chunk: first and last chunk of its block (`blockRadius` each side, same transcript), and the block's BM25 length norm. */
  private readonly blockLo: Int32Array;
  private readonly blockHi: Int32Array;
  private readonly blockNorm: Float64Array;

  // Speakers.
  private readonly speakerNames: string[] = [];
  private readonly speakersOf: string[][];

  // Videos.
  private readonly byId = new Map<string, number>();
  private readonly titleFuse: Fuse<{ i: number; title: string; id: string }>;

  // Per-query scratch (reused: no corpus-sized allocation per query).
  private readonly acc: Float32Array;
  private readonly mask: Int32Array;
  private readonly touched: { data: Int32Array; length: number };
  /** Non-candidate neighbours of candidates that a deferred synonym scored ({@link scoreTermForCandidates}), mask {@link SIDE}. */
  private readonly sideTouched: { data: Int32Array; length: number };
  private readonly chunkTf: Float32Array;
  private readonly chunkTouched: { data: Int32Array; length: number };
  private readonly blockAcc: Float32Array;
  private readonly blockTouched: { data: Int32Array; length: number };
  private readonly termBit: Int32Array;

  /** Topical similarity of query and block (absent when `rank.semantic` is 0). */
  private readonly semantics: BlockSemantics | undefined;

  constructor(corpus: Corpus, options: BuildOptions) {
    this.corpus = corpus;
    this.transcripts = corpus.transcripts;
    this.rank = { ...RANK_DEFAULTS, ...options.rank };
    this.snippetOptions = options.snippet ?? {};
    const passageOptions = { ...PASSAGE_DEFAULTS, ...options.passages };
    const n = this.transcripts.length;

    // Token arrays sized up front from the text length (about one token per 5.5 characters; grown if short).
    let totalChars = 0;
    for (const tr of this.transcripts) for (const cue of tr.cues) totalChars += cue.text.length + 1;
    let cap = Math.max(1024, Math.ceil(totalChars / 4.5));
    let terms = new Int32Array(cap);
    let starts = new Int32Array(cap);
    let ends = new Int32Array(cap);
    let breaks = new Int8Array(cap);
    let numTokens = 0;
    const grow = (): void => {
      cap = Math.ceil(cap * 1.5);
      terms = resized(terms, cap);
      starts = resized(starts, cap);
      ends = resized(ends, cap);
      breaks = resized(breaks, cap);
    };
    const isStop: number[] = [];
    const tokBase = new Int32Array(n + 1);
    const pBase = new Int32Array(n + 1);
    const pTokStart = new GrowableInt32();
    const pTokEnd = new GrowableInt32();
    const pTranscript = new GrowableInt32();
    const pSpeaker = new GrowableInt32();
    const pStartTime: number[] = [];
    const speakerIds = new Map<string, number>();
    this.speakersOf = [];
    // Postings (distinct content terms per passage) run at about one per 14 characters of text.
    const builder = new Bm25Builder(1 << 16, Math.ceil(totalChars / 14));
    const docTerms = new GrowableInt32(256);
    const cueOfToken = new GrowableInt32(1 << 12);
    this.stored = [];

    const internTerm = (term: string): number => {
      const s = stem(term);
      let id = this.termIds.get(s);
      if (id === undefined) {
        id = this.termIds.size;
        this.termIds.set(s, id);
        isStop.push(isStopword(term) ? 1 : 0);
      } else if (isStop[id] && !isStopword(term)) {
        isStop[id] = 0; // a stem shared by a content word is content
      }
      return id;
    };
    // Raw token text (as matched, before normalising) -> surface word id; each surface word (normalised
    // term) has its term id, whether it is a stopword, and its count of content occurrences. Counting by id
    // (not in a string-keyed Map per token) and looking raw tokens up directly keeps the per-token work to
    // one Map lookup and no new strings beyond the regex match.
    const rawSurface = new Map<string, number>();
    const surfaceIdOf = new Map<string, number>();
    const surfaceWord: string[] = [];
    const surfaceTermId = new GrowableInt32(1 << 12);
    const surfaceStop: number[] = [];
    let surfaceCounts = new Int32Array(1 << 12);
    const surfaceOrder: number[] = []; // surface ids in the order of their first counted occurrence
    const surfaceOf = (raw: string): number => {
      const term = normalizeWord(raw);
      let sid = -1;
      if (term) {
        const known = surfaceIdOf.get(term);
        if (known !== undefined) sid = known;
        else {
          sid = surfaceWord.length;
          surfaceIdOf.set(term, sid);
          surfaceWord.push(term);
          surfaceTermId.push(internTerm(term));
          surfaceStop.push(isStopword(term) ? 1 : 0);
          if (sid >= surfaceCounts.length) {
            const c2 = new Int32Array(surfaceCounts.length * 2);
            c2.set(surfaceCounts);
            surfaceCounts = c2;
          }
        }
      }
      rawSurface.set(raw, sid);
      return sid;
    };
    const re = new RegExp(TOKEN_PATTERN.source, 'gu');

    for (let t = 0; t < n; t++) {
      const transcript = this.transcripts[t]!;
      const stored = storedText(transcript);
      this.stored.push(stored);
      const text = stored.text;
      const meta = transcript.meta;
      if (!this.byId.has(meta.id)) this.byId.set(meta.id, t);
      const tb = numTokens;
      tokBase[t] = tb;
      pBase[t] = pTokStart.length;
      cueOfToken.length = 0;
      const cues = transcript.cues;
      const cueStarts = stored.cueStarts;
      for (let c = 0; c < cues.length; c++) {
        const base = cueStarts[c]!;
        const cueText = cues[c]!.text;
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(cueText)) !== null) {
          const raw = m[0];
          let sid = rawSurface.get(raw);
          if (sid === undefined) sid = surfaceOf(raw);
          if (sid < 0) continue;
          const id = surfaceTermId.data[sid]!;
          if (!isStop[id] && !surfaceStop[sid]) {
            if (surfaceCounts[sid] === 0) surfaceOrder.push(sid);
            surfaceCounts[sid]!++;
          }
          if (numTokens === cap) grow();
          terms[numTokens] = id;
          starts[numTokens] = base + m.index;
          ends[numTokens] = base + m.index + raw.length;
          numTokens++;
          cueOfToken.push(c);
        }
      }
      const count = numTokens - tb;
      for (let k = 0; k < count; k++) {
        const g = tb + k;
        if (k === count - 1) {
          breaks[g] = Break.Turn;
          continue;
        }
        const c1 = cueOfToken.data[k]!;
        const c2 = cueOfToken.data[k + 1]!;
        let turn = false;
        if (c1 !== c2) {
          const a = cues[c1]!;
          const b = cues[c2]!;
          turn = (a.speaker ?? '') !== (b.speaker ?? '') || b.start - a.end >= passageOptions.pauseSeconds;
        }
        breaks[g] = classifyGapAt(text, ends[g]!, starts[g + 1]!, turn);
      }
      const speakersHere: string[] = [];
      const cuts = segmentPassages(count, breaks.subarray(tb, tb + count), passageOptions);
      for (const [a, b] of cuts) {
        const ga = tb + a;
        const gb = tb + b;
        docTerms.length = 0;
        for (let k = ga; k < gb; k++) {
          const id = terms[k]!;
          docTerms.push(isStop[id] ? -1 : id);
        }
        builder.addDocument(docTerms.data, 0, docTerms.length);
        pTokStart.push(ga);
        pTokEnd.push(gb);
        pTranscript.push(t);
        pSpeaker.push(majoritySpeaker(cues, cueOfToken.data, a, b, speakerIds, speakersHere));
        pStartTime.push(timeAt(transcript, starts[ga]!));
      }
      this.speakersOf.push(speakersHere);
      options.onProgress?.(t + 1, n);
    }
    tokBase[n] = numTokens;
    pBase[n] = pTokStart.length;
    for (const [name, id] of speakerIds) this.speakerNames[id] = name;

    this.tokTerm = this.termIds.size <= 65536 ? new Uint16Array(terms.subarray(0, numTokens)) : terms.slice(0, numTokens);
    terms = new Int32Array(0);
    this.tokStart = starts.slice(0, numTokens);
    starts = new Int32Array(0);
    this.tokEnd = ends.slice(0, numTokens);
    ends = new Int32Array(0);
    this.tokBreak = breaks.slice(0, numTokens);
    breaks = new Int8Array(0);
    this.tokBase = tokBase;
    this.pBase = pBase;
    this.termIsStop = Uint8Array.from(isStop);
    this.stemOf = [...this.termIds.keys()];
    this.stemsSorted = this.stemOf.slice().sort();
    this.pTokStart = pTokStart.toArray();
    this.pTokEnd = pTokEnd.toArray();
    this.pTranscript = pTranscript.toArray();
    this.pSpeaker = pSpeaker.toArray();
    this.pStartTime = Float64Array.from(pStartTime);
    this.bm25 = builder.build(this.termIds.size, options.bm25);
    rawSurface.clear();
    surfaceIdOf.clear();
    this.vocabulary = new Vocabulary(surfaceOrder.map((sid): [string, number] => [surfaceWord[sid]!, surfaceCounts[sid]!]));

    // Chunks of ~blockChunkWords content words, never across transcripts.
    const numP = this.pTokStart.length;
    this.pChunk = new Int32Array(numP);
    const chunkT = new GrowableInt32();
    const chunkLens: number[] = [];
    for (let t = 0; t < n; t++) {
      let words = Infinity;
      for (let p = pBase[t]!; p < pBase[t + 1]!; p++) {
        if (words >= this.rank.blockChunkWords) {
          chunkT.push(t);
          chunkLens.push(0);
          words = 0;
        }
        const len = this.bm25.lengths[p]!;
        chunkLens[chunkLens.length - 1]! += len;
        words += len;
        this.pChunk[p] = chunkT.length - 1;
      }
    }
    this.chunkTranscript = chunkT.toArray();
    const numChunks = this.chunkTranscript.length;
    this.chunkLenPrefix = new Float64Array(numChunks + 1);
    for (let c = 0; c < numChunks; c++) this.chunkLenPrefix[c + 1] = this.chunkLenPrefix[c]! + chunkLens[c]!;
    this.avgBlockLen = numChunks ? (this.chunkLenPrefix[numChunks]! / numChunks) * (2 * this.rank.blockRadius + 1) || 1 : 1;
    // Each chunk's block window and length norm, computed once here instead of per query term and chunk.
    this.blockLo = new Int32Array(numChunks);
    this.blockHi = new Int32Array(numChunks);
    this.blockNorm = new Float64Array(numChunks);
    {
      const R = this.rank.blockRadius;
      const k1 = this.bm25.k1;
      const b = 0.75;
      const ct = this.chunkTranscript;
      for (let w = 0; w < numChunks; w++) {
        const t = ct[w]!;
        let lo = w - R;
        let hi = w + R;
        while (lo < w && ct[lo] !== t) lo++;
        while (hi > w && (hi >= numChunks || ct[hi] !== t)) hi--;
        lo = Math.max(lo, 0);
        const len = this.chunkLenPrefix[hi + 1]! - this.chunkLenPrefix[lo]!;
        this.blockLo[w] = lo;
        this.blockHi[w] = hi;
        this.blockNorm[w] = k1 * (1 - b + (b * len) / this.avgBlockLen);
      }
    }

    this.multiWord = MultiWordTerms.build(this.tokTerm, this.tokStart, this.tokEnd, this.tokBreak, this.termIsStop, this.tokBase, this.stored);

    this.titleFuse = new Fuse(
      this.transcripts.map((tr, i) => ({ i, title: tr.meta.title, id: tr.meta.id })),
      { keys: [{ name: 'title', weight: 0.8 }, { name: 'id', weight: 0.2 }], includeScore: true, threshold: 0.4, ignoreLocation: true },
    );

    this.acc = new Float32Array(numP);
    this.mask = new Int32Array(numP);
    this.touched = { data: new Int32Array(numP), length: 0 };
    this.sideTouched = { data: new Int32Array(numP), length: 0 };
    this.chunkTf = new Float32Array(numChunks);
    this.chunkTouched = { data: new Int32Array(numChunks), length: 0 };
    this.blockAcc = new Float32Array(numChunks);
    this.blockTouched = { data: new Int32Array(numChunks), length: 0 };
    this.termBit = new Int32Array(this.termIds.size).fill(-1);

    if (this.rank.semantic > 0 && numChunks > 0) {
      this.semantics = BlockSemantics.build(
        { postings: this.bm25, idf: this.bm25.idf, passageChunk: this.pChunk, chunkTranscript: this.chunkTranscript },
        options.vectors,
      );
    }
  }

  // ---------------------------------------------------------------- search

  search(query: string, options: SearchOptions = {}): SearchResponse {
    try {
      return this.searchInner(String(query ?? ''), options);
    } catch (error) {
      // Leave the per-query buffers clean for the next query, then let the caller report the failure.
      this.resetScratch();
      throw error;
    }
  }

  private searchInner(query: string, options: SearchOptions): SearchResponse {
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
      speakerFilter = this.speakerNames.indexOf(name);
    } else {
      const found = findSpeaker(parsed.tokens, scope.transcript >= 0 ? this.speakersOf[scope.transcript]! : this.speakerNames, parsed.text);
      if (found) {
        response.speaker = found.speaker;
        speakerBoost = this.speakerNames.indexOf(found.speaker);
        for (const w of found.words) {
          const at = parsed.words.indexOf(w);
          if (at >= 0 && parsed.words.length > 1) parsed.words.splice(at, 1);
        }
      }
    }
    let qterms = this.queryTerms(parsed, response);
    if (qterms.length === 0 && parsed.phrases.length === 0) {
      response.suggestions = this.didYouMean(parsed.words);
      return response;
    }
    let phraseIds = parsed.phrases.map((p) => p.map((w) => this.termIds.get(stem(w)) ?? -2));
    let phraseText = parsed.phraseText.slice();
    // A quoted phrase nobody says word for word: search its words as plain terms, and say so. The other
    // phrases of the query stay exact.
    const loosen = (unsaid: (i: number) => boolean): void => {
      const keep = phraseIds.map((_, i) => !unsaid(i));
      (response.unmatchedPhrases ??= []).push(...phraseText.filter((_, i) => !keep[i]));
      phraseIds = phraseIds.filter((_, i) => keep[i]);
      phraseText = phraseText.filter((_, i) => keep[i]);
    };
    if (phraseIds.some((p) => p.includes(-2))) loosen((i) => phraseIds[i]!.includes(-2));
    if (qterms.length === 0 && phraseIds.length === 0) {
      response.suggestions = this.didYouMean(parsed.words);
      return response;
    }

    let ranked = this.rankPassages(qterms, scope, speakerFilter, speakerBoost, phraseIds, parsed.position);
    if (ranked.length === 0 && phraseIds.length > 1) {
      // Several phrases: loosen the ones not said anywhere in scope, then all of them.
      const said = phraseIds.map((p) => this.rankPassages(qterms, scope, speakerFilter, speakerBoost, [p], parsed.position).length > 0);
      if (said.some(Boolean)) {
        loosen((i) => !said[i]);
        ranked = this.rankPassages(qterms, scope, speakerFilter, speakerBoost, phraseIds, parsed.position);
      }
    }
    if (ranked.length === 0 && phraseIds.length) {
      loosen(() => true);
      ranked = this.rankPassages(qterms, scope, speakerFilter, speakerBoost, phraseIds, parsed.position);
    }
    if (ranked.length === 0 && phraseIds.length === 0) {
      // Nothing in scope says these words: widen each to words sharing its stem's beginning
      // ("conclusion" -> "concluding", "transcriptions" -> "transcriber"), at a lower weight.
      const widened = this.widen(qterms);
      if (widened.length) {
        this.clearTermBits(qterms);
        qterms = widened;
        ranked = this.rankPassages(qterms, scope, speakerFilter, speakerBoost, phraseIds, parsed.position);
      }
    }
    let edges = false;
    if (ranked.length === 0 && parsed.position && scope.transcript >= 0 && phraseIds.length === 0) {
      // "Meeting preliminaries" in a meeting that never says the word: its opening is the answer.
      ranked = this.edgePassages(scope, parsed.position, speakerFilter);
      edges = true;
    }
    let results = this.mergeMoments(ranked);
    if (results.length > 1 && (options.minRelative ?? 0) > 0) {
      const floor = results[0]!.score * Math.min(1, options.minRelative!);
      if (results[0]!.score > 0) results = results.filter((r) => r.score >= floor);
    }
    if (options.requireKeyWord && !edges && phraseIds.length === 0) {
      const keep = this.keyWordTest(parsed.words, qterms);
      if (keep) results = results.filter((r) => keep(this.pTokStart[r.first]!, this.pTokEnd[r.last]!));
    }
    response.total = results.length;
    const regions = results.slice(offset, offset + limit).map((r) => this.speakerRegion(r, speakerBoost));
    const hits = regions.map((r) => this.hitFor(r, qterms, speakerBoost));
    // A quote moved onto an answer must not overlap another result's quote: then it keeps its own words.
    const overlaps = (h: Hit, i: number): boolean => hits.some((o, j) => j !== i && o.video.id === h.video.id && o.charStart < h.charEnd && h.charStart < o.charEnd);
    hits.forEach((h, i) => {
      if (overlaps(h, i)) hits[i] = this.hitFor(regions[i]!, qterms, speakerBoost, false);
    });
    response.hits = hits;
    this.clearTermBits(qterms);
    if (results.length === 0) response.suggestions = this.didYouMean(parsed.words);
    return response;
  }

  /** Resolves query words to term ids ({@link resolveQueryTerms}). */
  private queryTerms(parsed: ParsedQuery, response: SearchResponse): QueryTerm[] {
    const context: ResolveContext = {
      termIds: this.termIds,
      termIsStop: this.termIsStop,
      bm25: this.bm25,
      vocabulary: this.vocabulary,
      rank: this.rank,
      tokTerm: this.tokTerm,
      tokBase: this.tokBase,
      pTokStart: this.pTokStart,
      pTokEnd: this.pTokEnd,
      pTranscript: this.pTranscript,
    };
    return resolveQueryTerms(parsed, response, context);
  }

  /** Query terms widened to content terms whose stem starts like theirs (at most 6 per term, most common first). */
  private widen(qterms: QueryTerm[]): QueryTerm[] {
    const out: QueryTerm[] = [];
    for (const q of qterms) {
      const s = this.stemOf[q.id]!;
      if (s.length < 5) continue;
      const prefix = s.slice(0, Math.max(5, s.length - 2));
      const [start, end] = prefixRange(this.stemsSorted, prefix);
      const found: number[] = [];
      for (let i = start; i < end; i++) {
        const id = this.termIds.get(this.stemsSorted[i]!)!;
        if (id !== q.id && !this.termIsStop[id] && this.bm25.df(id) > 0) found.push(id);
      }
      found.sort((a, b) => this.bm25.df(b) - this.bm25.df(a));
      for (const id of found.slice(0, 6)) {
        if (out.length < MAX_TERMS && !out.some((o) => o.id === id)) out.push({ id, weight: q.weight * this.rank.widened, local: q.local, word: q.word });
      }
    }
    return out;
  }

  /** Scores passages in scope; returns the best candidates (passage id, score), best first. */
  private rankPassages(
    qterms: QueryTerm[],
    scope: { pFrom: number; pTo: number; transcript: number },
    speakerFilter: number,
    speakerBoost: number,
    phrases: number[][],
    position?: PositionIntent,
  ): Array<{ id: number; score: number }> {
    const { pFrom, pTo } = scope;
    const bm = this.bm25;
    this.touched.length = 0;
    // Common synonyms ({@link RankWeights.synonymCandidateShare}) are scored last, and only for the
    // candidates the other terms made.
    const share = this.rank.synonymCandidateShare;
    const deferred = share < 1 ? qterms.map((q) => {
      if (!q.local || q.synonym !== true) return false;
      const inScope = bm.lowerBound(q.id, pTo) - bm.lowerBound(q.id, pFrom);
      return inScope > share * (pTo - pFrom) && inScope >= this.rank.synonymCandidateMinPostings;
    }) : undefined;
    qterms.forEach((q, i) => {
      if (q.local && !deferred?.[i]) bm.scoreTerm(q.id, q.weight, pFrom, pTo, this.acc, this.touched, this.mask, 1 << i);
      this.termBit[q.id] = i;
    });
    let late: QueryTerm[] = [];
    if (deferred?.includes(true)) {
      if (this.touched.length === 0) {
        // Nothing else matched: the synonyms make the candidates after all.
        qterms.forEach((q, i) => {
          if (deferred[i]) bm.scoreTerm(q.id, q.weight, pFrom, pTo, this.acc, this.touched, this.mask, 1 << i);
        });
      } else {
        qterms.forEach((q, i) => {
          if (deferred[i]) this.scoreTermForCandidates(q, 1 << i, pFrom, pTo);
        });
        late = qterms.filter((_, i) => deferred[i]);
      }
    }
    // Passages matching only context words still need to be candidates (a topic said only in context).
    if (this.touched.length === 0) {
      qterms.forEach((q, i) => {
        if (!q.local) bm.scoreTerm(q.id, q.weight, pFrom, pTo, this.acc, this.touched, this.mask, 1 << i);
      });
    }
    if (phrases.length && qterms.every((q) => !q.local)) this.phraseOnlyCandidates(phrases, pFrom, pTo);
    if (this.rank.block > 0) {
      if (late.length) {
        this.blockScores(qterms.filter((q) => !late.includes(q)), pFrom, pTo);
        this.blockScores(late, pFrom, pTo, true);
      } else this.blockScores(qterms, pFrom, pTo);
    }

    // Chapter titles that name a query word (the word itself, its correction or parts; not a synonym).
    const chapterWeight = this.rank.chapterTitle;
    let chapterScores: Float32Array | undefined;
    let chapterOf: Int32Array | undefined;
    if (chapterWeight > 0) {
      let titles = chapterTitlesOf.get(this);
      if (!titles) chapterTitlesOf.set(this, (titles = ChapterTitles.build(this.transcripts, this.pBase, this.pStartTime)));
      if (titles.size > 0) {
        const named = qterms.filter((q) => q.local && q.word >= 0 && !q.synonym);
        chapterScores = titles.score(named.map((q) => ({ stem: this.stemOf[q.id]!, weight: this.bm25.idf[q.id]! * q.weight })));
        chapterOf = titles.chapterOf;
      }
    }

    const heap = new TopK(this.rank.rerankDepth);
    // Every candidate passage goes through this loop (tens of thousands for common words at 1,000 hours):
    // fields and weights read once into locals.
    const { block, neighbors, speakerBoost: boost } = this.rank;
    const acc = this.acc;
    const blockAcc = this.blockAcc;
    const pChunk = this.pChunk;
    const pTranscript = this.pTranscript;
    const pSpeaker = this.pSpeaker;
    const numP = pTranscript.length;
    const touched = this.touched.data;
    const numTouched = this.touched.length;
    for (let k = 0; k < numTouched; k++) {
      const p = touched[k]!;
      if (speakerFilter >= 0 && pSpeaker[p] !== speakerFilter) continue;
      let s = acc[p]!;
      if (block > 0) s += block * blockAcc[pChunk[p]!]!;
      if (neighbors > 0) {
        const t = pTranscript[p]!;
        let around = 0;
        if (p > 0 && pTranscript[p - 1] === t) around += acc[p - 1]!;
        if (p + 1 < numP && pTranscript[p + 1] === t) around += acc[p + 1]!;
        s += neighbors * around;
      }
      if (chapterScores) {
        const c = chapterOf![p]!;
        if (c >= 0) s += chapterWeight * chapterScores[c]!;
      }
      if (speakerBoost >= 0 && pSpeaker[p] === speakerBoost) s *= boost;
      heap.push(p, s);
    }
    const weights = qterms.map((q) => this.bm25.idf[q.id]! * q.weight);
    const positions = new Int32Array(256);
    const bits = new Int32Array(256);
    const out: Array<{ id: number; score: number }> = [];
    for (const c of heap.sorted()) {
      const p = c.id;
      if (phrases.length && !phrases.every((ph) => this.passageHasPhrase(p, ph))) continue;
      let score = c.score;
      if (this.rank.proximity > 0 && qterms.length > 1) {
        let count = 0;
        for (let k = this.pTokStart[p]!; k < this.pTokEnd[p]! && count < 256; k++) {
          const b = this.termBit[this.tokTerm[k]!]!;
          if (b >= 0) {
            positions[count] = k;
            bits[count++] = b;
          }
        }
        score += this.rank.proximity * proximityBonus(positions, bits, count, weights);
      }
      if (this.rank.midBlock > 0) score += this.rank.midBlock * this.windowScore(p, qterms, weights, this.rank.midRadius);
      if (this.rank.speakerWindow > 0 && speakerBoost >= 0) {
        score += this.rank.speakerWindow * this.windowScore(p, qterms, weights, this.rank.speakerRadius, speakerBoost);
      }
      out.push({ id: p, score });
    }
    this.resetScratch();
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    if (this.semantics && out.length > 1) this.semanticRerank(qterms, out);
    if (position && this.rank.position > 0 && out.length > 1) this.positionPrior(position, out);
    return out;
  }

  /**
   * Adds a term's BM25 to the passages that are already candidates (`mask` set) and to their neighbours
   * (for the neighbour signal; those stay non-candidates, listed in `sideTouched` for the reset), without
   * making new candidates: what a common synonym would add to the scores the ranking reads, at the cost of
   * one walk over its postings in scope.
   */
  private scoreTermForCandidates(q: QueryTerm, bit: number, pFrom: number, pTo: number): void {
    const bm = this.bm25;
    const { docs, tfs } = bm;
    const acc = this.acc;
    const mask = this.mask;
    const side = this.sideTouched;
    const withNeighbours = this.rank.neighbors > 0;
    const idf = bm.idf[q.id]! * q.weight;
    const k1p = bm.k1 + 1;
    const norm = bm.norm;
    const numP = mask.length;
    const end = bm.offsets[q.id + 1]!;
    for (let k = bm.lowerBound(q.id, pFrom); k < end; k++) {
      const d = docs[k]!;
      if (d >= pTo) break;
      const m = mask[d]!;
      if ((m & ~SIDE) !== 0) mask[d] = m | bit;
      else if (!withNeighbours || !((d > 0 && (mask[d - 1]! & ~SIDE) !== 0) || (d + 1 < numP && (mask[d + 1]! & ~SIDE) !== 0))) continue;
      else if (m === 0) {
        mask[d] = SIDE;
        side.data[side.length++] = d;
      }
      const tf = tfs[k]!;
      acc[d]! += (idf * tf * k1p) / (tf + norm[d]!);
    }
  }

  /**
   * BM25 of the passage-level query terms counted over passages `p - radius .. p + radius` of its
   * transcript, term frequencies saturated with k1. Two uses:
   * - the chapter-scale window ({@link RankWeights.midBlock}): every passage counts, and the window is
   *   length normalised (b = 0.75) against the average window of `2 radius + 1` passages;
   * - the named speaker's window ({@link RankWeights.speakerWindow}, `speaker` >= 0): only that speaker's
   *   passages count, with no length normalisation (the speaker's share of the window varies).
   * Term frequencies come from the postings (two binary searches per term), so the cost does not grow with
   * the window's text.
   */
  private windowScore(p: number, qterms: QueryTerm[], weights: number[], radius: number, speaker = -1): number {
    const bm = this.bm25;
    const t = this.pTranscript[p]!;
    const lo = Math.max(this.pBase[t]!, p - radius);
    const hi = Math.min(this.pBase[t + 1]! - 1, p + radius);
    const k1 = bm.k1;
    let norm = k1;
    if (speaker < 0) {
      let len = 0;
      for (let x = lo; x <= hi; x++) len += bm.lengths[x]!;
      norm = k1 * (0.25 + (0.75 * len) / (bm.avgLength * (2 * radius + 1)));
    }
    const pSpeaker = this.pSpeaker;
    let s = 0;
    for (let i = 0; i < qterms.length; i++) {
      const q = qterms[i]!;
      if (!q.local) continue;
      let tf = 0;
      const end = bm.offsets[q.id + 1]!;
      for (let k = bm.lowerBound(q.id, lo); k < end && bm.docs[k]! <= hi; k++) {
        if (speaker < 0 || pSpeaker[bm.docs[k]!] === speaker) tf += bm.tfs[k]!;
      }
      if (tf > 0) s += (weights[i]! * tf * (k1 + 1)) / (tf + norm);
    }
    return s;
  }

  /** The passages of a one-transcript scope's opening or closing span, in reading order (scored 1 down to 0). */
  private edgePassages(
    scope: { pFrom: number; pTo: number },
    position: PositionIntent,
    speakerFilter: number,
  ): Array<{ id: number; score: number }> {
    const n = scope.pTo - scope.pFrom;
    const k = Math.min(n, Math.max(1, Math.ceil(n * this.rank.positionSpan)));
    const out: Array<{ id: number; score: number }> = [];
    for (let i = 0; i < k; i++) {
      const p = position === 'opening' ? scope.pFrom + i : scope.pTo - k + i;
      if (speakerFilter >= 0 && this.pSpeaker[p] !== speakerFilter) continue;
      out.push({ id: p, score: 1 - i / k });
    }
    return out;
  }

  /** Adds the opening/closing prior ({@link RankWeights.position}) to every candidate and re-sorts. */
  private positionPrior(position: PositionIntent, out: Array<{ id: number; score: number }>): void {
    const scale = this.rank.position * Math.max(0, out[0]!.score);
    const span = Math.max(1e-6, this.rank.positionSpan);
    for (const c of out) {
      const t = this.pTranscript[c.id]!;
      const n = this.pBase[t + 1]! - this.pBase[t]!;
      const at = (c.id - this.pBase[t]! + 0.5) / n; // 0..1 through the transcript
      const from = position === 'opening' ? at : 1 - at;
      if (from < span) c.score += scale * (1 - from / span);
    }
    out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /**
   * Adds `semantic x cosine(query, block) x best score` to the best `semanticDepth` candidates (sorted, best
   * first) and re-sorts them; candidates below keep their order (they rank below anyway).
   */
  private semanticRerank(qterms: QueryTerm[], out: Array<{ id: number; score: number }>): void {
    const semantics = this.semantics!;
    const q = semantics.queryVector(qterms);
    const n = Math.min(out.length, this.rank.semanticDepth);
    const scale = this.rank.semantic * Math.max(0, out[0]!.score);
    for (let i = 0; i < n; i++) {
      const c = out[i]!;
      c.score += scale * semantics.blockCosine(q, this.pChunk[c.id]!, this.rank.blockRadius);
    }
    const head = out.slice(0, n).sort((a, b) => b.score - a.score || a.id - b.id);
    for (let i = 0; i < n; i++) out[i] = head[i]!;
  }

  /**
   * Block score: for every chunk, BM25 of the window of chunks around it (same transcript), using the
   * whole corpus's IDF. Accumulates into `blockAcc` for chunks near any matching passage.
   */
  private blockScores(qterms: QueryTerm[], pFrom: number, pTo: number, onlyTouched = false): void {
    const bm = this.bm25;
    const k1p = bm.k1 + 1;
    const { docs, tfs } = bm;
    const pChunk = this.pChunk;
    const chunkTf = this.chunkTf;
    const touched = this.chunkTouched.data;
    const blockLo = this.blockLo;
    const blockHi = this.blockHi;
    const blockNorm = this.blockNorm;
    const blockAcc = this.blockAcc;
    const blockTouched = this.blockTouched;
    for (const q of qterms) {
      // Term frequency per chunk. Postings are in passage order and chunks follow passages, so the touched
      // chunks come out in ascending order.
      let n = 0;
      const end = bm.offsets[q.id + 1]!;
      for (let k = pFrom > 0 ? bm.lowerBound(q.id, pFrom) : bm.offsets[q.id]!; k < end; k++) {
        const d = docs[k]!;
        if (d >= pTo) break;
        const c = pChunk[d]!;
        if (chunkTf[c] === 0) touched[n++] = c;
        chunkTf[c]! += tfs[k]!;
      }
      // Every block holding a touched chunk, each once, in ascending order: a chunk is in the block of
      // chunk w exactly when w is in the chunk's own block (same transcript, within blockRadius).
      // The block's term frequency slides along consecutive blocks of a transcript (whole numbers: exact).
      const idf = bm.idf[q.id]! * q.weight;
      let next = 0;
      let tf = 0;
      let lo = 0;
      let hi = -1;
      for (let i = 0; i < n; i++) {
        const c = touched[i]!;
        const wEnd = blockHi[c]!;
        for (let w = Math.max(blockLo[c]!, next); w <= wEnd; w++) {
          const wLo = blockLo[w]!;
          const wHi = blockHi[w]!;
          if (wLo >= lo && wLo <= hi + 1 && wHi >= hi) {
            for (let j = lo; j < wLo; j++) tf -= chunkTf[j]!;
            for (let j = hi + 1; j <= wHi; j++) tf += chunkTf[j]!;
          } else {
            tf = 0;
            for (let j = wLo; j <= wHi; j++) tf += chunkTf[j]!;
          }
          lo = wLo;
          hi = wHi;
          if (blockAcc[w] === 0) {
            if (onlyTouched) continue;
            blockTouched.data[blockTouched.length++] = w;
          }
          blockAcc[w]! += (idf * tf * k1p) / (tf + blockNorm[w]!);
        }
        if (wEnd >= next) next = wEnd + 1;
      }
      for (let i = 0; i < n; i++) chunkTf[touched[i]!] = 0;
    }
  }

  /** Adds passages containing a phrase made only of stopwords (no postings) by scanning the scope. */
  private phraseOnlyCandidates(phrases: number[][], pFrom: number, pTo: number): void {
    for (let p = pFrom; p < pTo; p++) {
      if (this.mask[p] === 0 && phrases.every((ph) => this.passageHasPhrase(p, ph))) {
        this.touched.data[this.touched.length++] = p;
        this.mask[p] = 1 << 30;
        this.acc[p] = 1;
      }
    }
  }

  private passageHasPhrase(p: number, phrase: number[]): boolean {
    const from = this.pTokStart[p]!;
    const to = this.pTokEnd[p]!;
    // Let a phrase run over into the next passage of the same transcript.
    const limit = Math.min(to + phrase.length - 1, this.tokBase[this.pTranscript[p]! + 1]!);
    for (let k = from; k < to; k++) {
      let j = 0;
      while (j < phrase.length && k + j < limit && this.tokTerm[k + j] === phrase[j]) j++;
      if (j === phrase.length) return true;
    }
    return false;
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
      idf[q.word] = Math.max(idf[q.word]!, this.bm25.idf[q.id]!);
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
        const w = wordOf.get(this.tokTerm[k]!);
        if (w === undefined) continue;
        if (w === key) return true;
        seen.add(w);
        if (seen.size >= half && n > 2) return true;
      }
      return false;
    };
  }

  private resetScratch(): void {
    for (let k = 0; k < this.touched.length; k++) {
      const p = this.touched.data[k]!;
      this.acc[p] = 0;
      this.mask[p] = 0;
    }
    this.touched.length = 0;
    for (let k = 0; k < this.sideTouched.length; k++) {
      const p = this.sideTouched.data[k]!;
      this.acc[p] = 0;
      this.mask[p] = 0;
    }
    this.sideTouched.length = 0;
    for (let k = 0; k < this.blockTouched.length; k++) this.blockAcc[this.blockTouched.data[k]!] = 0;
    this.blockTouched.length = 0;
  }

  private clearTermBits(qterms: QueryTerm[]): void {
    for (const q of qterms) this.termBit[q.id] = -1;
  }

  /**
   * Groups ranked passages into distinct moments: a passage next to (or one passage away from) an already
   * chosen result merges into it; adjacent passages extend the result's region (at most 3 passages). A
   * moment within `momentGap` passages of a better one is kept but moved after all the moments that are
   * not, so the first results are distinct discussions rather than one discussion quoted three times; the
   * distinct moments are then ordered for diversity ({@link diversify}).
   */
  private mergeMoments(ranked: Array<{ id: number; score: number }>): Moment[] {
    const results: Moment[] = [];
    const deferred: Moment[] = [];
    const owner = new Map<number, Moment>();
    for (const { id, score } of ranked) {
      const t = this.pTranscript[id]!;
      const near = owner.get(id) ?? owner.get(id - 1) ?? owner.get(id + 1);
      if (near && this.pTranscript[near.best] === t) {
        if (id === near.first - 1 && near.last - near.first < 2) near.first = id;
        else if (id === near.last + 1 && near.last - near.first < 2) near.last = id;
        owner.set(id, near);
        continue;
      }
      const m: Moment = { best: id, first: id, last: id, score };
      let close = false;
      for (let g = 2; !close && g <= this.rank.momentGap; g++) {
        const o = owner.get(id - g) ?? owner.get(id + g);
        close = o !== undefined && this.pTranscript[o.best] === t;
      }
      (close ? deferred : results).push(m);
      owner.set(id, m);
    }
    const distinct = this.semantics && this.rank.diversity > 0 && results.length > 2 ? this.diversify(results) : results;
    return deferred.length ? distinct.concat(deferred) : distinct;
  }

  /**
   * Re-orders the best {@link DIVERSITY_DEPTH} results by maximal marginal relevance ({@link RankWeights.diversity}):
   * the first stays; each next is the one with the best `score / first score - diversity x similarity` to
   * the results already placed (cosine of region vectors, same recording only).
   */
  private diversify(results: Moment[]): Moment[] {
    const semantics = this.semantics!;
    const n = Math.min(results.length, DIVERSITY_DEPTH);
    const head = results.slice(0, n);
    const top = head[0]!.score;
    if (!(top > 0)) return results;
    const vectors = head.map((m) => semantics.regionVector(this.pChunk[m.best]!, this.rank.blockRadius));
    const similarity = (i: number, j: number): number =>
      this.pTranscript[head[i]!.best] === this.pTranscript[head[j]!.best] ? Math.max(0, TermVectors.cosine(vectors[i]!, vectors[j]!)) : 0;
    const placed = [0];
    const left = new Set<number>();
    for (let i = 1; i < n; i++) left.add(i);
    while (left.size) {
      let best = -1;
      let bestValue = -Infinity;
      for (const i of left) {
        let sim = 0;
        for (const j of placed) sim = Math.max(sim, similarity(i, j));
        const value = head[i]!.score / top - this.rank.diversity * sim;
        if (value > bestValue) [best, bestValue] = [i, value];
      }
      placed.push(best);
      left.delete(best);
    }
    return placed.map((i) => head[i]!).concat(results.slice(n));
  }

  /**
   * A moment's region cut to the turns of the speaker a query names ("what did Grad G think about X"), when
   * its best passage is theirs: the quote is then their words, not the question or remark before them.
   */
  private speakerRegion(m: Moment, speaker: number): Moment {
    if (speaker < 0 || this.pSpeaker[m.best] !== speaker) return m;
    let first = m.best;
    let last = m.best;
    while (first > m.first && this.pSpeaker[first - 1] === speaker) first--;
    while (last < m.last && this.pSpeaker[last + 1] === speaker) last++;
    return { ...m, first, last };
  }

  /**
   * The hit for a moment: the densest quote window inside its region, moved onto the answer when it ends on
   * a question another speaker answers ({@link answerWindow}; not when the question is by `speaker`, the
   * person the query asks about).
   */
  private hitFor(m: Moment, qterms: QueryTerm[], speaker = -1, answer = true): Hit {
    const weights = new Map<number, number>();
    for (const q of qterms) weights.set(q.id, this.bm25.idf[q.id]! * q.weight);
    const [a, b] = bestWindow(
      {
        from: this.pTokStart[m.first]!,
        to: this.pTokEnd[m.last]!,
        terms: this.tokTerm,
        breaks: this.tokBreak,
        weight: (term) => weights.get(term) ?? 0,
      },
      this.snippetOptions,
    );
    const t = this.pTranscript[m.best]!;
    if (answer && this.rank.answer > 0 && (speaker < 0 || this.pSpeaker[m.best] !== speaker)) {
      const transcript = this.transcripts[t]!;
      const view = { text: this.stored[t]!.text, tokStart: this.tokStart, tokEnd: this.tokEnd, breaks: this.tokBreak, from: this.tokBase[t]!, to: this.tokBase[t + 1]! };
      const speakerAt = (k: number): string | undefined => this.speakerAtChar(transcript, this.tokStart[k]!, this.tokEnd[k]!);
      const shifted = answerWindow({ ...view, speakerAt }, [a, b], { minWords: this.snippetOptions.minWords, maxWords: this.snippetOptions.maxWords });
      if (shifted) return this.makeHit(t, shifted[0], shifted[1], m.score);
    }
    return this.makeHit(t, a, b, m.score);
  }

  /** A hit for tokens `[a, b)` of transcript `t`. */
  private makeHit(t: number, a: number, b: number, score: number): Hit {
    const transcript = this.transcripts[t]!;
    const text = this.stored[t]!.text;
    const charStart = this.tokStart[a]!;
    const charEnd = trailingPunctuationEnd(text, this.tokEnd[b - 1]!);
    const start = timeAt(transcript, charStart);
    const end = Math.max(start, timeAt(transcript, charEnd));
    const hit: Hit = {
      video: transcript.meta,
      transcript,
      start,
      end,
      approximate: transcript.approximate,
      text: text.slice(charStart, charEnd),
      charStart,
      charEnd,
      score,
    };
    const speaker = this.speakerAtChar(transcript, charStart, charEnd);
    if (speaker) hit.speaker = speaker;
    const chapter = transcript.meta.chapters?.find((c) => start >= c.start && start < c.end);
    if (chapter) hit.chapter = chapter.title;
    return hit;
  }

  private speakerAtChar(transcript: Transcript, charStart: number, charEnd: number): string | undefined {
    const stored = storedText(transcript);
    const cues = transcript.cues;
    // The speaker who says most of the quote.
    const tally = new Map<string, number>();
    let lo = 0;
    let hi = cues.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (stored.cueStarts[mid]! <= charStart) lo = mid;
      else hi = mid - 1;
    }
    for (let c = lo; c < cues.length && stored.cueStarts[c]! < charEnd; c++) {
      const sp = cues[c]!.speaker;
      if (!sp) continue;
      const from = Math.max(charStart, stored.cueStarts[c]!);
      const to = Math.min(charEnd, stored.cueStarts[c]! + cues[c]!.text.length);
      tally.set(sp, (tally.get(sp) ?? 0) + Math.max(0, to - from));
    }
    let best: string | undefined;
    let bestN = -1;
    for (const [sp, k] of tally) if (k > bestN) [best, bestN] = [sp, k];
    return best;
  }

  private didYouMean(words: string[]): string[] {
    const out: string[] = [];
    for (const w of words.slice(0, 5)) {
      for (const s of this.vocabulary.similar(w, 3)) if (!out.includes(s)) out.push(s);
    }
    return out.slice(0, 5);
  }

  // ---------------------------------------------------------------- scope, videos, speakers

  private scope(video: string | undefined): { pFrom: number; pTo: number; transcript: number } {
    const all = { pFrom: 0, pTo: this.pTokStart.length, transcript: -1 };
    if (video === undefined || video === '') return all;
    const t = this.resolveVideo(video);
    if (t < 0) return { pFrom: 0, pTo: 0, transcript: -1 };
    return { pFrom: this.pBase[t]!, pTo: this.pBase[t + 1]!, transcript: t };
  }

  /** Transcript index of a video given by id (exact, case-insensitive) or fuzzy title; -1 when none. */
  private resolveVideo(video: string): number {
    const exact = this.byId.get(video);
    if (exact !== undefined) return exact;
    const v = video.trim().slice(0, 200);
    if (!v) return -1;
    for (const [id, t] of this.byId) if (id.toLowerCase() === v.toLowerCase()) return t;
    const found = this.titleFuse.search(sanitizeFuse(v), { limit: 1 });
    return found[0] ? found[0].item.i : -1;
  }

  findVideos(query: string, limit = 10): VideoMeta[] {
    const q = String(query ?? '').trim().slice(0, 200);
    if (!q) return this.transcripts.slice(0, limit).map((t) => t.meta);
    const out: VideoMeta[] = [];
    const exact = this.byId.get(q);
    if (exact !== undefined) out.push(this.transcripts[exact]!.meta);
    for (const r of this.titleFuse.search(sanitizeFuse(q), { limit: limit + 1 })) {
      const meta = this.transcripts[r.item.i]!.meta;
      if (!out.includes(meta)) out.push(meta);
    }
    return out.slice(0, limit);
  }

  /** A speaker name matching `name` (exact, case-insensitive, or fuzzy) among the speakers in scope. */
  private resolveSpeaker(name: string, transcript: number): string | undefined {
    const pool = transcript >= 0 ? this.speakersOf[transcript]! : this.speakerNames;
    const n = name.trim().toLowerCase().slice(0, 200);
    if (!n) return undefined;
    const exact = pool.find((s) => s.toLowerCase() === n);
    if (exact) return exact;
    const fuse = new Fuse(pool, { includeScore: true, threshold: 0.4, ignoreLocation: true });
    return fuse.search(sanitizeFuse(n), { limit: 1 })[0]?.item;
  }

  speakers(video?: string): string[] {
    if (video === undefined || video === '') return this.speakerNames.slice();
    const t = this.resolveVideo(String(video));
    return t < 0 ? [] : this.speakersOf[t]!.slice();
  }

  // ---------------------------------------------------------------- timeline, context, random, suggest

  mentions(query: string, options: { video?: string; limit?: number; requireKeyWord?: boolean } = {}): SearchResponse {
    const response: SearchResponse = { hits: [], total: 0, terms: [], corrected: {}, suggestions: [] };
    try {
      const limit = clampInt(options.limit, 50, 0, 1000);
      const scope = this.scope(options.video);
      if (options.video) {
        if (scope.transcript < 0) return response;
        response.video = this.transcripts[scope.transcript]!.meta;
      }
      const parsed = parseQuery(String(query ?? ''));
      setSubject(response, parsed);
      parsed.words.push(...parsed.context);
      parsed.context = [];
      const qterms = this.queryTerms(parsed, response);
      if (!qterms.length) {
        response.suggestions = this.didYouMean(parsed.words);
        return response;
      }
      this.touched.length = 0;
      qterms.forEach((q, i) => this.bm25.scoreTerm(q.id, q.weight, scope.pFrom, scope.pTo, this.acc, this.touched, this.mask, 1 << i));
      // A moment mentions the topic when it holds at least half of the query's terms (all of one or two).
      const need = qterms.length <= 2 ? qterms.length : Math.ceil(qterms.length / 2);
      // With `requireKeyWord`, the key-word test replaces that rule: the query's most specific word (or half
      // of its words) is enough, so "how did GPUs help?" lists every GPU moment, not only those saying "help".
      const keep = options.requireKeyWord ? this.keyWordTest(parsed.words, qterms) : undefined;
      const matching: number[] = [];
      for (let k = 0; k < this.touched.length; k++) {
        const p = this.touched.data[k]!;
        if (keep ? keep(this.pTokStart[p]!, this.pTokEnd[p]!) : popcount(this.mask[p]!) >= need) matching.push(p);
      }
      matching.sort((a, b) => a - b);
      const scores = new Map<number, number>();
      for (const p of matching) scores.set(p, this.acc[p]!);
      this.resetScratch();
      // Consecutive matching passages form one moment; its quote comes from its best passage.
      const moments: Moment[] = [];
      for (const p of matching) {
        const last = moments[moments.length - 1];
        if (last && last.last >= p - 1 && this.pTranscript[last.last] === this.pTranscript[p]) {
          last.last = p;
          last.score += scores.get(p)!;
          if (scores.get(p)! > scores.get(last.best)!) last.best = p;
        } else moments.push({ best: p, first: p, last: p, score: scores.get(p)! });
      }
      response.total = moments.length;
      let chosen = moments;
      if (moments.length > limit) {
        chosen = moments.slice().sort((a, b) => b.score - a.score).slice(0, limit).sort((a, b) => a.best - b.best);
      }
      response.hits = chosen.map((m) => this.hitFor({ ...m, first: m.best, last: m.best }, qterms)).map((h, i) => ({ ...h, score: chosen[i]!.score }));
      this.clearTermBits(qterms);
      return response;
    } catch (error) {
      // Leave the per-query buffers clean for the next query, then let the caller report the failure.
      this.resetScratch();
      throw error;
    }
  }

  around(videoId: string, seconds: number, before = 1, after = 1): Hit[] {
    const t = this.byId.get(String(videoId));
    if (t === undefined) return [];
    const from = this.pBase[t]!;
    const to = this.pBase[t + 1]!;
    if (from === to) return [];
    const s = Number.isFinite(seconds) ? seconds : 0;
    let lo = from;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.pStartTime[mid]! <= s + 1e-6) lo = mid;
      else hi = mid - 1;
    }
    const b = clampInt(before, 1, 0, 50);
    const a = clampInt(after, 1, 0, 50);
    const out: Hit[] = [];
    for (let p = Math.max(from, lo - b); p <= Math.min(to - 1, lo + a); p++) {
      out.push(this.makeHit(t, this.pTokStart[p]!, this.pTokEnd[p]!, 0));
    }
    return out;
  }

  random(video?: string, rng: () => number = Math.random): Hit | undefined {
    const scope = this.scope(video);
    if (video && scope.transcript < 0) return undefined;
    const n = scope.pTo - scope.pFrom;
    if (n <= 0) return undefined;
    const pick = (): number => scope.pFrom + Math.min(n - 1, Math.floor(rng() * n));
    let p = pick();
    for (let tries = 0; tries < 64; tries++) {
      const words = this.pTokEnd[p]! - this.pTokStart[p]!;
      if (words >= 20 && this.bm25.lengths[p]! >= 8) break;
      p = pick();
    }
    const [a, b] = bestWindow(
      { from: this.pTokStart[p]!, to: this.pTokEnd[p]!, terms: this.tokTerm, breaks: this.tokBreak, weight: () => 0 },
      this.snippetOptions,
    );
    return this.makeHit(this.pTranscript[p]!, a, b, 0);
  }

  suggest(prefix: string, limit = 25): string[] {
    const raw = String(prefix ?? '').slice(0, 100).toLowerCase().trimStart();
    if (!raw.trim()) return [];
    const words = raw.split(/\s+/).map((w) => normalizeWord(w)).filter(Boolean);
    const endsWithSpace = /\s$/.test(raw);
    const normalized = words.join(' ') + (endsWithSpace ? ' ' : '');
    const multi = this.multiWord.withPrefix(normalized, limit);
    if (words.length > 1 || endsWithSpace) return multi.slice(0, limit);
    const single = this.vocabulary.withPrefix(words[0] ?? '', limit);
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

/** A result: a best passage and the region of passages merged into it. */
interface Moment {
  best: number;
  first: number;
  last: number;
  score: number;
}

/** {@link SearchResponse.subject}: the topic words, when the query had more than them. */
function setSubject(response: SearchResponse, parsed: ParsedQuery): void {
  const words = [...parsed.words, ...parsed.context];
  if (words.length && words.length < parsed.tokens.length + parsed.context.length) response.subject = words.join(' ');
}

function majoritySpeaker(
  cues: Transcript['cues'],
  cueOfToken: Int32Array,
  a: number,
  b: number,
  ids: Map<string, number>,
  speakersHere: string[],
): number {
  let best: string | undefined;
  let bestN = 0;
  let cur: string | undefined;
  let run = 0;
  const counts = new Map<string, number>();
  for (let k = a; k < b; k++) {
    const sp = cues[cueOfToken[k]!]!.speaker;
    if (sp === undefined) continue;
    if (sp !== cur) {
      cur = sp;
      run = 0;
    }
    run++;
    const c = (counts.get(sp) ?? 0) + 1;
    counts.set(sp, c);
    if (c > bestN) [best, bestN] = [sp, c];
    if (!speakersHere.includes(sp)) speakersHere.push(sp);
  }
  if (best === undefined) return -1;
  let id = ids.get(best);
  if (id === undefined) {
    id = ids.size;
    ids.set(best, id);
  }
  // Register every speaker seen, so speakers() lists people with only short turns too.
  for (const sp of counts.keys()) if (!ids.has(sp)) ids.set(sp, ids.size);
  return id;
}

/** End of a quote: the token end plus punctuation glued to it (`.`, `?`, `"`), or a caption-style ` .`. */
function trailingPunctuationEnd(text: string, end: number): number {
  let e = end;
  while (e < text.length && /[.,!?;:…"'”’)\]]/.test(text[e]!)) e++;
  if (e === end && text[e] === ' ' && /[.?!]/.test(text[e + 1] ?? '') && (e + 2 >= text.length || text[e + 2] === ' ')) e += 2;
  return e;
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

/** A copy of `array` in a new typed array of the same kind with room for `length` entries. */
function resized<T extends Int32Array | Int8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}
