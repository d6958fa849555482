/**
 * Tokenizing transcripts in batches, on any thread: a {@link BatchTokenizer} keeps one thread's interned
 * terms (Porter stems) and surface words, and turns each batch of transcripts into a {@link TokenBatch} of
 * typed arrays (transferable to another thread) whose term and word ids are that thread's own. The batch also
 * carries what {@link mergeBatches} needs to renumber them exactly as one thread tokenizing every transcript
 * in order would have: the stems and words the thread met first in it, when terms became content words, and
 * the words counted in it in order of their first count.
 *
 * @example
 * const tokenizer = new BatchTokenizer(0, searchParams().passages.pauseSeconds);
 * const batch = tokenizer.tokenize(transcripts, transcripts.map((_, i) => i));
 * const merged = mergeBatches([batch], transcripts.length);
 */
import { storedText, type StoredText } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
import { GrowableInt32 } from './growable.ts';
import { Break, classifyGapAt } from './passages.ts';
import { stem } from '../text/stem.ts';
import { isStopword } from '../text/stopwords.ts';
import { normalizeWord, TOKEN_PATTERN } from '../text/tokenize.ts';

/** "Never": the position of a term that never becomes a content word. */
export const NEVER = 0x7fffffff;

/**
 * One batch of transcripts tokenized by one thread. Token arrays run over the batch's transcripts in order
 * (`tokCount` each); term and word ids are the thread's ({@link BatchTokenizer}), renumbered by {@link mergeBatches}.
 */
export interface TokenBatch {
  /** The tokenizer (thread) whose ids these are. */
  thread: number;
  /** Per transcript: its position in the corpus order (the file order; increasing). */
  positions: Int32Array;
  /** Per transcript: its number of tokens. */
  tokCount: Int32Array;
  /** Per token: term id (the thread's), character offsets in the stored text, the gap after it ({@link Break}), its cue. */
  terms: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  breaks: Int8Array;
  cueOfToken: Int32Array;
  /** Stems of the terms the thread met first in this batch (their ids continue the thread's earlier ones). */
  newStems: string[];
  /** Terms that became content words in this batch (a non-stopword with their stem appeared), and at which position. */
  contentTerms: Int32Array;
  contentAt: Int32Array;
  /** Surface words the thread met first in this batch (their ids continue the thread's earlier ones). */
  newWords: string[];
  /** Surface words counted in this batch (content occurrences), in order of their first count here, and their counts. */
  counted: Int32Array;
  countedN: Int32Array;
}

/** The buffers of a batch, for `postMessage(batch, transfer)`. */
export function batchTransfer(batch: TokenBatch): ArrayBuffer[] {
  const arrays = [batch.positions, batch.tokCount, batch.terms, batch.starts, batch.ends, batch.breaks, batch.cueOfToken, batch.contentTerms, batch.contentAt, batch.counted, batch.countedN];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/**
 * One thread's interned terms and surface words. Raw token text (as matched, before normalising) maps to a
 * surface word id; each surface word (normalised) has its term id and whether it is a stopword. Counting by
 * id and looking raw tokens up directly keeps the per-token work to one Map lookup.
 */
class TermTable {
  readonly termIds = new Map<string, number>();
  /** 1 while every word met with this stem is a stopword. */
  readonly isStop: number[] = [];
  readonly rawSurface = new Map<string, number>();
  readonly surfaceIdOf = new Map<string, number>();
  readonly surfaceWord: string[] = [];
  readonly surfaceTermId = new GrowableInt32(1 << 12);
  readonly surfaceStop: number[] = [];
  /** Per surface word: the batch it was last counted in, and its count there. */
  stamp: Int32Array = new Int32Array(1 << 12).fill(-1);
  count: Int32Array = new Int32Array(1 << 12);
  /** Terms and surface words at the start of the current batch. */
  termsBefore = 0;
  wordsBefore = 0;
  /** Content events of the current batch: term id and position. */
  readonly contentTerms = new GrowableInt32(256);
  readonly contentAt = new GrowableInt32(256);
  /** Position of the transcript being tokenized. */
  position = 0;

  /** Term id of a word's stem (a stem shared by a content word is content). */
  internTerm(term: string): number {
    const s = stem(term);
    let id = this.termIds.get(s);
    const stop = isStopword(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(s, id);
      this.isStop.push(stop ? 1 : 0);
      if (!stop) this.becameContent(id);
    } else if (this.isStop[id] && !stop) {
      this.isStop[id] = 0;
      this.becameContent(id);
    }
    return id;
  }

  private becameContent(id: number): void {
    this.contentTerms.push(id);
    this.contentAt.push(this.position);
  }

  /** Surface word id of a raw token not seen before (-1 when it normalises to nothing). */
  surfaceOf(raw: string): number {
    const term = normalizeWord(raw);
    let sid = -1;
    if (term) {
      const known = this.surfaceIdOf.get(term);
      if (known !== undefined) sid = known;
      else {
        sid = this.surfaceWord.length;
        this.surfaceIdOf.set(term, sid);
        this.surfaceWord.push(term);
        this.surfaceTermId.push(this.internTerm(term));
        this.surfaceStop.push(isStopword(term) ? 1 : 0);
        if (sid >= this.stamp.length) {
          this.stamp = grown(this.stamp, -1);
          this.count = grown(this.count, 0);
        }
      }
    }
    this.rawSurface.set(raw, sid);
    return sid;
  }
}

/** `array` copied into one twice as long, the new half filled with `fill`. */
function grown(array: Int32Array, fill: number): Int32Array {
  const out = new Int32Array(array.length * 2).fill(fill);
  out.set(array);
  return out;
}

/** Token arrays under construction for one batch: sized from the text length (about one token per 5.5 characters), grown by half when short. */
class TokenStream {
  terms: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  breaks: Int8Array;
  cues: Int32Array;
  length = 0;

  constructor(totalChars: number) {
    const cap = Math.max(1024, Math.ceil(totalChars / 4.5));
    this.terms = new Int32Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    this.breaks = new Int8Array(cap);
    this.cues = new Int32Array(cap);
  }

  grow(): void {
    const cap = Math.ceil(this.terms.length * 1.5);
    this.terms = resized(this.terms, cap);
    this.starts = resized(this.starts, cap);
    this.ends = resized(this.ends, cap);
    this.breaks = resized(this.breaks, cap);
    this.cues = resized(this.cues, cap);
  }
}

/** A copy of `array` in a new typed array of the same kind with room for `length` entries. */
function resized<T extends Int32Array | Int8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}

/** Tokenizes batches of transcripts with one thread's term table (see {@link TokenBatch}). */
export class BatchTokenizer {
  private readonly table = new TermTable();
  private batches = 0;

  /**
   * @param thread Which thread's ids the batches carry (any number, one per tokenizer of a build).
   * @param pauseSeconds A silence between cues at least this long ends a turn (`params.passages.pauseSeconds`).
   */
  constructor(readonly thread: number, private readonly pauseSeconds: number) {}

  /** Tokenizes `transcripts` (at corpus positions `positions`, increasing); their stored texts are `stored` when given. */
  tokenize(transcripts: readonly Transcript[], positions: ArrayLike<number>, stored?: readonly StoredText[]): TokenBatch {
    const table = this.table;
    const batchNo = this.batches++;
    const texts = transcripts.map((t, i) => stored?.[i] ?? storedText(t));
    let totalChars = 0;
    for (const s of texts) totalChars += s.text.length + 1;
    const stream = new TokenStream(totalChars);
    const tokCount = new Int32Array(transcripts.length);
    const counted = new GrowableInt32(1 << 10);
    table.termsBefore = table.termIds.size;
    table.wordsBefore = table.surfaceWord.length;
    table.contentTerms.length = 0;
    table.contentAt.length = 0;
    for (let i = 0; i < transcripts.length; i++) {
      table.position = positions[i]!;
      const tb = stream.length;
      tokenizeCues(transcripts[i]!, texts[i]!, stream, table, batchNo, counted);
      markBreaks(transcripts[i]!, texts[i]!.text, stream, tb, this.pauseSeconds);
      tokCount[i] = stream.length - tb;
    }
    const n = stream.length;
    const countedIds = counted.toArray();
    return {
      thread: this.thread,
      positions: Int32Array.from(positions),
      tokCount,
      terms: stream.terms.slice(0, n),
      starts: stream.starts.slice(0, n),
      ends: stream.ends.slice(0, n),
      breaks: stream.breaks.slice(0, n),
      cueOfToken: stream.cues.slice(0, n),
      newStems: [...table.termIds.keys()].slice(table.termsBefore),
      contentTerms: table.contentTerms.toArray(),
      contentAt: table.contentAt.toArray(),
      newWords: table.surfaceWord.slice(table.wordsBefore),
      counted: countedIds,
      countedN: countedIds.map((sid) => table.count[sid]!),
    };
  }
}

/**
 * Appends the tokens of a transcript's cues to the stream, with each token's cue (relative to the
 * transcript), and counts content words. The hot loop of the build (one pass per token): arrays and counters
 * are held in locals and written back.
 */
function tokenizeCues(transcript: Transcript, stored: StoredText, stream: TokenStream, table: TermTable, batchNo: number, counted: GrowableInt32): void {
  const re = new RegExp(TOKEN_PATTERN.source, 'gu');
  const cues = transcript.cues;
  const cueStarts = stored.cueStarts;
  const { isStop, rawSurface, surfaceStop } = table;
  let { terms, starts, ends, cues: cueOf } = stream;
  let numTokens = stream.length;
  for (let c = 0; c < cues.length; c++) {
    const base = cueStarts[c]!;
    const cueText = cues[c]!.text;
    const ascii = !NON_ASCII.test(cueText);
    re.lastIndex = 0;
    let pos = 0;
    for (;;) {
      // Tokens as TOKEN_PATTERN matches them: in ASCII text read by char codes (no match object per token).
      let at: number;
      let raw: string;
      if (ascii) {
        at = asciiTokenStart(cueText, pos);
        if (at < 0) break;
        pos = asciiTokenEnd(cueText, at);
        raw = cueText.slice(at, pos);
      } else {
        const m = re.exec(cueText);
        if (m === null) break;
        at = m.index;
        raw = m[0];
      }
      let sid = rawSurface.get(raw);
      if (sid === undefined) sid = table.surfaceOf(raw);
      if (sid < 0) continue;
      const id = table.surfaceTermId.data[sid]!;
      if (!isStop[id] && !surfaceStop[sid]) {
        if (table.stamp[sid] !== batchNo) {
          table.stamp[sid] = batchNo;
          table.count[sid] = 0;
          counted.push(sid);
        }
        table.count[sid]!++;
      }
      if (numTokens === terms.length) {
        stream.grow();
        ({ terms, starts, ends, cues: cueOf } = stream);
      }
      terms[numTokens] = id;
      starts[numTokens] = base + at;
      ends[numTokens] = base + at + raw.length;
      cueOf[numTokens] = c;
      numTokens++;
    }
  }
  stream.length = numTokens;
}

/** Any character outside ASCII: such text is tokenized by TOKEN_PATTERN itself. */
const NON_ASCII = /[^\x00-\x7f]/;

/** True for a character TOKEN_PATTERN's letter/digit/mark class matches, among ASCII ones: A-Z, a-z, 0-9. */
function isAsciiWordChar(c: number): boolean {
  const lower = c | 32;
  return (c >= 48 && c <= 57) || (lower >= 97 && lower <= 122);
}

/** Where the next token of ASCII `text` starts at or after `from` (-1: none). */
function asciiTokenStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isAsciiWordChar(text.charCodeAt(i))) return i;
  return -1;
}

/** Where the ASCII token starting at `at` ends: letters/digits, and `'` only between two of them (TOKEN_PATTERN in ASCII). */
function asciiTokenEnd(text: string, at: number): number {
  const n = text.length;
  let i = at + 1;
  for (;;) {
    while (i < n && isAsciiWordChar(text.charCodeAt(i))) i++;
    if (i + 1 < n && text.charCodeAt(i) === 39 && isAsciiWordChar(text.charCodeAt(i + 1))) i += 2;
    else return i;
  }
}

/** Sets the gap kind after each token of a transcript (tokens `tb..` of the stream); its last token ends a turn. */
function markBreaks(transcript: Transcript, text: string, stream: TokenStream, tb: number, pauseSeconds: number): void {
  const cues = transcript.cues;
  const { starts, ends, breaks, cues: cueOf } = stream;
  const count = stream.length - tb;
  for (let k = 0; k < count; k++) {
    const g = tb + k;
    if (k === count - 1) {
      breaks[g] = Break.Turn;
      continue;
    }
    const c1 = cueOf[g]!;
    const c2 = cueOf[g + 1]!;
    let turn = false;
    if (c1 !== c2) {
      const a = cues[c1]!;
      const b = cues[c2]!;
      turn = (a.speaker ?? '') !== (b.speaker ?? '') || b.start - a.end >= pauseSeconds;
    }
    breaks[g] = classifyGapAt(text, ends[g]!, starts[g + 1]!, turn);
  }
}
