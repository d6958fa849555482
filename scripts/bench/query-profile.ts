/**
 * Per-query latency of quotebot at a corpus size, in ONE process, with a breakdown of where each query's
 * time goes, and optionally the same measure for a second copy of the source tree (e.g. a git worktree at
 * HEAD) in the same run, so old and new code meet the same machine load (queries interleaved: each query
 * runs on A, then on B, each pass). Also checks that both trees return identical top-5 results.
 *
 * Breakdown: the index's query-path methods are wrapped with timers (inclusive ms per call, summed per
 * query): `queryTerms` (parse -> terms, typo correction, synonyms), `rankPassages` (BM25, block score,
 * proximity, re-rank; includes `blockScores` and `semanticRerank`), `hitFor` (quote windows, answer shaping).
 * The breakdown is measured in a separate pass from the latency (wrapping costs a little).
 *
 * @example
 * node --expose-gc --import tsx scripts/bench/query-profile.ts --hours 1000
 * git worktree add /tmp/qb-base HEAD
 * node --expose-gc --import tsx scripts/bench/query-profile.ts --hours 1000 --base /tmp/qb-base
 * node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/query-profile.ts --hours 1000 --slowest 10 --loop 20
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { makeQueries } from './queries.ts';
import { replicate } from './replicate.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const hours = Number(opt('hours', '1000'));
const corpusDir = opt('corpus', '../shared/corpus/3b1b');
const repeats = Number(opt('repeats', '3'));
const baseTree = opt('base', '');
/** Build options (JSON) for this tree's index, e.g. '{"rank":{"synonymMaxDocShare":0.05}}' (the base tree keeps the defaults). */
const buildOptions = JSON.parse(opt('options', '{}')) as Record<string, unknown>;
/** With --slowest N --loop K: only run the N slowest queries K times each (for --cpu-prof). */
const slowest = Number(opt('slowest', '0'));
const loop = Number(opt('loop', '0'));

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const PHASES = ['queryTerms', 'rankPassages', 'blockScores', 'semanticRerank', 'hitFor'] as const;
type Phase = (typeof PHASES)[number];

interface Tree {
  name: string;
  index: SearchIndex;
  buildMs: number;
  /** Heap + array-buffer memory the built index holds (after GC, before minus after the build), in MB. */
  heldMb: number;
}

const heldNow = (): number => {
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
};

async function buildFrom(root: string, name: string, corpus: Parameters<typeof replicate>[0], options: Record<string, unknown> = {}): Promise<Tree> {
  const mod = (await import(pathToFileURL(resolve(root, 'src/search/index.ts')).href)) as typeof import('../../src/search/index.ts');
  const before = heldNow();
  const t0 = performance.now();
  const index = mod.buildIndex(corpus, options);
  const buildMs = performance.now() - t0;
  // The lazily built parts (vectors, vocabulary, synonyms) are counted once a first query has made them.
  index.search('warm up the lazy parts', { limit: 5 });
  return { name, index, buildMs, heldMb: heldNow() - before };
}

/**
 * Where each phase's method lives: on the index itself (before the split of QuoteIndex), or on its ranker
 * (`rank` is the former `rankPassages`) and results parts. The first one found is wrapped.
 */
const PHASE_METHODS: Record<Phase, Array<[string | undefined, string]>> = {
  queryTerms: [[undefined, 'queryTerms']],
  rankPassages: [[undefined, 'rankPassages'], ['ranker', 'rank']],
  blockScores: [[undefined, 'blockScores'], ['ranker', 'blockScores']],
  semanticRerank: [[undefined, 'semanticRerank'], ['ranker', 'semanticRerank']],
  hitFor: [[undefined, 'hitFor'], ['results', 'hitFor']],
};

/** Wraps the index's query-path methods with timers; returns the per-phase totals (reset per query). */
function instrument(index: SearchIndex): { totals: Record<Phase, number>; restore(): void } {
  const totals = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const undo: Array<() => void> = [];
  for (const phase of PHASES) {
    for (const [part, method] of PHASE_METHODS[phase]) {
      const owner = part ? (index as unknown as Record<string, object | undefined>)[part] : index;
      if (!owner) continue;
      const proto = Object.getPrototypeOf(owner) as Record<string, (...a: unknown[]) => unknown>;
      const fn = proto[method];
      if (typeof fn !== 'function') continue;
      undo.push(() => (proto[method] = fn));
      proto[method] = function (this: unknown, ...a: unknown[]) {
        const t = performance.now();
        try {
          return fn.apply(this, a);
        } finally {
          totals[phase] += performance.now() - t;
        }
      };
      break;
    }
  }
  return { totals, restore: () => undo.forEach((f) => f()) };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const fmt = (x: number): string => x.toFixed(2);

const base = await loadCorpus(corpusDir);
const queries = makeQueries(base);
const corpus = replicate(base, hours);
const trees: Tree[] = [];
if (baseTree) trees.push(await buildFrom(baseTree, 'base', corpus));
trees.push(await buildFrom(resolve(import.meta.dirname, '../..'), 'this', corpus, buildOptions));
gc();
for (const t of trees) process.stderr.write(`${t.name}: built in ${(t.buildMs / 1000).toFixed(1)} s, holds ${t.heldMb.toFixed(0)} MB (heap + array buffers)\n`);

const search = (t: Tree, q: string) => t.index.search(q, { limit: 5 });

if (slowest > 0 && loop > 0) {
  // Profiling mode: time once, then loop over the slowest queries (only the last tree).
  const t = trees[trees.length - 1]!;
  const times = queries.map((q) => {
    search(t, q.text);
    const s = performance.now();
    search(t, q.text);
    return performance.now() - s;
  });
  const worst = queries.map((q, i) => ({ q, ms: times[i]! })).sort((a, b) => b.ms - a.ms).slice(0, slowest);
  const s = performance.now();
  for (let r = 0; r < loop; r++) for (const w of worst) search(t, w.q.text);
  process.stdout.write(`looped ${loop} x ${worst.length} slowest queries: ${((performance.now() - s) / (loop * worst.length)).toFixed(2)} ms/query\n`);
  process.exit(0);
}

// Warm-up (lazy word lists, typo structure, JIT), then identical-results check.
for (const t of trees) for (const q of queries) search(t, q.text);
if (trees.length === 2) {
  let diff = 0;
  let rankDiff = 0;
  let textDiff = 0;
  for (const q of queries) {
    const key = (t: Tree) => JSON.stringify(search(t, q.text).hits.map((h) => [h.video.id, h.charStart, h.charEnd, h.score.toFixed(6)]));
    const ranking = (t: Tree) => JSON.stringify(search(t, q.text).hits.map((h) => [h.video.id, h.charStart, h.charEnd]));
    if (key(trees[0]!) !== key(trees[1]!)) {
      diff++;
      if (diff <= 5) process.stderr.write(`results differ: ${q.text}\n`);
    }
    if (ranking(trees[0]!) !== ranking(trees[1]!)) rankDiff++;
    // The replicated corpus holds every passage many times: the same quote may come from another copy.
    const texts = (t: Tree) => JSON.stringify(search(t, q.text).hits.map((h) => [h.video.id.replace(/~\d+$/, ''), h.charStart, h.charEnd, h.score.toFixed(6)]));
    if (texts(trees[0]!) !== texts(trees[1]!)) textDiff++;
  }
  process.stdout.write(`top-5 results (video, quote range, score to 1e-6) identical on ${queries.length - diff}/${queries.length} queries; same top-5 quotes in the same order on ${queries.length - rankDiff}/${queries.length}; the same quotes and scores when copies of one video count as one on ${queries.length - textDiff}/${queries.length}\n`);
}

// Latency: each query's fastest of `repeats` passes, trees interleaved per query.
const best = trees.map(() => new Array<number>(queries.length).fill(Infinity));
for (let r = 0; r < repeats; r++) {
  for (let i = 0; i < queries.length; i++) {
    for (let k = 0; k < trees.length; k++) {
      const s = performance.now();
      search(trees[k]!, queries[i]!.text);
      best[k]![i] = Math.min(best[k]![i]!, performance.now() - s);
    }
  }
}
// Breakdown: one instrumented pass (fastest of 2) per tree.
const phases = trees.map((t) => {
  const inst = instrument(t.index);
  const rows = queries.map((q) => {
    let bestRow: Record<Phase, number> | undefined;
    let bestTotal = Infinity;
    for (let r = 0; r < 2; r++) {
      for (const p of PHASES) inst.totals[p] = 0;
      const s = performance.now();
      search(t, q.text);
      const total = performance.now() - s;
      if (total < bestTotal) [bestTotal, bestRow] = [total, { ...inst.totals }];
    }
    return bestRow!;
  });
  inst.restore();
  return rows;
});

const loadavg = (await import('node:os')).loadavg()[0]!.toFixed(1);
process.stdout.write(`\n${hours} h, ${corpus.transcripts.length} videos, ${queries.length} queries, fastest of ${repeats} passes, load ${loadavg}\n\n`);
process.stdout.write(`| tree | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | mean (ms) |\n|---|--:|--:|--:|--:|--:|\n`);
trees.forEach((t, k) => {
  const sorted = best[k]!.slice().sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  process.stdout.write(`| ${t.name} | ${fmt(quantile(sorted, 0.5))} | ${fmt(quantile(sorted, 0.9))} | ${fmt(quantile(sorted, 0.99))} | ${fmt(sorted[sorted.length - 1]!)} | ${fmt(mean)} |\n`);
});
const order = queries.map((_, i) => i).sort((a, b) => best[0]![b]! - best[0]![a]!).slice(0, 10);
process.stdout.write(`\n10 slowest queries (by ${trees[0]!.name}); phase columns are inclusive ms (rankPassages includes blockScores and semanticRerank)\n\n`);
process.stdout.write(`| query | kind | ${trees.map((t) => `${t.name} ms`).join(' | ')} | ${trees.map((t) => PHASES.map((p) => `${t.name} ${p}`).join(' | ')).join(' | ')} |\n`);
process.stdout.write(`|---|---|${trees.map(() => '--:').join('|')}|${trees.map(() => PHASES.map(() => '--:').join('|')).join('|')}|\n`);
for (const i of order) {
  const q = queries[i]!;
  process.stdout.write(`| ${q.text} | ${q.kind} | ${trees.map((_, k) => fmt(best[k]![i]!)).join(' | ')} | ${trees.map((_, k) => PHASES.map((p) => fmt(phases[k]![i]![p])).join(' | ')).join(' | ')} |\n`);
}
