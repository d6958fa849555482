/**
 * A transcript's alignment tokens ({@link tokenize} of its stored text) and where each word occurs, in typed
 * arrays: per token a word id (into one dictionary of all words ever seen in this process; 16-bit while
 * there are at most 65,536 words) and its character range packed in one byte (gap from the previous
 * token, length; every 32nd token's range whole). About 3 bytes per token are kept for every transcript,
 * against ~130 for token objects and a Map of number arrays; each word's positions grouped by word (CSR:
 * `at` holds the token indices, `from` where each word's run starts) are kept for the most recently used
 * tables only and rebuilt from the ids (docs/benchmarks.md, "verify's word index").
 *
 * Distinct words keep the order of their first occurrence in the transcript ({@link TranscriptWords.counts}),
 * so whatever iterates them (the corpus lexicon) sees the same order as with a Map.
 *
 * @example
 * const words = transcriptWords(transcript);
 * words.length              // tokens
 * words.norm(3)             // 'neural'
 * words.positions('neural') // Uint16Array [3, 17, ...] (ascending), undefined when never said
 */
import { storedTextOnce } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
import { ENGINE_DEFAULTS } from '../params.ts';
import { forEachWord, normalisedForms, type Token } from './align.ts';

/** Every normalised word seen so far (a word's id is its position), and the reverse lookup. */
const dictionary: string[] = [];
const idOfWord = new Map<string, number>();

/** The id of `word`, or -1 when no transcript tokenised so far has said it. */
export function wordId(word: string): number {
  return idOfWord.get(word) ?? -1;
}

/** The word of a word id. */
export function wordOf(id: number): string {
  return dictionary[id]!;
}

/** How many word ids exist (ids are `0 .. wordCount() - 1`). */
export function wordCount(): number {
  return dictionary.length;
}

function intern(word: string): number {
  let id = idOfWord.get(word);
  if (id === undefined) {
    id = dictionary.length;
    dictionary.push(word);
    idOfWord.set(word, id);
  }
  return id;
}

/**
 * What a word table keeps only while it is among the most recently used (see {@link TranscriptWords}):
 * each word's positions grouped by word. Rebuilt from the table's ids when needed again (tens of
 * microseconds for a 3,700-token transcript).
 */
interface Detail {
  /** The distinct word ids, in order of first occurrence (a word's slot is its position here). */
  words: Uint32Array;
  /** Per slot, where its positions start in `at` (length slots + 1). */
  from: Int32Array;
  /** Token indices grouped by slot, ascending within each. */
  at: Int32Array | Uint16Array;
  /** Slots ordered by word id (for lookup). */
  sorted: Int32Array;
}

/** Word ids in 16 bits while every id fits (a corpus of fewer than 65,536 distinct words), else 32. */
export type WordIds = Uint16Array | Uint32Array;

/**
 * The part of a word table every transcript keeps, and its detail while recently used. A token's range
 * is packed in one byte: its gap from the previous token's end in the top two bits (1 or 2 characters,
 * the previous token's range again, or a gap kept in a map) and its length in the other six (62
 * characters at most; longer is kept in a map). Every {@link MARK}th token's range is kept whole, so a
 * range is unpacked from the nearest mark before it.
 */
class WordCore {
  detail: Detail | undefined;
  /**
   * @param ids word id of each token
   * @param vocab the distinct word ids, ascending
   * @param packed token `i`'s gap code (`packed[i] >> 6`: {@link GAP_ONE}, {@link GAP_TWO}, {@link SAME}: the
   *   same range as token `i - 1`, the second token of a source word read as two; {@link GAP_WIDE}: look in
   *   `wideGaps`) and length (`packed[i] & 63`; {@link LONG}: look in `wideLengths`)
   * @param wideGaps gaps other than 1 and 2 characters (0, 3 or more, negative), by token
   * @param wideLengths lengths of {@link LONG} characters or more, by token
   * @param marks start and end of tokens `0, MARK, 2 * MARK, ...` (two entries each)
   */
  constructor(
    readonly ids: WordIds,
    readonly vocab: WordIds,
    readonly packed: Uint8Array,
    readonly wideGaps: ReadonlyMap<number, number>,
    readonly wideLengths: ReadonlyMap<number, number>,
    readonly marks: Int32Array,
  ) {}

  /** Sets {@link rangeStart} and {@link rangeEnd} to token `i`'s range, unpacked from the mark before it. */
  range(i: number): void {
    const k = i >> MARK_BITS;
    let start = this.marks[2 * k]!;
    let end = this.marks[2 * k + 1]!;
    for (let j = (k << MARK_BITS) + 1; j <= i; j++) {
      const byte = this.packed[j]!;
      const gap = byte >> 6;
      if (gap === SAME) continue;
      start = end + (gap === GAP_ONE ? 1 : gap === GAP_TWO ? 2 : this.wideGaps.get(j)!);
      const length = byte & LONG;
      end = start + (length < LONG ? length : this.wideLengths.get(j)!);
    }
    rangeStart = start;
    rangeEnd = end;
  }
}

/** Token `i`'s range, as last set by {@link WordCore.range} (read right after it: no object per call). */
let rangeStart = 0;
let rangeEnd = 0;
/** A token's range is kept whole every 2^MARK_BITS tokens. */
const MARK_BITS = 5;
const MARK = 1 << MARK_BITS;

/**
 * The tokens and word positions of one transcript (see the module comment). Every table keeps its
 * tokens' word ids, packed character ranges and distinct words (about 3 bytes a token); the
 * {@link Detail} (positions grouped by word) is kept for the most recently used tables only, up to
 * `ENGINE_DEFAULTS.verifyTableTokens` tokens in all, and rebuilt from the ids when asked for again.
 * Questions over every transcript (is a word said, where, how often) are answered from the ids.
 */
export class TranscriptWords {
  /** Number of tokens. */
  readonly length: number;

  /** @param core the ids, packed ranges (and detail) of the table */
  constructor(private readonly core: WordCore) {
    this.length = core.ids.length;
  }

  /** Word id of each token. */
  get ids(): WordIds {
    return this.core.ids;
  }

  private detail(): Detail {
    return detailOf(this.core);
  }

  /** The normalised word of token `i`, undefined outside `[0, length)`. */
  norm(i: number): string | undefined {
    return i >= 0 && i < this.length ? dictionary[this.core.ids[i]!] : undefined;
  }

  /** Where token `i` starts in the stored text. */
  start(i: number): number {
    this.core.range(i);
    return rangeStart;
  }

  /** Where token `i` ends in the stored text. */
  end(i: number): number {
    this.core.range(i);
    return rangeEnd;
  }

  /** Token `i` as an object. */
  token(i: number): Token {
    this.core.range(i);
    return { norm: dictionary[this.core.ids[i]!]!, start: rangeStart, end: rangeEnd };
  }

  /** Tokens `[from, to)` as objects (clamped to the transcript, like `Array.prototype.slice`). */
  slice(from: number, to: number = this.length): Token[] {
    const out: Token[] = [];
    const a = Math.max(0, Math.min(from, this.length));
    const b = Math.max(a, Math.min(to, this.length));
    for (let i = a; i < b; i++) out.push(this.token(i));
    return out;
  }

  /**
   * Every token as an object: a fresh array each call (for tests and tools; the search reads
   * {@link norm}, {@link start}, {@link end} and {@link slice} instead).
   */
  get tokens(): Token[] {
    return this.slice(0, this.length);
  }

  /** The slot of a word id, or -1 when this transcript does not say it. */
  slotOf(id: number): number {
    const { words, sorted } = this.detail();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[sorted[mid]!]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && words[sorted[lo]!] === id ? sorted[lo]! : -1;
  }

  /** The token indices of a slot, ascending (a view, not a copy). */
  slotPositions(slot: number): Int32Array | Uint16Array {
    const { at, from } = this.detail();
    return at.subarray(from[slot]!, from[slot + 1]!);
  }

  /** Whether the word id is said here (a binary search of the distinct words). */
  hasId(id: number): boolean {
    const vocab = this.core.vocab;
    let lo = 0;
    let hi = vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vocab[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < vocab.length && vocab[lo] === id;
  }

  /**
   * Where `word` is said (token indices, ascending), undefined when it is not: a view of the detail's
   * positions when it is in memory, else found by a scan of the ids (no detail is built for a look at
   * every transcript; see {@link keepPositions}).
   */
  positions(word: string): Int32Array | Uint16Array | undefined {
    const id = idOfWord.get(word);
    if (id === undefined || !this.hasId(id)) return undefined;
    const core = this.core;
    if (core.detail) return this.slotPositions(this.slotOf(id));
    const ids = core.ids;
    let count = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) count++;
    const out = ids.length <= 0x10000 ? new Uint16Array(count) : new Int32Array(count);
    for (let i = 0, k = 0; k < count; i++) if (ids[i] === id) out[k++] = i;
    return out;
  }

  /**
   * Builds (or keeps) this table's detail, so that many {@link positions} lookups in a row are views: for a
   * caller about to look up many words in this one transcript (anchor voting).
   */
  keepPositions(): this {
    this.detail();
    return this;
  }

  /** Whether `word` is said. */
  has(word: string): boolean {
    const id = idOfWord.get(word);
    return id !== undefined && this.hasId(id);
  }

  /** Number of distinct words (slots). */
  get distinct(): number {
    return this.core.vocab.length;
  }

  /** The word id of a slot. */
  slotWord(slot: number): number {
    return this.detail().words[slot]!;
  }

  /** Each distinct word and how often it is said, in order of first occurrence. */
  *counts(): IterableIterator<[string, number]> {
    const detail = this.core.detail;
    if (detail) {
      const { words, from } = detail;
      for (let s = 0; s < words.length; s++) yield [dictionary[words[s]!]!, from[s + 1]! - from[s]!];
      return;
    }
    const { words, counts } = firstOccurrences(this.core.ids);
    for (const id of words) slotPlusOne[id] = 0;
    for (let s = 0; s < words.length; s++) yield [dictionary[words[s]!]!, counts[s]!];
  }
}

/** Token lengths from this many characters on are kept in a map (six bits hold the rest). */
const LONG = 63;
/** Gap codes (the top two bits of a token's byte): 1 character, 2 characters, kept in a map. */
const GAP_ONE = 0;
const GAP_TWO = 1;
const GAP_WIDE = 3;
/** The gap code of a token with the same range as the one before it (the second token of "it's"). */
const SAME = 2;

/** Build scratch, grown on demand (building is synchronous, so never shared). */
let scratchIds = new Uint32Array(1 << 16);
let scratchStarts = new Int32Array(1 << 16);
let scratchEnds = new Int32Array(1 << 16);
/** Per word id: its slot + 1 in the transcript being built (0: not seen yet); reset after each build. */
let slotPlusOne = new Int32Array(1 << 12);

function growTo(n: number): void {
  const size = Math.max(n, 2 * scratchIds.length);
  const grow = <T extends Uint32Array | Int32Array>(a: T, make: (k: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  scratchIds = grow(scratchIds, (k) => new Uint32Array(k));
  scratchStarts = grow(scratchStarts, (k) => new Int32Array(k));
  scratchEnds = grow(scratchEnds, (k) => new Int32Array(k));
}

/**
 * Word ids of source words already normalised (`normalisedForms` is most of the tokenising time, and a
 * corpus says the same words again and again). Only words shorter than 13 characters are kept: V8 copies
 * those out of the text, while a longer match is a slice that would keep the whole text alive. Cleared
 * when it reaches {@link FORMS_CACHE_WORDS}.
 */
const formsCache = new Map<string, number | readonly number[]>();
/** Most source words in the cache above (~10 MB). */
const FORMS_CACHE_WORDS = 100_000;
const SHORT_WORD = 13;

function idsOfWord(word: string): number | readonly number[] {
  let ids = formsCache.get(word);
  if (ids === undefined) {
    const forms = normalisedForms(word).map(intern);
    ids = forms.length === 1 ? forms[0]! : forms;
    if (word.length < SHORT_WORD) {
      if (formsCache.size >= FORMS_CACHE_WORDS) formsCache.clear();
      formsCache.set(word, ids);
    }
  }
  return ids;
}

/**
 * Distinct word ids of `ids` in order of first occurrence, and how often each occurs; leaves each word's
 * slot + 1 in `slotPlusOne` (the caller resets it).
 */
function firstOccurrences(ids: ArrayLike<number>): { words: number[]; counts: number[] } {
  if (slotPlusOne.length < dictionary.length) slotPlusOne = new Int32Array(Math.max(dictionary.length, 2 * slotPlusOne.length));
  const words: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const s = slotPlusOne[id]!;
    if (s === 0) slotPlusOne[id] = words.push(id), counts.push(1);
    else counts[s - 1] = counts[s - 1]! + 1;
  }
  return { words, counts };
}

/** The wide gaps or lengths of a table that has none (one map for all of them). */
const NONE: ReadonlyMap<number, number> = new Map();

/** The ids, packed ranges and detail of a text (see {@link TranscriptWords}). */
function buildCore(text: string): WordCore {
  let n = 0;
  const push = (id: number, start: number, end: number): void => {
    if (n === scratchIds.length) growTo(n + 1);
    scratchIds[n] = id;
    scratchStarts[n] = start;
    scratchEnds[n] = end;
    n++;
  };
  forEachWord(text, (word, start, end) => {
    const ids = idsOfWord(word);
    if (typeof ids === 'number') push(ids, start, end);
    else for (const id of ids) push(id, start, end);
  });
  const ids = dictionary.length <= 0x10000 ? Uint16Array.from(scratchIds.subarray(0, n)) : scratchIds.slice(0, n);
  const packed = new Uint8Array(n);
  const wideGaps = new Map<number, number>();
  const wideLengths = new Map<number, number>();
  // A mark's token (every MARK-th) is kept whole: its byte is never read.
  for (let i = 1; i < n; i++) {
    if (i % MARK === 0) continue;
    // A source word read as two tokens ("it's": "it", "is") gives both tokens its range.
    if (scratchStarts[i] === scratchStarts[i - 1] && scratchEnds[i] === scratchEnds[i - 1]) {
      packed[i] = SAME << 6;
      continue;
    }
    const gap = scratchStarts[i]! - scratchEnds[i - 1]!;
    const length = scratchEnds[i]! - scratchStarts[i]!;
    const code = gap === 1 ? GAP_ONE : gap === 2 ? GAP_TWO : GAP_WIDE;
    if (code === GAP_WIDE) wideGaps.set(i, gap);
    if (length >= LONG) wideLengths.set(i, length);
    packed[i] = (code << 6) | Math.min(length, LONG);
  }
  const marks = new Int32Array(2 * Math.ceil(n / MARK));
  for (let i = 0; i < n; i += MARK) (marks[2 * (i >> MARK_BITS)] = scratchStarts[i]!), (marks[2 * (i >> MARK_BITS) + 1] = scratchEnds[i]!);
  const { words } = firstOccurrences(ids);
  for (const id of words) slotPlusOne[id] = 0;
  const vocab = ids instanceof Uint16Array ? Uint16Array.from(words) : Uint32Array.from(words);
  return new WordCore(ids, vocab.sort(), packed, wideGaps.size ? wideGaps : NONE, wideLengths.size ? wideLengths : NONE, marks);
}

/** Groups a table's positions by word. */
function buildDetail(core: WordCore): Detail {
  const ids = core.ids;
  const n = ids.length;
  // Slots in order of first occurrence, with counts.
  const { words, counts } = firstOccurrences(ids);
  const from = new Int32Array(words.length + 1);
  for (let s = 0; s < words.length; s++) from[s + 1] = from[s]! + counts[s]!;
  const fill = from.slice(0, words.length);
  const at = n <= 0x10000 ? new Uint16Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = slotPlusOne[ids[i]!]! - 1;
    at[fill[s]!] = i;
    fill[s] = fill[s]! + 1;
  }
  for (const id of words) slotPlusOne[id] = 0;
  const sorted = Int32Array.from(words.keys()).sort((a, b) => words[a]! - words[b]!);
  return { words: Uint32Array.from(words), from, at, sorted };
}

/**
 * The details in memory, least recently used first, and their tokens in all: at most
 * `ENGINE_DEFAULTS.verifyTableTokens` (the most recent one always stays).
 */
const recent = new Map<WordCore, number>();
let recentTokens = 0;
let keepTokens = ENGINE_DEFAULTS.verifyTableTokens;

/**
 * Sets how many tokens' details are kept (default `ENGINE_DEFAULTS.verifyTableTokens`); returns the
 * previous value. Answers never depend on it (a detail let go is rebuilt the same): tests set 0 to
 * rebuild on nearly every use.
 * @example const was = keepWordDetails(0); try { ... } finally { keepWordDetails(was); }
 */
export function keepWordDetails(tokens: number): number {
  const was = keepTokens;
  keepTokens = tokens;
  return was;
}
/** The most recently used (most accesses are to it: no reordering needed). */
let newest: WordCore | undefined;

function remember(core: WordCore): void {
  if (core === newest) return;
  newest = core;
  const tokens = core.ids.length;
  if (recent.delete(core)) recentTokens -= tokens;
  recent.set(core, tokens);
  recentTokens += tokens;
  for (const [old, n] of recent) {
    if (recentTokens <= keepTokens || old === core) break;
    recent.delete(old);
    old.detail = undefined;
    recentTokens -= n;
  }
}

/** The detail of a table, rebuilt when it was let go. */
function detailOf(core: WordCore): Detail {
  let detail = core.detail;
  if (!detail) detail = core.detail = buildDetail(core);
  remember(core);
  return detail;
}

/** The word table of a text (see {@link TranscriptWords}). */
export function buildWords(text: string): TranscriptWords {
  return new TranscriptWords(buildCore(text));
}

const cache = new WeakMap<Transcript, TranscriptWords>();

/** The word table of a transcript if it was built (or carried over) already; never builds one. */
export function builtWords(transcript: Transcript): TranscriptWords | undefined {
  return cache.get(transcript);
}

/**
 * Gives `transcript` a word table built for another transcript object whose stored text is the same string
 * (a hot reload's unchanged file): the caller guarantees the texts are equal, as `carryWordTables` in
 * `search/persist/carry.ts` does. Word ids stay valid: the dictionary of this module only grows.
 */
export function adoptWords(transcript: Transcript, words: TranscriptWords): void {
  cache.set(transcript, words);
}

/** The alignment tokens of a transcript's stored text and their positions (built on first use, cached per transcript). */
export function transcriptWords(transcript: Transcript): TranscriptWords {
  let words = cache.get(transcript);
  if (!words) {
    words = buildWords(storedTextOnce(transcript));
    cache.set(transcript, words);
  }
  return words;
}
