/**
 * One benchmark measurement in a fresh process (so RSS is attributable to one system at one size):
 * loads the base corpus, replicates it to the size, builds the system's index, measures memory, times the
 * query set, and (at the base size) scores S@1 on the eval file. Prints one JSON line ({@link WorkerResult}).
 *
 * Run by scripts/bench.ts:
 * node --expose-gc --enable-source-maps dist/scripts/bench/worker.js '{"system":"quotebot","hours":100,...}'   (compiled: after npm run build)
 * node --expose-gc --import tsx scripts/bench/worker.ts '{"system":"quotebot","hours":100,...}'
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';
import { corpusHours, corpusWords, replicate } from './replicate.ts';
import type { BenchQuery } from './queries.ts';
import { SYSTEMS, type BenchResult } from './systems.ts';

export interface WorkerJob {
  system: string;
  /** Target hours; 0 = the base corpus exactly once. */
  hours: number;
  corpusDir: string;
  /** JSON file with the BenchQuery[] set. */
  queriesFile: string;
  /** Time at most this many queries (spread evenly over the set). */
  maxQueries: number;
  /** Timed passes over the queries; each query's latency is its fastest pass (noise filter). */
  repeats: number;
  /** Eval JSONL to score S@1 on (only meaningful at the base size), or undefined. */
  evalFile?: string;
}

export interface WorkerResult {
  system: string;
  hours: number;
  videos: number;
  words: number;
  buildWallMs: number;
  buildCpuMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapAfterMb: number;
  externalAfterMb: number;
  queriesTimed: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Peak RSS of the whole run (corpus, build, queries), MB. */
  peakRssMb: number;
  /** Restoring the system's saved index (MiniSearch: `loadJSON`), ms; or why it could not be measured. */
  restartMs?: number;
  restartNote?: string;
  s1?: number;
  evalN?: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** The eval hit rule of ../shared/tools/eval-retrieval.mjs: right video, >= half of its time inside a gold span. */
export function isHit(r: BenchResult | undefined, video: string, gold: Array<[number, number]>): boolean {
  if (!r || r.video !== video) return false;
  const a = r.start;
  const b = r.end;
  if (!(b > a)) return gold.some(([s, e]) => a >= s && a < e);
  let covered = 0;
  for (const [s, e] of gold) covered += Math.max(0, Math.min(b, e) - Math.max(a, s));
  return covered >= 0.5 * (b - a);
}

async function run(job: WorkerJob): Promise<WorkerResult> {
  let base: Corpus | undefined = await loadCorpus(job.corpusDir);
  const corpus = replicate(base, job.hours > 0 ? job.hours : 0);
  base = undefined;
  const queries = JSON.parse(readFileSync(job.queriesFile, 'utf8')) as BenchQuery[];
  const system = SYSTEMS[job.system]!();
  gc();
  gc();
  const before = process.memoryUsage();

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  system.build(corpus);
  const buildWallMs = performance.now() - t0;
  const cpu1 = process.cpuUsage(cpu0);
  gc();
  gc();
  const after = process.memoryUsage();

  // Queries spread evenly over the set (every kind represented when capped).
  const n = Math.min(queries.length, job.maxQueries);
  const chosen = Array.from({ length: n }, (_, i) => queries[Math.floor((i * queries.length) / n)]!);
  for (const q of chosen.slice(0, Math.min(10, n))) system.search(q.text, undefined, 5); // warm-up
  const best = new Array<number>(n).fill(Infinity);
  for (let r = 0; r < job.repeats; r++) {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      system.search(chosen[i]!.text, undefined, 5);
      best[i] = Math.min(best[i]!, performance.now() - t);
    }
  }
  const sorted = best.slice().sort((a, b) => a - b);

  const result: WorkerResult = {
    system: job.system,
    hours: Math.round(corpusHours(corpus) * 10) / 10,
    videos: corpus.transcripts.length,
    words: corpusWords(corpus),
    buildWallMs: Math.round(buildWallMs),
    buildCpuMs: Math.round((cpu1.user + cpu1.system) / 1000),
    rssBeforeMb: mb(before.rss),
    rssAfterMb: mb(after.rss),
    heapAfterMb: mb(after.heapUsed),
    externalAfterMb: mb(after.external),
    queriesTimed: n,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, n),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const restarted = system.restart?.();
  if (typeof restarted === 'number') result.restartMs = Math.round(restarted);
  else if (typeof restarted === 'string') result.restartNote = restarted;

  if (job.evalFile) {
    const lines = readFileSync(job.evalFile, 'utf8').split('\n').filter(Boolean);
    let hits = 0;
    for (const line of lines) {
      const q = JSON.parse(line) as { query: string; video?: string; gold_video?: string; gold: Array<[number, number]> };
      const top = system.search(q.query, q.video, 1)[0];
      if (isHit(top, String(q.video ?? q.gold_video), q.gold)) hits++;
    }
    result.s1 = hits / lines.length;
    result.evalN = lines.length;
  }
  return result;
}

const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
if (!job.system || !SYSTEMS[job.system]) {
  process.stderr.write(`worker: unknown system "${job.system}" (one of ${Object.keys(SYSTEMS).join(', ')})\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
