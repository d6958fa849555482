/**
 * How quotes read (issue 13): for the top quote of each benchmark query, as the `quote` command shows it
 * (the search hit, then {@link sentenceBounds}), whether it starts and ends at a sentence end or pause (no "…"
 * at that side) and how long it is. Runs the chapter queries over ../shared/corpus/3b1b (punctuated captions),
 * the same captions with punctuation and case stripped (the shape of YouTube auto-captions: timed cues, no
 * punctuation), the first qmsum-train queries (meeting transcripts, speaker turns) and a few topics on the
 * bundled transcript (untimed, unpunctuated).
 *
 * usage: node --import tsx scripts/quote-shape.ts [--limit N] [BuildOptions JSON]
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../src/corpus/load.ts';
import type { Corpus } from '../src/corpus/types.ts';
import { buildIndex, type BuildOptions } from '../src/search/index.ts';
import { quoteCuts, sentenceBounds } from '../src/search/quotes/bounds.ts';
import type { Hit } from '../src/search/types.ts';
import { transcriptWords } from '../src/search/verify/anchors.ts';

const SHARED = process.env.SHARED ?? '../shared';
const argv = process.argv.slice(2);
const li = argv.indexOf('--limit');
const limit = li >= 0 ? Number(argv[li + 1]) : 300;
const options = JSON.parse(argv.find((a, i) => a.startsWith('{') && i !== li + 1) ?? '{}') as BuildOptions;

type Query = { query: string; video?: string };
const read = (f: string): Query[] =>
  readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { query: string; video?: string });

/** The corpus with punctuation and capitals stripped from every cue, as auto-captions come. */
function unpunctuated(corpus: Corpus): Corpus {
  const strip = (s: string) => s.replace(/[.,!?;:"]/g, '').replace(/\s+/g, ' ').trim().toLowerCase() || '_';
  return { ...corpus, transcripts: corpus.transcripts.map((t) => ({ ...t, cues: t.cues.map((c) => ({ ...c, text: strip(c.text) })) })) };
}

const chapters = read(`${SHARED}/eval/3b1b-chapters-dev.jsonl`);
const b3 = await loadCorpus(`${SHARED}/corpus/3b1b`);
const sets = [
  { name: '3b1b punctuated', corpus: b3, queries: chapters },
  { name: '3b1b unpunctuated', corpus: unpunctuated(b3), queries: chapters },
  { name: 'qmsum', corpus: await loadCorpus(`${SHARED}/eval/qmsum-train/transcripts`), queries: read(`${SHARED}/eval/qmsum-train/queries.jsonl`).slice(0, limit) },
  { name: 'bundled', corpus: await loadCorpus('transcripts'), queries: ['GPUs', 'ImageNet', 'scaling laws', 'compression', 'reinforcement learning', 'Toronto lab'].map((query): Query => ({ query })) },
];

/** Words of a quote as the length limits count them (punctuation is no word). */
function wordCount(hit: Hit): number {
  return transcriptWords(hit.transcript).tokens.filter((t) => t.start >= hit.charStart && t.end <= hit.charEnd).length;
}

for (const set of sets) {
  const index = buildIndex(set.corpus, options);
  let n = 0;
  let cleanStart = 0;
  let cleanEnd = 0;
  let both = 0;
  let over = 0;
  const words: number[] = [];
  for (const q of set.queries) {
    const hit = index.search(q.query, { limit: 1, ...(q.video ? { video: q.video } : {}) }).hits[0];
    if (!hit) continue;
    const shown = sentenceBounds(hit, index.params);
    const cuts = quoteCuts(shown.transcript, shown.charStart, shown.charEnd, index.params.bounds);
    const w = wordCount(shown);
    n++;
    if (!cuts.before) cleanStart++;
    if (!cuts.after) cleanEnd++;
    if (!cuts.before && !cuts.after) both++;
    if (w > 60) over++;
    words.push(w);
  }
  words.sort((a, b) => a - b);
  const pct = (x: number) => `${((100 * x) / Math.max(1, n)).toFixed(0)}%`;
  console.log(
    `${set.name.padEnd(18)} n ${String(n).padStart(4)}  clean start ${pct(cleanStart).padStart(4)}  clean end ${pct(cleanEnd).padStart(4)}  both ${pct(both).padStart(4)}  words min ${words[0]} median ${words[words.length >> 1]} p90 ${words[Math.floor(words.length * 0.9)]} max ${words[words.length - 1]}  over 60: ${over}`,
  );
}
