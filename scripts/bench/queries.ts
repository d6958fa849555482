/**
 * The fixed benchmark query set: generated deterministically (seeded PRNG) from a corpus's vocabulary plus
 * a fixed list of question templates, so every system and every corpus size gets the same queries.
 *
 * Kinds: `keyword` (1-3 content words), `question` (a template around 1-2 content words) and `typo`
 * (a content word of >= 6 letters with two letters swapped or one dropped, alone or with another word).
 *
 * @example
 * const qs = makeQueries(corpus, { keywords: 100, questions: 60, typos: 60 }); // 220 queries
 */
import type { Corpus } from '../../src/corpus/types.ts';
import { isStopword } from '../../src/search/text/stopwords.ts';

/** One benchmark query. */
export interface BenchQuery {
  kind: 'keyword' | 'question' | 'typo';
  text: string;
}

const TEMPLATES = [
  'what did he say about {a}?',
  'why does {a} matter?',
  'how does {a} relate to {b}?',
  'explain {a}',
  'what is the {a} of a {b}?',
  'can you tell me about {a} and {b}',
  'where does he talk about {a}?',
  'how do you compute the {a}?',
  'what is the intuition behind {a}?',
  'when is {a} useful for {b}?',
  'is {a} the same as {b}?',
  'give me the part about {a}',
];

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Content words of the corpus with their counts, most frequent first (ties alphabetical). */
export function contentWords(corpus: Corpus): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const t of corpus.transcripts) {
    for (const c of t.cues) {
      for (const m of c.text.toLowerCase().matchAll(/[a-z]+(?:'[a-z]+)*/g)) {
        const w = m[0];
        if (w.length < 4 || isStopword(w)) continue;
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function typo(word: string, rand: () => number): string {
  const i = 1 + Math.floor(rand() * (word.length - 2));
  if (rand() < 0.5) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // swap
  return word.slice(0, i) + word.slice(i + 1); // drop
}

/** The query set. Defaults: 100 keyword, 60 question and 60 typo queries (220), seed 20240601. */
export function makeQueries(corpus: Corpus, counts = { keywords: 100, questions: 60, typos: 60 }, seed = 20240601): BenchQuery[] {
  const rand = prng(seed);
  // Topic words: skip the most frequent 100 (too generic), keep words seen at least 3 times.
  const pool = contentWords(corpus).slice(100).filter(([, n]) => n >= 3).map(([w]) => w);
  if (pool.length < 10) throw new Error(`corpus too small for the query set (${pool.length} topic words)`);
  const pick = () => pool[Math.floor(rand() * Math.min(pool.length, 3000))]!;
  const out: BenchQuery[] = [];
  for (let i = 0; i < counts.keywords; i++) {
    const n = 1 + Math.floor(rand() * 3);
    out.push({ kind: 'keyword', text: Array.from({ length: n }, pick).join(' ') });
  }
  for (let i = 0; i < counts.questions; i++) {
    const tpl = TEMPLATES[i % TEMPLATES.length]!;
    out.push({ kind: 'question', text: tpl.replace('{a}', pick()).replace('{b}', pick()) });
  }
  const long = pool.filter((w) => w.length >= 6);
  for (let i = 0; i < counts.typos; i++) {
    const w = typo(long[Math.floor(rand() * Math.min(long.length, 2000))]!, rand);
    out.push({ kind: 'typo', text: rand() < 0.5 ? w : `${w} ${pick()}` });
  }
  return out;
}
