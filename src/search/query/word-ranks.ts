/**
 * A word frequency list in compact form, read straight from the bytes of its JSON file: each lower-cased
 * word once (its first occurrence in the list, which is its rank), its UTF-8 bytes in one buffer, its count
 * in a typed array, and an open-addressing hash table (FNV-1a over the bytes) from word to rank. No string
 * or object is made per word, so loading the 74,286 words of SUBTLEX-US is one pass over the file.
 *
 * @example
 * const ranks = WordRanks.fromJson(readFileSync('index.json')); // [{ "word": "you", "count": 2134713 }, ...]
 * ranks.rank('you')   // 1
 * ranks.count(1)      // 2134713
 * ranks.rank('gpus')  // 0 (not listed)
 */

/** Where each entry's word is in a buffer (`from`..`to`, bytes) and its count, in list order. */
export interface WordEntries {
  bytes: Uint8Array;
  from: number[];
  to: number[];
  counts: number[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The ranks of a word list (see the module comment). */
export class WordRanks {
  /** Number of distinct (lower-cased) words. */
  readonly size: number;
  /** The sum of every entry's count (duplicates included). */
  readonly total: number;

  private constructor(
    private readonly pool: Uint8Array,
    /** Where the word of rank r starts in `pool` (at r - 1; r ends where r + 1 starts). */
    private readonly starts: Int32Array,
    private readonly counts: Float64Array,
    /** Open addressing: a rank, or 0 for an empty slot. */
    private readonly table: Int32Array,
    total: number,
  ) {
    this.size = counts.length;
    this.total = total;
  }

  /** An empty list: every word unranked. */
  static empty(): WordRanks {
    return new WordRanks(new Uint8Array(0), new Int32Array(1), new Float64Array(0), new Int32Array(1), 0);
  }

  /**
   * The ranks of a list `[{ "word": ..., "count": ... }, ...]` in `bytes` (JSON): scanned from the bytes when
   * every word is plain ASCII without escapes ({@link scanWordEntries}), else parsed as JSON.
   */
  static fromJson(bytes: Uint8Array): WordRanks {
    return WordRanks.build(scanWordEntries(bytes) ?? jsonEntries(bytes));
  }

  /** The ranks of `entries`: each word lower-cased, duplicates after the first counted in the total only. */
  static build(entries: WordEntries): WordRanks {
    const n = entries.counts.length;
    let capacity = 0;
    for (let k = 0; k < n; k++) capacity += entries.to[k]! - entries.from[k]!;
    const pool = new Uint8Array(capacity);
    const starts = new Int32Array(n + 1);
    const counts = new Float64Array(n);
    let slots = 2;
    while (slots < n * 1.5) slots *= 2;
    const table = new Int32Array(slots);
    const ranks = new WordRanks(pool, starts, counts, table, 0);
    let size = 0;
    let total = 0;
    let at = 0;
    for (let k = 0; k < n; k++) {
      total += entries.counts[k]!;
      let hash = FNV_OFFSET;
      for (let i = entries.from[k]!; i < entries.to[k]!; i++) {
        let b = entries.bytes[i]!;
        if (b >= 65 && b <= 90) b += 32;
        pool[at + i - entries.from[k]!] = b;
        hash = Math.imul(hash ^ b, FNV_PRIME);
      }
      const length = entries.to[k]! - entries.from[k]!;
      starts[size] = at;
      starts[size + 1] = at + length;
      const slot = ranks.probe(hash, length, (from) => samePoolBytes(pool, from, at, length));
      if (table[slot] !== 0) continue; // a duplicate (after lower-casing): its first occurrence keeps the rank
      table[slot] = ++size;
      counts[size - 1] = entries.counts[k]!;
      at += length;
    }
    return new WordRanks(pool.slice(0, at), starts.slice(0, size + 1), counts.slice(0, size), table, total);
  }

  /** The rank of `word` (1 = most common), or 0 when the list does not hold it. Compares exactly: pass it lower-cased. */
  rank(word: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c > 127) return this.rankOfBytes(Buffer.from(word, 'utf8'));
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    return this.table[
      this.probe(hash, word.length, (from) => {
        let i = 0;
        while (i < word.length && this.pool[from + i] === word.charCodeAt(i)) i++;
        return i === word.length;
      })
    ]!;
  }

  /** The count of the word of rank `r` (1 .. size). */
  count(r: number): number {
    return this.counts[r - 1]!;
  }

  private rankOfBytes(bytes: Uint8Array): number {
    let hash = FNV_OFFSET;
    for (const b of bytes) hash = Math.imul(hash ^ b, FNV_PRIME);
    return this.table[this.probe(hash, bytes.length, (from) => bytes.every((b, i) => b === this.pool[from + i]))]!;
  }

  /**
   * The one probe of the hash table: from `hash`'s slot, the first slot that is empty (0) or holds the rank
   * of a word of `length` bytes for which `same(from)` holds (its bytes start at `pool[from]`).
   */
  private probe(hash: number, length: number, same: (from: number) => boolean): number {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (; this.table[slot] !== 0; slot = (slot + 1) & mask) {
      const r = this.table[slot]!;
      const from = this.starts[r - 1]!;
      if (this.starts[r]! - from === length && same(from)) break;
    }
    return slot;
  }
}

/** Whether `pool[a .. a + length)` and `pool[b .. b + length)` hold the same bytes. */
function samePoolBytes(pool: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (pool[a + i] !== pool[b + i]) return false;
  return true;
}

function jsonEntries(bytes: Uint8Array): WordEntries {
  const list = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as Array<{ word: string; count: number }>;
  const words = list.map((e) => Buffer.from(e.word.toLowerCase(), 'utf8'));
  const out: WordEntries = { bytes: Buffer.concat(words), from: [], to: [], counts: list.map((e) => e.count) };
  let at = 0;
  for (const w of words) {
    out.from.push(at);
    out.to.push((at += w.length));
  }
  return out;
}

const QUOTE = 34;
const WORD_KEY = [...'"word"'].map((c) => c.charCodeAt(0));
const COUNT_KEY = [...'"count"'].map((c) => c.charCodeAt(0));

/**
 * The entries of a list shaped `[{ "word": "you", "count": 2134713 }, ...]` (any white space) whose words
 * are plain ASCII without escapes, as positions in `bytes` (one pass over the bytes, nothing made per
 * entry); undefined when the file has any other shape.
 */
export function scanWordEntries(bytes: Uint8Array): WordEntries | undefined {
  const out: WordEntries = { bytes, from: [], to: [], counts: [] };
  const n = bytes.length;
  let i = 0;
  let opened = false;
  for (;;) {
    // Between entries: only brackets, commas, white space, and one "{" before each entry.
    while (i < n && bytes[i] !== QUOTE) {
      const b = bytes[i++]!;
      if (b === 123 /* { */ && !opened) opened = true;
      else if (b !== 91 && b !== 93 && b !== 44 && b !== 32 && b !== 10 && b !== 13 && b !== 9) return undefined;
    }
    if (i >= n) break;
    if (!opened || !keyAt(bytes, i, WORD_KEY)) return undefined;
    i = skipSpace(bytes, i + WORD_KEY.length);
    if (bytes[i] !== 58 /* : */) return undefined;
    i = skipSpace(bytes, i + 1);
    if (bytes[i] !== QUOTE) return undefined;
    const from = ++i;
    while (i < n && bytes[i] !== QUOTE) {
      if (bytes[i]! < 32 || bytes[i]! > 126 || bytes[i] === 92 /* \ */) return undefined;
      i++;
    }
    const to = i;
    i = skipSpace(bytes, i + 1);
    if (bytes[i] !== 44 /* , */) return undefined;
    i = skipSpace(bytes, i + 1);
    if (!keyAt(bytes, i, COUNT_KEY)) return undefined;
    i = skipSpace(bytes, i + COUNT_KEY.length);
    if (bytes[i] !== 58) return undefined;
    i = skipSpace(bytes, i + 1);
    let count = 0;
    const digits = i;
    while (bytes[i]! >= 48 && bytes[i]! <= 57) count = count * 10 + (bytes[i++]! - 48);
    if (i === digits || i - digits > 15) return undefined;
    i = skipSpace(bytes, i);
    if (bytes[i] !== 125 /* } */) return undefined;
    i++;
    opened = false;
    out.from.push(from);
    out.to.push(to);
    out.counts.push(count);
  }
  return out.counts.length ? out : undefined;
}

function keyAt(bytes: Uint8Array, at: number, key: readonly number[]): boolean {
  for (let k = 0; k < key.length; k++) if (bytes[at + k] !== key[k]) return false;
  return true;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (bytes[i] === 32 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 9) i++;
  return i;
}
