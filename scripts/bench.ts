/**
 * `npm run bench`: quotebot against fuse.js-over-passages and MiniSearch (BM25, fuzzy 0.2 + prefix) on
 * corpora of about 12 (the base folder once), 100 and 1,000 hours, built in memory by replicating real
 * captions. Each system x size runs in a fresh child process (RSS attributable to it). Prints a markdown
 * table and writes it into docs/benchmarks.md (between the `bench:start` / `bench:end` markers).
 *
 * Usage: npm run bench [-- --corpus DIR] [--eval FILE] [--sizes 0,100,1000] [--out docs/benchmarks.md] [--no-write]
 *   DIR default ../shared/corpus/3b1b; FILE default ../shared/eval/3b1b-chapters-dev.jsonl; size 0 = DIR once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.ts';
import { corpusHours } from './bench/replicate.ts';
import { makeQueries } from './bench/queries.ts';
import type { WorkerJob, WorkerResult } from './bench/worker.ts';
import { cacheBench, type CacheBenchResult } from './bench/restart.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus/3b1b' },
    eval: { type: 'string', default: '../shared/eval/3b1b-chapters-dev.jsonl' },
    sizes: { type: 'string', default: '0,100,1000' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    'no-write': { type: 'boolean', default: false },
  },
});
const corpusDir = resolve(values.corpus!);
if (!existsSync(corpusDir)) {
  console.error(`bench: corpus folder not found: ${corpusDir} (pass --corpus DIR)`);
  process.exit(1);
}
const evalFile = existsSync(values.eval!) ? resolve(values.eval!) : undefined;
const sizes = values.sizes!.split(',').map(Number);
const started = Date.now();

// The fixed query set, from the base corpus's vocabulary.
const base = await loadCorpus(corpusDir);
const baseHours = corpusHours(base);
const queries = makeQueries(base);
const dir = mkdtempSync(join(tmpdir(), 'quotebot-bench-'));
const queriesFile = join(dir, 'queries.json');
writeFileSync(queriesFile, JSON.stringify(queries));
console.error(`bench: ${base.transcripts.length} videos, ${baseHours.toFixed(1)} h base; ${queries.length} queries; sizes ${sizes.join(', ')} h`);

/** Queries timed per system and size (fuse.js scans every passage per query: capped at large sizes). */
function plan(system: string, hours: number): { maxQueries: number; repeats: number } {
  const big = hours > 500;
  const mid = hours > 50;
  if (system === 'fuse') return { maxQueries: big ? 3 : mid ? 10 : 40, repeats: 1 };
  if (system === 'minisearch') return { maxQueries: queries.length, repeats: big ? 1 : 2 };
  return { maxQueries: queries.length, repeats: 3 };
}

const results: WorkerResult[] = [];
for (const hours of sizes) {
  for (const system of ['quotebot', 'minisearch', 'fuse']) {
    const job: WorkerJob = { system, hours, corpusDir, queriesFile, ...plan(system, hours) };
    if (hours === 0 && evalFile) job.evalFile = evalFile;
    const t = Date.now();
    const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'scripts/bench/worker.ts', JSON.stringify(job)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as WorkerResult;
    results.push(r);
    console.error(`bench: ${system} @ ${r.hours} h: build ${r.buildWallMs} ms, p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, RSS ${r.rssAfterMb} MB (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
}

let restart: CacheBenchResult | undefined;
try {
  restart = await cacheBench(corpusDir, Math.max(...sizes), dir, queriesFile);
  console.error(`bench: restart at ${restart.hours.toFixed(0)} h: cold ${restart.coldMs.toFixed(0)} ms, warm ${restart.warmMs.toFixed(0)} ms`);
} catch (error) {
  console.error(`bench: restart measurement failed: ${(error as Error).message}`);
}

// ---------------------------------------------------------------- report

const f = (x: number | undefined, d = 1) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const NAMES: Record<string, string> = { quotebot: 'quotebot', minisearch: 'MiniSearch (fuzzy 0.2 + prefix)', fuse: 'fuse.js over passages' };
const lines: string[] = [];
lines.push(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${process.platform}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Total run: ${((Date.now() - started) / 60000).toFixed(1)} min.`);
lines.push('');
lines.push(`Corpus: \`${values.corpus}\` (${base.transcripts.length} videos, ${baseHours.toFixed(1)} h) replicated in memory; query set: ${queries.length} queries (${['keyword', 'question', 'typo'].map((k) => `${queries.filter((q) => q.kind === k).length} ${k}`).join(', ')}); latency = each query's fastest of the timed passes, top 5 results.`);
lines.push('');
lines.push('| System | Hours | Videos | Words | Build (wall s) | Build (CPU s) | RSS after build (MB) | RSS growth (MB) | Queries timed | p50 (ms) | p99 (ms) | S@1 |');
lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const r of results) {
  const capped = r.queriesTimed < queries.length ? ` (capped)` : '';
  lines.push(
    `| ${NAMES[r.system]} | ${f(r.hours, 0)} | ${r.videos} | ${(r.words / 1e6).toFixed(2)} M | ${f(r.buildWallMs / 1000, 2)} | ${f(r.buildCpuMs / 1000, 2)} | ${f(r.rssAfterMb, 0)} | ${f(r.rssAfterMb - r.rssBeforeMb, 0)} | ${r.queriesTimed}${capped} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${r.s1 === undefined ? '-' : `${f(r.s1, 3)} (n=${r.evalN})`} |`,
  );
}
lines.push('');
lines.push('How many times faster quotebot is, measured in this run (other system\'s latency / quotebot\'s):');
lines.push('');
lines.push('| Hours | vs fuse.js p50 | vs fuse.js p99 | vs fuse.js mean | vs MiniSearch p50 | vs MiniSearch p99 | vs MiniSearch mean | Build vs MiniSearch (CPU) |');
lines.push('|--:|--:|--:|--:|--:|--:|--:|--:|');
for (let i = 0; i < sizes.length; i++) {
  const at = results.slice(i * 3, i * 3 + 3);
  const q = at.find((r) => r.system === 'quotebot');
  const m = at.find((r) => r.system === 'minisearch');
  const z = at.find((r) => r.system === 'fuse');
  if (!q) continue;
  const x = (a: number | undefined, b: number) => (a === undefined ? '-' : `${(a / b).toFixed(a / b >= 100 ? 0 : 1)}x`);
  lines.push(`| ${f(q.hours, 0)} | ${x(z?.p50Ms, q.p50Ms)} | ${x(z?.p99Ms, q.p99Ms)} | ${x(z?.meanMs, q.meanMs)} | ${x(m?.p50Ms, q.p50Ms)} | ${x(m?.p99Ms, q.p99Ms)} | ${x(m?.meanMs, q.meanMs)} | ${x(m?.buildCpuMs, q.buildCpuMs)} |`);
}
if (restart) {
  lines.push('');
  lines.push(`Restart with the index cache (\`openIndexCached\`, fresh process each, folder of ${restart.videos} videos / ${f(restart.hours, 0)} h written to disk, cache file ${f(restart.cacheMb, 0)} MB):`);
  lines.push('');
  lines.push('| Start | Ready (s) | Parse (s) | Build (s) | Write cache (s) | Key: stat files (s) | Read + check + restore (s) | RSS (MB) |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|');
  lines.push(`| cold (no cache) | ${f(restart.coldMs / 1000, 2)} | ${f(restart.parseMs / 1000, 2)} | ${f(restart.buildMs / 1000, 2)} | ${f(restart.writeMs / 1000, 2)} | - | - | ${f(restart.coldRssMb, 0)} |`);
  lines.push(`| warm (cache hit) | ${f(restart.warmMs / 1000, 2)} | - | - | - | ${f(restart.warmKeyMs / 1000, 2)} | ${f(restart.warmRestoreMs / 1000, 2)} | ${f(restart.warmRssMb, 0)} |`);
  lines.push('');
  lines.push(`First query after a warm start: ${ms(restart.firstQueryMs)} ms, after the search warm-up the bot runs at startup (\`warmSearch\`: ${ms(restart.warmupMs)} ms); first query after the cold start, without a warm-up: ${ms(restart.coldFirstQueryMs)} ms. Top-5 results of 40 queries identical after a cache hit: ${restart.identical ? 'yes' : 'NO'}.${restart.warnings.length ? ` Warnings: ${restart.warnings.join('; ')}` : ''}`);
}
const table = lines.join('\n');
console.log(table);

if (!values['no-write']) {
  const out = values.out!;
  const START = '<!-- bench:start (generated by npm run bench; do not edit by hand) -->';
  const END = '<!-- bench:end -->';
  const block = `${START}\n${table}\n${END}`;
  let doc = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (doc.includes(START) && doc.includes(END)) doc = doc.slice(0, doc.indexOf(START)) + block + doc.slice(doc.indexOf(END) + END.length);
  else doc = `${doc}${doc ? '\n' : '# Benchmarks\n\n## Results\n\n'}${block}\n`;
  writeFileSync(out, doc);
  console.error(`bench: wrote ${out}`);
}
