/**
 * Fast A/B of ranking variants on both development sets, in one process (needs ../shared): each corpus is
 * loaded once, an index is built per variant, and every query is scored with the same rule as
 * `../shared/tools/eval-retrieval.mjs` (right video, at least half of the quote's time inside a gold span).
 * The figure of record still comes from that scorer; this is for sweeps.
 *
 * usage: node --import tsx scripts/eval-variants.ts [--limit N] 'LABEL={"rank":{"block":0}}' 'LABEL2={...}'
 * (a spec is LABEL=JSON of BuildOptions; `base` = defaults; MORE_3B1B=DIR adds the chapter set over DIR, e.g. the 108 videos). Prints S@1 / S@3 (MRR@5) per set, per
 * qmsum kind and per half of the meetings (h0/h1, split by a hash of the meeting id: a gain that shows on
 * one half only is likely tuned to a few meetings), build ms and median/p99 query ms. DIGITS=4 prints four decimals.
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../src/corpus/load.ts';
import { buildIndex, type BuildOptions } from '../src/search/index.ts';

interface Query { id: string; kind: string; query: string; video?: string; gold_video?: string; gold: Array<[number, number]> }

const SHARED = process.env.SHARED ?? '../shared';
const argv = process.argv.slice(2);
const li = argv.indexOf('--limit');
const limit = li >= 0 ? Number(argv[li + 1]) : Infinity;
const specs = argv.filter((_, i) => li < 0 || (i !== li && i !== li + 1));
if (!specs.length) specs.push('base={}');

const read = (f: string): Query[] => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Query);
const sets = [
  { name: 'qmsum', corpus: await loadCorpus(`${SHARED}/eval/qmsum-train/transcripts`), queries: read(`${SHARED}/eval/qmsum-train/queries.jsonl`).slice(0, limit) },
  { name: '3b1b', corpus: await loadCorpus(`${SHARED}/corpus/3b1b`), queries: read(`${SHARED}/eval/3b1b-chapters-dev.jsonl`) },
];
// The chapter set over a larger corpus (../corpus/3b1b and ../corpus/3b1b-more in one folder): set MORE_3B1B to that folder.
if (process.env.MORE_3B1B) {
  sets.push({ name: '3b1b108', corpus: await loadCorpus(process.env.MORE_3B1B), queries: read(`${SHARED}/eval/3b1b-chapters-dev.jsonl`) });
}

function inside(start: number, end: number, spans: Array<[number, number]>): boolean {
  if (!(end > start)) return spans.some(([s, e]) => start >= s && start < e);
  let covered = 0;
  for (const [s, e] of spans) covered += Math.max(0, Math.min(end, e) - Math.max(start, s));
  return covered >= 0.5 * (end - start);
}

const f = (x: number): string => x.toFixed(Number(process.env.DIGITS ?? 3));
for (const spec of specs) {
  const eq = spec.indexOf('=');
  const label = eq >= 0 ? spec.slice(0, eq) : spec;
  const options = (eq >= 0 ? JSON.parse(spec.slice(eq + 1)) : {}) as BuildOptions;
  const parts: string[] = [];
  const timing: string[] = [];
  for (const set of sets) {
    const t0 = performance.now();
    const index = buildIndex(set.corpus, options);
    const buildMs = performance.now() - t0;
    const byKind = new Map<string, { n: number; s1: number; s3: number; mrr: number }>();
    const times: number[] = [];
    const words: number[] = [];
    for (const q of set.queries) {
      const s = performance.now();
      const hits = index.search(q.query, { limit: 5, ...(q.video ? { video: q.video } : {}) }).hits;
      times.push(performance.now() - s);
      if (hits[0]) words.push(hits[0].text.split(/\s+/).filter(Boolean).length);
      const gv = q.video ?? q.gold_video;
      const rank = hits.findIndex((h) => h.video.id === gv && inside(h.start, h.end, q.gold));
      // Halves by meeting (a stable hash of the video id): a gain that holds on both is less likely tuned to a few meetings.
      const half = `half${[...(gv ?? '')].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 2}`;
      for (const k of [q.kind, 'ALL', half]) {
        const r = byKind.get(k) ?? { n: 0, s1: 0, s3: 0, mrr: 0 };
        byKind.set(k, r);
        r.n++;
        if (rank === 0) r.s1++;
        if (rank >= 0 && rank < 3) r.s3++;
        if (rank >= 0) r.mrr += 1 / (rank + 1);
      }
    }
    times.sort((a, b) => a - b);
    words.sort((a, b) => a - b);
    const all = byKind.get('ALL')!;
    let line = `${set.name} ${f(all.s1 / all.n)} / ${f(all.s3 / all.n)} (${f(all.mrr / all.n)})`;
    if (set.name === 'qmsum') {
      for (const k of ['topic', 'specific', 'half0', 'half1']) {
        const r = byKind.get(k);
        if (r) line += ` [${k.startsWith('half') ? `h${k[4]}` : k[0]} ${f(r.s1 / r.n)}/${f(r.s3 / r.n)}]`;
      }
    }
    parts.push(line);
    timing.push(`${set.name} build ${buildMs.toFixed(0)} ms, q ${times[times.length >> 1]!.toFixed(2)}/${times[Math.floor(times.length * 0.99)]!.toFixed(2)} ms, words ${words[words.length >> 1]}`);
  }
  console.log(`${label.padEnd(18)} ${parts.join('  ')}  | ${timing.join('; ')}`);
}
