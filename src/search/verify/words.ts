/**
 * A transcript's alignment tokens ({@link tokenize} of its stored text) and where each word occurs, in typed
 * arrays: per token a word id (into one dictionary of all words ever seen in this process) and its character
 * range (start, and length in a byte); per distinct word its positions, grouped by word (CSR: `at` holds
 * the token indices, 16-bit in a transcript of at most 65,536 tokens, `from` where each word's run starts).
 * About 11 bytes per token, against ~130 for token objects and a Map of number arrays (docs/benchmarks.md,
 * "verify's word index").
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
import { storedText } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
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

/** The tokens and word positions of one transcript (see the module comment). */
export class TranscriptWords {
  /** Number of tokens. */
  readonly length: number;

  /**
   * @param ids word id of each token
   * @param starts where token `i` starts in the stored text
   * @param lengths its length in characters (255: look in `long`)
   * @param long end of each token of 255 characters or more
   * @param words the distinct word ids, in order of first occurrence (a word's slot is its position here)
   * @param from per slot, where its positions start in `at` (length slots + 1)
   * @param at token indices grouped by slot, ascending within each
   * @param sorted slots ordered by word id (for lookup)
   */
  constructor(
    readonly ids: Uint32Array,
    private readonly starts: Int32Array,
    private readonly lengths: Uint8Array,
    private readonly long: ReadonlyMap<number, number>,
    private readonly words: Uint32Array,
    private readonly from: Int32Array,
    private readonly at: Int32Array | Uint16Array,
    private readonly sorted: Int32Array,
  ) {
    this.length = ids.length;
  }

  /** The normalised word of token `i`, undefined outside `[0, length)`. */
  norm(i: number): string | undefined {
    return i >= 0 && i < this.length ? dictionary[this.ids[i]!] : undefined;
  }

  /** Where token `i` starts in the stored text. */
  start(i: number): number {
    return this.starts[i]!;
  }

  /** Where token `i` ends in the stored text. */
  end(i: number): number {
    const length = this.lengths[i]!;
    return length < LONG ? this.starts[i]! + length : this.long.get(i)!;
  }

  /** Token `i` as an object. */
  token(i: number): Token {
    return { norm: dictionary[this.ids[i]!]!, start: this.starts[i]!, end: this.end(i) };
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
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.words[this.sorted[mid]!]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.words[this.sorted[lo]!] === id ? this.sorted[lo]! : -1;
  }

  /** The token indices of a slot, ascending (a view, not a copy). */
  slotPositions(slot: number): Int32Array | Uint16Array {
    return this.at.subarray(this.from[slot]!, this.from[slot + 1]!);
  }

  /** Where `word` is said (token indices, ascending; a view), undefined when it is not. */
  positions(word: string): Int32Array | Uint16Array | undefined {
    const id = idOfWord.get(word);
    const slot = id === undefined ? -1 : this.slotOf(id);
    return slot < 0 ? undefined : this.slotPositions(slot);
  }

  /** Whether `word` is said. */
  has(word: string): boolean {
    const id = idOfWord.get(word);
    return id !== undefined && this.slotOf(id) >= 0;
  }

  /** Number of distinct words (slots). */
  get distinct(): number {
    return this.words.length;
  }

  /** The word id of a slot. */
  slotWord(slot: number): number {
    return this.words[slot]!;
  }

  /** Each distinct word and how often it is said, in order of first occurrence. */
  *counts(): IterableIterator<[string, number]> {
    for (let s = 0; s < this.words.length; s++) yield [dictionary[this.words[s]!]!, this.from[s + 1]! - this.from[s]!];
  }
}

/** Token lengths from this many characters on are kept in a map (a byte holds the rest). */
const LONG = 255;

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

/** The word table of a text (see {@link TranscriptWords}). */
export function buildWords(text: string): TranscriptWords {
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
  const ids = scratchIds.slice(0, n);
  if (slotPlusOne.length < dictionary.length) slotPlusOne = new Int32Array(Math.max(dictionary.length, 2 * slotPlusOne.length));
  // Slots in order of first occurrence, with counts.
  const words: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const s = slotPlusOne[id]!;
    if (s === 0) slotPlusOne[id] = words.push(id), counts.push(1);
    else counts[s - 1] = counts[s - 1]! + 1;
  }
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
  const lengths = new Uint8Array(n);
  const long = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const length = scratchEnds[i]! - scratchStarts[i]!;
    lengths[i] = Math.min(length, LONG);
    if (length >= LONG) long.set(i, scratchEnds[i]!);
  }
  return new TranscriptWords(ids, scratchStarts.slice(0, n), lengths, long, Uint32Array.from(words), from, at, sorted);
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
    words = buildWords(storedText(transcript).text);
    cache.set(transcript, words);
  }
  return words;
}
