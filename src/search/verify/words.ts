/**
 * A transcript's alignment tokens ({@link tokenize} of its stored text) and where each word occurs, in typed
 * arrays: per token a word id (into one dictionary of all words ever seen in this process; 16-bit while
 * there are at most 65,536 words), and per block of 32 tokens where its first source word starts in the
 * stored text (a token's character range is read again from the text, from there, when asked for). About
 * 2.2 bytes per token are kept for every transcript, against ~130 for token objects and a Map of number
 * arrays; each word's positions grouped by word (CSR: `at` holds the token indices, `from` where each
 * word's run starts) are kept for the most recently used tables only and rebuilt from the ids
 * (docs/benchmarks.md, "verify's word index").
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
import { forEachWord, normalisedForms, wordPattern, type Token } from './align.ts';

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
 * The part of a word table every transcript keeps, and its detail while recently used. Token ranges are
 * not kept: block `k` (tokens `32k .. 32k + 31`) keeps where the source word of its first token starts in
 * the stored text, and which of that word's tokens it is (the second of "it's" read as "it", "is"); a
 * token's range is found by reading the block's words again from there ({@link decodeBlock}, a few
 * microseconds; the last few blocks read are kept).
 */
class WordCore {
  detail: Detail | undefined;
  /**
   * @param ids word id of each token
   * @param vocab the distinct word ids, ascending
   * @param blockStarts per block, where the source word of its first token starts in the stored text
   * @param blockSkips per block, how many tokens of that source word come before its first token
   */
  constructor(
    readonly ids: WordIds,
    readonly vocab: WordIds,
    readonly blockStarts: Int32Array,
    readonly blockSkips: Uint8Array,
  ) {}

  /** This table's number in the cache of blocks read (a number, so the cache holds no table). */
  readonly serial = ++serials;

  /** Sets {@link rangeStart} and {@link rangeEnd} to token `i`'s range, reading its block from `text()` when not cached. */
  range(i: number, text: () => string): void {
    const k = i >> MARK_BITS;
    const line = k & (CACHED_BLOCKS - 1);
    if (cachedCores[line] !== this.serial || cachedBlocks[line] !== k) {
      try {
        decodeBlock(this, k, line, this.textFrom(text));
      } catch (error) {
        // A text that is not this table's is not kept as its last text (nor handed on by sourceText): the
        // next range reads the text again. The error goes on to the caller.
        textOf = 0;
        throw error;
      }
    }
    const at = (line << MARK_BITS) | (i & (MARK - 1));
    rangeStart = cachedStarts[at]!;
    rangeEnd = cachedEnds[at]!;
  }

  /** The table's stored text: the one read last when it is this table's, else read by `text` (then kept as the last). */
  textFrom(text: () => string): string {
    if (textOf !== this.serial) (lastText = text()), (textOf = this.serial);
    return lastText;
  }
}

/** Token `i`'s range, as last set by {@link WordCore.range} (read right after it: no object per call). */
let rangeStart = 0;
let rangeEnd = 0;
/** A block holds 2^MARK_BITS tokens. */
const MARK_BITS = 5;
const MARK = 1 << MARK_BITS;
/** Blocks whose ranges are kept once read (direct-mapped by block number): `ENGINE_DEFAULTS.verifyRangeBlocks`, a power of two. */
const CACHED_BLOCKS = 2 ** Math.round(Math.log2(Math.max(1, ENGINE_DEFAULTS.verifyRangeBlocks)));
let serials = 0;
/**
 * The stored text blocks were last read from, and whose (a table's serial): the ranges asked for in a row
 * are mostly of one transcript (a timeline's moments, a verify's window), so its text is read once for them.
 */
let lastText = '';
let textOf = 0;
const cachedCores = new Float64Array(CACHED_BLOCKS);
const cachedBlocks = new Int32Array(CACHED_BLOCKS).fill(-1);
const cachedStarts = new Int32Array(CACHED_BLOCKS * MARK);
const cachedEnds = new Int32Array(CACHED_BLOCKS * MARK);

/**
 * Reads block `k` of a table from its stored text into cache line `line`: the source words from the block's
 * start, each giving its tokens (as {@link buildCore} read them), until the block's last token. Throws when the
 * words read are not the table's (a text other than the one the table was made from).
 */
function decodeBlock(core: WordCore, k: number, line: number, text: string): void {
  const first = k << MARK_BITS;
  const last = Math.min(first + MARK, core.ids.length);
  if (first >= last) throw new RangeError(`token ${first} is outside a word table of ${core.ids.length} tokens`);
  const base = (line << MARK_BITS) - first;
  // The line holds no block until this one is read whole: a read that throws part way must not leave
  // another table's tag over ranges it has overwritten (that table would then get wrong ranges, silently).
  cachedCores[line] = 0;
  cachedBlocks[line] = -1;
  const ids = core.ids;
  let i = first - core.blockSkips[k]!;
  let at = core.blockStarts[k]!;
  while (i < last) {
    // Most words are plain ASCII: found by a scan, no string made; the rest through the word pattern.
    const plainEnd = plainWordAt(text, at);
    if (plainEnd > 0) {
      at = plainEnd;
      const start = wordStart;
      // One token, checked against the table's word: the text read must be the one the table was made from.
      if (i < first || !isWord(text, start, plainEnd, ids[i]!)) throw mismatch(i);
      cachedStarts[base + i] = start;
      cachedEnds[base + i] = plainEnd;
      i++;
      continue;
    }
    WORD_AT.lastIndex = at;
    const m = WORD_AT.exec(text);
    if (!m) throw new Error(`verify's word table does not match its text: it ends before token ${last - 1}`);
    at = WORD_AT.lastIndex;
    const forms = idsOfWord(m[0]);
    const count = typeof forms === 'number' ? 1 : forms.length;
    for (let f = 0; f < count; f++, i++) {
      if (i < first || i >= last) continue;
      if (ids[i] !== (typeof forms === 'number' ? forms : forms[f])) throw mismatch(i);
      cachedStarts[base + i] = m.index;
      cachedEnds[base + i] = at;
    }
  }
  cachedCores[line] = core.serial;
  cachedBlocks[line] = k;
}

/**
 * Whether the plain ASCII word `text[start, end)` ({@link plainWordAt}) is word `id`: a word with a letter
 * is its own normalised form, compared case-folded without making a string; a number's form is read
 * ("2" is "two").
 */
function isWord(text: string, start: number, end: number, id: number): boolean {
  const word = dictionary[id]!;
  let letters = false;
  for (let p = start; p < end && !letters; p++) letters = text.charCodeAt(p) > 57;
  if (!letters) return idsOfWord(text.slice(start, end)) === id;
  if (word.length !== end - start) return false;
  // `| 32` lower-cases an ASCII letter and leaves a digit as it is.
  for (let p = 0; p < word.length; p++) if ((text.charCodeAt(start + p) | 32) !== word.charCodeAt(p)) return false;
  return true;
}

/** Where the word {@link plainWordAt} found last starts. */
let wordStart = 0;

/** Whether char code `c` is an ASCII letter or digit. */
function asciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * The end of the next source word from `at` when the word pattern ({@link wordPattern}) would match it as
 * an ASCII word of one token (letters and digits only, no number with a decimal or thousands mark, no
 * apostrophe, no other character joined to it), setting {@link wordStart}; else 0 (the pattern reads it).
 * Only ASCII characters that are no word characters (and no `%`) are skipped to reach it.
 */
function plainWordAt(text: string, at: number): number {
  let p = at;
  let c = text.charCodeAt(p);
  while (c < 128 && !asciiAlnum(c) && c !== 37) c = text.charCodeAt(++p);
  if (!asciiAlnum(c)) return 0; // a non-ASCII character, `%` or the end (NaN): the pattern decides
  const start = p;
  if (c <= 57) {
    // Digits then a mark and a digit are one number ("2,000", "3.5"): the pattern's first choice.
    while (c >= 48 && c <= 57) c = text.charCodeAt(++p);
    const next = text.charCodeAt(p + 1);
    if ((c === 44 || c === 46) && ((next >= 48 && next <= 57) || next >= 128)) return 0;
  }
  while (asciiAlnum(c)) c = text.charCodeAt(++p);
  // A word going on with an apostrophe, or with any non-ASCII character (a letter, a mark), is the pattern's.
  if (c === 39 || c >= 128) return 0;
  wordStart = start;
  return p;
}

/** The source words of {@link decodeBlock} (its `lastIndex` set before each block). */
const WORD_AT = wordPattern();

function mismatch(i: number): Error {
  return new Error(`verify's word table does not match its text at token ${i}`);
}


/**
 * The tokens and word positions of one transcript (see the module comment). Every table keeps its
 * tokens' word ids, where each block of 32 tokens starts and its distinct words (about 2.2 bytes a token); the
 * {@link Detail} (positions grouped by word) is kept for the most recently used tables only, up to
 * `ENGINE_DEFAULTS.verifyTableTokens` tokens in all, and rebuilt from the ids when asked for again.
 * Questions over every transcript (is a word said, where, how often) are answered from the ids.
 */
export class TranscriptWords {
  /** Number of tokens. */
  readonly length: number;

  /**
   * @param core the ids, block starts (and detail) of the table
   * @param text the stored text the table was made from (its token ranges are read from it)
   */
  constructor(
    private readonly core: WordCore,
    private text: () => string,
  ) {
    this.length = core.ids.length;
  }

  /** Word id of each token. */
  get ids(): WordIds {
    return this.core.ids;
  }

  /**
   * Sets where token ranges are read from: a function giving the same stored text the table was made from
   * (a table carried over to another transcript object reads that one's, so the old one can be let go).
   */
  readTextFrom(text: () => string): void {
    this.text = text;
    if (textOf === this.core.serial) textOf = 0;
  }

  private detail(): Detail {
    return detailOf(this.core);
  }

  /**
   * The stored text this table reads its ranges from, read once for the ranges asked for next (until another
   * table's are read): a caller that needs the text as well (a timeline's moments) takes it here instead of
   * reading it a second time.
   */
  sourceText(): string {
    return this.core.textFrom(this.text);
  }

  /** The normalised word of token `i`, undefined outside `[0, length)`. */
  norm(i: number): string | undefined {
    return i >= 0 && i < this.length ? dictionary[this.core.ids[i]!] : undefined;
  }

  /** Where token `i` starts in the stored text. */
  start(i: number): number {
    this.core.range(i, this.text);
    return rangeStart;
  }

  /** Where token `i` ends in the stored text. */
  end(i: number): number {
    this.core.range(i, this.text);
    return rangeEnd;
  }

  /**
   * The first token starting at character `char` or after it (`length` when none): the same as a binary
   * search of {@link start} (starts never decrease), but the blocks' starts are searched first, so only one or
   * two blocks' ranges are read.
   */
  firstStartingFrom(char: number): number {
    const k = this.blockAfter(char, 0);
    return this.scan(Math.max(0, (k - 1) << MARK_BITS), this.blockEnd(k), (i) => this.start(i) >= char);
  }

  /** The first token ending after character `char` (`length` when none), as {@link firstStartingFrom} finds it. */
  firstEndingAfter(char: number): number {
    const k = this.blockAfter(char, 1);
    // Tokens of the source word the block before starts with (its first token's) end where that token ends.
    const from = k === 0 ? 0 : Math.max(0, ((k - 1) << MARK_BITS) - this.core.blockSkips[k - 1]!);
    return this.scan(from, this.blockEnd(k), (i) => this.end(i) > char);
  }

  /** The first block whose first token starts at `char` or after (`after` 0), or after it (`after` 1). */
  private blockAfter(char: number, after: 0 | 1): number {
    const starts = this.core.blockStarts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! >= char + after) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The first token of block `k` (`length` past the last block). */
  private blockEnd(k: number): number {
    return Math.min(this.length, k << MARK_BITS);
  }

  /** The first token in `[from, to)` for which `past` holds (then it holds for every later one), or `to`. */
  private scan(from: number, to: number, past: (i: number) => boolean): number {
    let i = from;
    while (i < to && !past(i)) i++;
    return i;
  }

  /** Token `i` as an object. */
  token(i: number): Token {
    this.core.range(i, this.text);
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

/** Build scratch, grown on demand (building is synchronous, so never shared). */
let scratchIds = new Uint32Array(1 << 16);
/** Per word id: its slot + 1 in the transcript being built (0: not seen yet); reset after each build. */
let slotPlusOne = new Int32Array(1 << 12);

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

/** The ids and block starts of a text (see {@link TranscriptWords}). */
function buildCore(source: string): WordCore {
  let n = 0;
  let starts = new Int32Array(2 * Math.ceil(source.length / 4 / MARK) + 1);
  let skips = new Uint8Array(starts.length);
  forEachWord(source, (word, start) => {
    const ids = idsOfWord(word);
    const count = typeof ids === 'number' ? 1 : ids.length;
    for (let f = 0; f < count; f++, n++) {
      if (n === scratchIds.length) scratchIds = grown(scratchIds, (m) => new Uint32Array(m));
      scratchIds[n] = typeof ids === 'number' ? ids : ids[f]!;
      if ((n & (MARK - 1)) !== 0) continue;
      const k = n >> MARK_BITS;
      if (k === starts.length) (starts = grown(starts, (m) => new Int32Array(m))), (skips = grown(skips, (m) => new Uint8Array(m)));
      starts[k] = start;
      skips[k] = f;
    }
  });
  const ids = dictionary.length <= 0x10000 ? Uint16Array.from(scratchIds.subarray(0, n)) : scratchIds.slice(0, n);
  const blocks = Math.ceil(n / MARK);
  const { words } = firstOccurrences(ids);
  for (const id of words) slotPlusOne[id] = 0;
  const vocab = ids instanceof Uint16Array ? Uint16Array.from(words) : Uint32Array.from(words);
  return new WordCore(ids, vocab.sort(), starts.slice(0, blocks), skips.slice(0, blocks));
}

/** A copy of `a` twice as long. */
function grown<T extends Int32Array | Uint32Array | Uint8Array>(a: T, make: (k: number) => T): T {
  const b = make(2 * a.length);
  b.set(a);
  return b;
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
  return new TranscriptWords(buildCore(text), () => text);
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
  words.readTextFrom(() => storedTextOnce(transcript));
  cache.set(transcript, words);
}

/** The alignment tokens of a transcript's stored text and their positions (built on first use, cached per transcript). */
export function transcriptWords(transcript: Transcript): TranscriptWords {
  let words = cache.get(transcript);
  if (!words) {
    words = new TranscriptWords(buildCore(storedTextOnce(transcript)), () => storedTextOnce(transcript));
    cache.set(transcript, words);
  }
  return words;
}
