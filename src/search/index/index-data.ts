/**
 * The search index's data: {@link IndexData}, plain typed arrays and a few lookup structures, with what each
 * holds, and {@link buildIndexData}, which makes it from a corpus in named steps:
 *
 * 1. {@link tokenizeTranscripts}: every transcript's stored text is tokenized once; tokens get interned term
 *    ids (Porter stems), character offsets and the kind of gap after them ({@link Break}); the token stream is
 *    cut into passages ({@link segmentPassages}), each added to the BM25 builder, with its majority speaker
 *    and start time; surface words are counted for the vocabulary.
 * 2. {@link chunkPassages}: passages are grouped into chunks of ~`blockChunkWords` content words (never
 *    across transcripts), for the block score.
 * 3. {@link blockWindows}: each chunk's block (the chunk and `blockRadius` chunks each side, same transcript)
 *    and its BM25 length norm, computed once.
 * 4. Multi-word terms (for autocomplete) and the block semantics (term vectors; only when `rank.semantic` > 0).
 *
 * The data never changes after the build; per-query scratch lives in {@link QueryScratch}.
 *
 * @example
 * const data = buildIndexData(corpus, searchParams());
 * data.pTokStart.length // number of passages
 */
import { drain, TermBounds } from './bounds.ts';
import { rankThreadsWanted, sharedBm25, sharedBounds, sharePassageArrays } from './shared-arrays.ts';
import { storedText, type StoredText } from '../../corpus/text.ts';
import type { Corpus, Transcript } from '../../corpus/types.ts';
import { Bm25Builder, lengthNorm, type Bm25Index } from './bm25.ts';
import { GrowableInt32 } from './growable.ts';
import { mergeBatches, type MergedTokens } from './merge-batches.ts';
import { packOffsets, TokenPlaces } from './offsets.ts';
import type { SearchParams } from '../params.ts';
import { segmentPassages } from './passages.ts';
import { BlockSemantics } from './semantic.ts';
import { MultiWordTerms } from '../text/terms.ts';
import { timeAt } from './timing.ts';
import { BatchTokenizer, NEVER, type TokenBatch } from './token-batch.ts';
import { Vocabulary } from '../text/vocabulary.ts';

/**
 * Everything a built index knows about its corpus. Token, passage and chunk ids are positions in the arrays
 * below, numbered over the whole corpus in transcript order; `tokBase`/`pBase` give each transcript's range.
 */
export interface IndexData {
  /** Per transcript: its stored text (cue texts joined by one space; every quote is a slice of it). */
  stored: StoredText[];

  // Tokens (every word of every transcript, in order).
  /** Term id of each token: 16-bit while the corpus has at most 65,536 terms (half the memory), else 32-bit. */
  tokTerm: Int32Array | Uint16Array;
  /**
   * Where each token is in its transcript's stored text and the kind of gap after it ({@link Break}: none,
   * clause, sentence, turn), per transcript ({@link TokenPlaces}: in memory after a build, read from the
   * cache file one transcript at a time after a restart). Only quotes and the multi-word terms read them.
   */
  tokens: TokenPlaces;
  /** Per transcript, its first token (length transcripts + 1). */
  tokBase: Int32Array;

  // Terms (a term is a Porter stem; its id is its position in `stemOf`).
  /** Stem -> term id. */
  termIds: Map<string, number>;
  /** 1 when every word with this stem is a stopword (stopwords are not indexed in BM25). */
  termIsStop: Uint8Array;
  /** Stem of each term id. */
  stemOf: string[];
  /** All stems sorted (for prefix widening). */
  stemsSorted: string[];
  /** Surface words with their counts (typo correction, suggestions, autocomplete). */
  vocabulary: Vocabulary;
  /**
   * Frequent multi-word terms (autocomplete); absent while a cold start leaves them for after its first
   * answers (`defer`: {@link multiWordSteps}, run in steps before the cache write); autocomplete offers
   * single words meanwhile.
   */
  multiWord: MultiWordTerms | undefined;

  // Passages (~40-word stretches cut at sentence ends, turns and pauses).
  /** Token range `[pTokStart, pTokEnd)` of each passage. */
  pTokStart: Int32Array;
  pTokEnd: Int32Array;
  /** Transcript of each passage. */
  pTranscript: Int32Array;
  /** Majority speaker of each passage (index into `speakerNames`), -1 when untagged. */
  pSpeaker: Int32Array;
  /** Start time (seconds) of each passage. */
  pStartTime: Float64Array;
  /** Chunk of each passage. */
  pChunk: Int32Array;
  /** Per transcript, its first passage (length transcripts + 1). */
  pBase: Int32Array;
  /** BM25 inverted index over passages (content terms only). */
  bm25: Bm25Index;

  // Chunks (~250 content words; a block is a chunk and `blockRadius` chunks each side).
  /** Transcript of each chunk. */
  chunkTranscript: Int32Array;
  /** Prefix sums of chunk lengths in content words (length chunks + 1). */
  chunkLenPrefix: Float64Array;
  /** Average block length in content words. */
  avgBlockLen: number;
  /** Per chunk: first and last chunk of its block (same transcript). */
  blockLo: Int32Array;
  blockHi: Int32Array;
  /** Per chunk: its block's BM25 length norm ({@link lengthNorm}). */
  blockNorm: Float64Array;

  // Speakers and videos.
  /** Every speaker name; a speaker id is a position here. */
  speakerNames: string[];
  /** Per transcript, the speakers heard in it (first appearance order). */
  speakersOf: string[][];
  /** Video id -> first transcript with it. */
  byId: Map<string, number>;

  /** Topical similarity of query and block; absent when `rank.semantic` is 0 or there are no chunks. */
  semantics: BlockSemantics | undefined;
  /** Per term and transcript, a bound of its first-pass score (the pruned ranking); absent when `rank.prune` is 0 or the corpus has fewer than `rank.pruneMinPassages` passages. */
  bounds: TermBounds | undefined;
}

/**
 * Version of the {@link IndexData} layout as saved in an index snapshot. Bump it whenever a field is added,
 * removed, renamed or changes meaning: a snapshot of another version is then rebuilt, never misread.
 */
export const INDEX_DATA_VERSION = 4;

/**
 * Every field of {@link IndexData} and how a snapshot stores it: `array` a typed array (binary section),
 * `value` strings/numbers/arrays/Maps (JSON), `object` an instance of a search class (its fields, restored on
 * its prototype), `texts` the stored texts (the snapshot's text section), `tokens` the token places (one
 * block per transcript with its cue rows, in the snapshot's cue section). The snapshot writes exactly these
 * fields and refuses data with others.
 */
export const INDEX_DATA_FIELDS: Readonly<Record<keyof IndexData, 'array' | 'value' | 'object' | 'texts' | 'tokens'>> = {
  stored: 'texts',
  tokTerm: 'array',
  tokens: 'tokens',
  tokBase: 'array',
  termIds: 'value',
  termIsStop: 'array',
  stemOf: 'value',
  stemsSorted: 'value',
  vocabulary: 'object',
  multiWord: 'object',
  pTokStart: 'array',
  pTokEnd: 'array',
  pTranscript: 'array',
  pSpeaker: 'array',
  pStartTime: 'array',
  pChunk: 'array',
  pBase: 'array',
  bm25: 'object',
  chunkTranscript: 'array',
  chunkLenPrefix: 'array',
  avgBlockLen: 'value',
  blockLo: 'array',
  blockHi: 'array',
  blockNorm: 'array',
  speakerNames: 'value',
  speakersOf: 'value',
  byId: 'value',
  semantics: 'object',
  bounds: 'object',
};

/** How {@link buildIndexData} and {@link buildIndexDataFromBatches} build; every field is optional. */
export interface DataBuildOptions {
  /** Called after each transcript is indexed (for progress bars). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Leave the pruning bounds and the multi-word terms for {@link boundsSteps} and {@link multiWordSteps}
   * (a cold start answers first). Default false.
   */
  defer?: boolean;
  /**
   * Whether the arrays a second ranking thread reads go to shared memory when this corpus ranks on two threads
   * ({@link rankThreadsWanted}): true for an index that will answer queries in this process. Default true.
   * @example { sharedMemory: false } // the reload worker: its index is copied into a transfer buffer, never queried here
   */
  sharedMemory?: boolean;
}

/** Builds the {@link IndexData} of a corpus. */
export function buildIndexData(corpus: Corpus, params: SearchParams, options: DataBuildOptions = {}): IndexData {
  const transcripts = corpus.transcripts;
  const batch = new BatchTokenizer(0, params.passages.pauseSeconds).tokenize(transcripts, transcripts.map((_, i) => i));
  return buildIndexDataFromBatches(corpus, transcripts.map((t) => storedText(t)), [batch], params, options);
}

/**
 * Builds the {@link IndexData} of a corpus whose transcripts were tokenized already, in batches (perhaps on
 * several threads: {@link TokenBatch}), given in corpus order; `stored` are the transcripts' stored texts.
 * The result is the same as {@link buildIndexData}'s.
 */
export function buildIndexDataFromBatches(
  corpus: Corpus,
  stored: StoredText[],
  batches: readonly TokenBatch[],
  params: SearchParams,
  options: DataBuildOptions = {},
): IndexData {
  const { defer = false, sharedMemory = true } = options;
  const tokens = tokenizeTranscripts(corpus.transcripts, stored, mergeBatches(batches), params, options.onProgress);
  // Arrays a second ranking thread reads go to shared memory now, before anything keeps the originals.
  const share = sharedMemory && rankThreadsWanted(tokens.pTranscript.length, params);
  let bm25 = tokens.builder.build(tokens.termIds.size, params.bm25);
  if (share) bm25 = sharedBm25(bm25);
  const chunks = chunkPassages(tokens.pBase, bm25.lengths, corpus.transcripts.length, params.rank.blockChunkWords);
  const blocks = blockWindows(chunks.chunkTranscript, chunks.chunkLenPrefix, params);
  const { builder: _builder, starts, ends, breaks, ...rest } = tokens;
  if (share) sharePassageArrays(rest, chunks, blocks);
  const places = TokenPlaces.inMemory(packOffsets(starts, ends, rest.tokBase), breaks, rest.tokBase);
  const multiWord = defer ? undefined : MultiWordTerms.build({ tokTerm: rest.tokTerm, termIsStop: rest.termIsStop, stored: rest.stored, tokens: places.scan() });
  const semantics =
    params.rank.semantic > 0 && chunks.chunkTranscript.length > 0
      ? BlockSemantics.build({ postings: bm25, idf: bm25.idf, passageChunk: chunks.pChunk, chunkTranscript: chunks.chunkTranscript }, params.vectors)
      : undefined;
  const data: IndexData = { ...rest, tokens: places, bm25, ...chunks, ...blocks, multiWord, semantics, bounds: undefined };
  const steps = defer ? undefined : boundsSteps(data, params, Infinity, sharedMemory);
  if (steps) data.bounds = drain(steps);
  return data;
}

/**
 * The steps that build `data.bounds` ({@link TermBounds.steps}, about `postingsPerStep` postings each; the
 * bounds are the return value), or undefined when this corpus is not pruned: bounds only where queries are
 * pruned (a corpus of `pruneMinPassages` passages or more); elsewhere they would cost memory, cache and
 * build time for nothing. Queries answer the same with or without them (the pruning is exact), so a cold
 * start may answer first and build them after ({@link buildIndexDataFromBatches} with `defer`). With
 * `sharedMemory` (default true; {@link DataBuildOptions.sharedMemory}, the build's choice) the bounds go to
 * shared memory when the corpus ranks on two threads.
 */
export function boundsSteps(data: IndexData, params: SearchParams, postingsPerStep: number, sharedMemory = true): Generator<void, TermBounds> | undefined {
  const pruning = params.rank.prune && params.rank.neighbors >= 0 && params.rank.block >= 0 && data.pTranscript.length >= params.rank.pruneMinPassages;
  if (!pruning) return undefined;
  const steps = TermBounds.steps(data.bm25, data, params.rank, postingsPerStep);
  return sharedMemory && rankThreadsWanted(data.pTranscript.length, params) ? inSharedMemory(steps) : steps;
}

/** `steps`, with the bounds they end with moved to shared memory (a second ranking thread reads them too). */
function* inSharedMemory(steps: Generator<void, TermBounds>): Generator<void, TermBounds> {
  return sharedBounds(yield* steps);
}

/**
 * The steps that build `data.multiWord` ({@link MultiWordTerms.steps}, about `tokensPerStep` tokens each; the
 * terms are the return value), from the token places: the same terms as the build makes. A cold start
 * answers first and builds them after ({@link buildIndexDataFromBatches} with `defer`).
 */
export function multiWordSteps(data: IndexData, tokensPerStep: number): Generator<void, MultiWordTerms> {
  return MultiWordTerms.steps({ tokTerm: data.tokTerm, termIsStop: data.termIsStop, stored: data.stored, tokens: data.tokens.scan() }, tokensPerStep);
}

// ------------------------------------------------------------------ step 1: tokens and passages

/** What {@link tokenizeTranscripts} makes: the token, term, passage and speaker fields, and the BM25 builder. */
type Tokenized = Pick<
  IndexData,
  | 'stored' | 'tokTerm' | 'tokBase' | 'termIds' | 'termIsStop' | 'stemOf' | 'stemsSorted'
  | 'vocabulary' | 'pTokStart' | 'pTokEnd' | 'pTranscript' | 'pSpeaker' | 'pStartTime' | 'pBase' | 'speakerNames' | 'speakersOf' | 'byId'
> & {
  builder: Bm25Builder;
  /** Character offsets of the tokens (start, end exclusive): used by the build, kept packed ({@link packOffsets}). */
  starts: Int32Array;
  ends: Int32Array;
  /** Kind of gap after each token ({@link Break}), kept with the packed offsets ({@link TokenPlaces}). */
  breaks: Int8Array;
};

/** Passage columns under construction, and the speakers met so far. */
interface PassageColumns {
  tokStart: GrowableInt32;
  tokEnd: GrowableInt32;
  transcript: GrowableInt32;
  speaker: GrowableInt32;
  startTime: number[];
  speakerIds: Map<string, number>;
  docTerms: GrowableInt32;
}

/** Step 1: from the merged tokens ({@link mergeBatches}), the passages (added to a BM25 builder), speakers and the vocabulary. */
function tokenizeTranscripts(
  transcripts: Transcript[],
  stored: StoredText[],
  tokens: MergedTokens,
  params: SearchParams,
  onProgress?: (done: number, total: number) => void,
): Tokenized {
  const n = transcripts.length;
  let totalChars = 0;
  for (const s of stored) totalChars += s.text.length + 1;
  const pBase = new Int32Array(n + 1);
  const cols: PassageColumns = {
    tokStart: new GrowableInt32(),
    tokEnd: new GrowableInt32(),
    transcript: new GrowableInt32(),
    speaker: new GrowableInt32(),
    startTime: [],
    speakerIds: new Map(),
    docTerms: new GrowableInt32(256),
  };
  // Postings (distinct content terms per passage) run at about one per 14 characters of text.
  const builder = new Bm25Builder(1 << 16, Math.ceil(totalChars / 14));
  const speakersOf: string[][] = [];
  const byId = new Map<string, number>();
  for (let t = 0; t < n; t++) {
    const transcript = transcripts[t]!;
    if (!byId.has(transcript.meta.id)) byId.set(transcript.meta.id, t);
    pBase[t] = cols.tokStart.length;
    speakersOf.push(addPassages(transcript, t, tokens, params, cols, builder));
    onProgress?.(t + 1, n);
  }
  pBase[n] = cols.tokStart.length;
  const speakerNames: string[] = [];
  for (const [name, id] of cols.speakerIds) speakerNames[id] = name;
  const termIds = tokens.termIds;
  const stemOf = [...termIds.keys()];
  return {
    stored,
    tokTerm: termIds.size <= 65536 ? new Uint16Array(tokens.terms) : tokens.terms,
    starts: tokens.starts,
    ends: tokens.ends,
    breaks: tokens.breaks,
    tokBase: tokens.tokBase,
    termIds,
    termIsStop: Uint8Array.from(tokens.stopFrom, (from) => (from === NEVER ? 1 : 0)),
    stemOf,
    stemsSorted: stemOf.slice().sort(),
    vocabulary: new Vocabulary(tokens.words, params.vocabulary),
    pTokStart: cols.tokStart.toArray(),
    pTokEnd: cols.tokEnd.toArray(),
    pTranscript: cols.transcript.toArray(),
    pSpeaker: cols.speaker.toArray(),
    pStartTime: Float64Array.from(cols.startTime),
    pBase,
    speakerNames,
    speakersOf,
    byId,
    builder,
  };
}

/**
 * Cuts a transcript's tokens into passages and adds each to the columns and the BM25 builder; returns its
 * speakers. A term counts as a stopword term here until a content word with its stem has appeared in this
 * transcript or an earlier one (as when the terms were interned transcript by transcript).
 */
function addPassages(transcript: Transcript, t: number, tokens: MergedTokens, params: SearchParams, cols: PassageColumns, builder: Bm25Builder): string[] {
  const tb = tokens.tokBase[t]!;
  const count = tokens.tokBase[t + 1]! - tb;
  const position = tokens.positions[t]!;
  const speakersHere: string[] = [];
  const docTerms = cols.docTerms;
  const { terms, stopFrom } = tokens;
  const cueOfToken = tokens.cueOfToken.subarray(tb, tb + count);
  // Most transcripts name no speaker: their passages have none, without a look at every token's cue.
  const tagged = transcript.cues.some((cue) => cue.speaker !== undefined);
  for (const [a, b] of segmentPassages(count, tokens.breaks.subarray(tb, tb + count), params.passages)) {
    const ga = tb + a;
    const gb = tb + b;
    docTerms.length = 0;
    for (let k = ga; k < gb; k++) {
      const id = terms[k]!;
      docTerms.push(stopFrom[id]! > position ? -1 : id);
    }
    builder.addDocument(docTerms.data, 0, docTerms.length);
    cols.tokStart.push(ga);
    cols.tokEnd.push(gb);
    cols.transcript.push(t);
    cols.speaker.push(tagged ? majoritySpeaker(transcript.cues, cueOfToken, a, b, cols.speakerIds, speakersHere) : -1);
    cols.startTime.push(timeAt(transcript, tokens.starts[ga]!));
  }
  return speakersHere;
}

/**
 * The speaker id of whoever says most tokens `[a, b)` of a transcript (-1 when none is tagged). Registers
 * every speaker seen (so speakers() lists people with only short turns too) and adds them to `speakersHere`.
 */
function majoritySpeaker(cues: Transcript['cues'], cueOfToken: Int32Array, a: number, b: number, ids: Map<string, number>, speakersHere: string[]): number {
  let best: string | undefined;
  let bestN = 0;
  const counts = new Map<string, number>();
  for (let k = a; k < b; k++) {
    const sp = cues[cueOfToken[k]!]!.speaker;
    if (sp === undefined) continue;
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
  for (const sp of counts.keys()) if (!ids.has(sp)) ids.set(sp, ids.size);
  return id;
}

// ------------------------------------------------------------------ steps 2 and 3: chunks and blocks

/** Step 2: chunks of ~`chunkWords` content words, never across transcripts. */
export function chunkPassages(
  pBase: Int32Array,
  lengths: Int32Array,
  numTranscripts: number,
  chunkWords: number,
): Pick<IndexData, 'pChunk' | 'chunkTranscript' | 'chunkLenPrefix'> {
  const pChunk = new Int32Array(pBase[numTranscripts]!);
  const chunkT = new GrowableInt32();
  const chunkLens: number[] = [];
  for (let t = 0; t < numTranscripts; t++) {
    let words = Infinity;
    for (let p = pBase[t]!; p < pBase[t + 1]!; p++) {
      if (words >= chunkWords) {
        chunkT.push(t);
        chunkLens.push(0);
        words = 0;
      }
      const len = lengths[p]!;
      chunkLens[chunkLens.length - 1]! += len;
      words += len;
      pChunk[p] = chunkT.length - 1;
    }
  }
  const chunkTranscript = chunkT.toArray();
  const numChunks = chunkTranscript.length;
  const chunkLenPrefix = new Float64Array(numChunks + 1);
  for (let c = 0; c < numChunks; c++) chunkLenPrefix[c + 1] = chunkLenPrefix[c]! + chunkLens[c]!;
  return { pChunk, chunkTranscript, chunkLenPrefix };
}

/** Step 3: each chunk's block window (same transcript) and the block's BM25 length norm. */
export function blockWindows(
  chunkTranscript: Int32Array,
  chunkLenPrefix: Float64Array,
  params: SearchParams,
): Pick<IndexData, 'avgBlockLen' | 'blockLo' | 'blockHi' | 'blockNorm'> {
  const numChunks = chunkTranscript.length;
  const R = params.rank.blockRadius;
  const avgBlockLen = numChunks ? (chunkLenPrefix[numChunks]! / numChunks) * (2 * R + 1) || 1 : 1;
  const blockLo = new Int32Array(numChunks);
  const blockHi = new Int32Array(numChunks);
  const blockNorm = new Float64Array(numChunks);
  const { k1, b } = params.bm25;
  const ct = chunkTranscript;
  for (let w = 0; w < numChunks; w++) {
    const t = ct[w]!;
    let lo = w - R;
    let hi = w + R;
    while (lo < w && ct[lo] !== t) lo++;
    while (hi > w && (hi >= numChunks || ct[hi] !== t)) hi--;
    lo = Math.max(lo, 0);
    const len = chunkLenPrefix[hi + 1]! - chunkLenPrefix[lo]!;
    blockLo[w] = lo;
    blockHi[w] = hi;
    blockNorm[w] = lengthNorm(k1, b, len, avgBlockLen);
  }
  return { avgBlockLen, blockLo, blockHi, blockNorm };
}
