/**
 * `npm run bench`: quotebot against fuse.js-over-passages and MiniSearch (BM25, fuzzy 0.2 + prefix) on
 * corpora of about 12 (the base folder once), 100 and 1,000 hours, built in memory by replicating real
 * captions. Each system x size runs in a fresh child process (RSS attributable to it). Prints a markdown
 * table and writes it into docs/benchmarks.md (between the `bench:start` / `bench:end` markers).
 *
 * Then, at every size from 100 hours up, the start as a user meets it (`scripts/bench/restart.ts`): the
 * folder written to disk, a cold start (no cache) and a restart from the cache in fresh processes, process
 * start to first answer and peak RSS; and a table of how each figure grows with the corpus.
 *
 * Usage: npm run bench [-- --corpus DIR] [--eval FILE] [--sizes 0,100,1000] [--huge] [--tsx] [--out docs/benchmarks.md] [--no-write]
 *   DIR default ../shared/corpus/3b1b; FILE default ../shared/eval/3b1b-chapters-dev.jsonl; size 0 = DIR once.
 *   --huge adds 10,000 hours (~20-30 min more, ~10 GB RAM; fuse.js is not run there: minutes per query).
 *   Every child process runs compiled code (dist/, built first), as users run quotebot; --tsx runs the sources through tsx instead.
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
import { childArgs, prepareRuntime } from './bench/runtime.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus/3b1b' },
    eval: { type: 'string', default: '../shared/eval/3b1b-chapters-dev.jsonl' },
    sizes: { type: 'string', default: '0,100,1000' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    'no-write': { type: 'boolean', default: false },
    huge: { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
  },
});
const corpusDir = resolve(values.corpus!);
if (!existsSync(corpusDir)) {
  console.error(`bench: corpus folder not found: ${corpusDir} (pass --corpus DIR)`);
  process.exit(1);
}
const evalFile = existsSync(values.eval!) ? resolve(values.eval!) : undefined;
const sizes = values.sizes!.split(',').map(Number);
if (values.huge && !sizes.includes(10000)) sizes.push(10000);
const started = Date.now();
/** How every child process runs quotebot (and the other systems beside it): compiled from dist/, built now, as users run it; or `--tsx`. */
const runtime = prepareRuntime(values.tsx ? 'tsx' : 'compiled');

// The fixed query set, from the base corpus's vocabulary.
const base = await loadCorpus(corpusDir);
const baseHours = corpusHours(base);
const queries = makeQueries(base);
const dir = mkdtempSync(join(tmpdir(), 'quotebot-bench-'));
const queriesFile = join(dir, 'queries.json');
writeFileSync(queriesFile, JSON.stringify(queries));
console.error(`bench: ${base.transcripts.length} videos, ${baseHours.toFixed(1)} h base; ${queries.length} queries; sizes ${sizes.join(', ')} h`);

/**
 * Queries timed per system and size (fuse.js scans every passage per query: capped at large sizes, not run
 * above 5,000 hours; MiniSearch's fuzzy+prefix queries take seconds there: capped), or undefined: not run.
 */
function plan(system: string, hours: number): { maxQueries: number; repeats: number } | undefined {
  const huge = hours > 5000;
  const big = hours > 500;
  const mid = hours > 50;
  if (system === 'fuse') return huge ? undefined : { maxQueries: big ? 3 : mid ? 10 : 40, repeats: 1 };
  if (system === 'minisearch') return { maxQueries: huge ? 40 : queries.length, repeats: big ? 1 : 2 };
  // quotebot: 3 passes at every size (seconds even at 10,000 h; see docs/benchmarks.md, Method).
  return { maxQueries: queries.length, repeats: 3 };
}

/** Each run with the size asked for (`job`: the replicated hours differ slightly). */
const results: Array<WorkerResult & { job: number }> = [];
for (const hours of sizes) {
  for (const system of ['quotebot', 'minisearch', 'fuse']) {
    const planned = plan(system, hours);
    if (!planned) continue;
    const job: WorkerJob = { system, hours, corpusDir, queriesFile, ...planned };
    if (hours === 0 && evalFile) job.evalFile = evalFile;
    const t = Date.now();
    const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=20000', ...childArgs('scripts/bench/worker.ts', runtime), JSON.stringify(job)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as WorkerResult;
    results.push({ ...r, job: hours });
    console.error(`bench: ${system} @ ${r.hours} h: build ${r.buildWallMs} ms, p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, RSS ${r.rssAfterMb} MB (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
}

const restarts: CacheBenchResult[] = [];
for (const hours of sizes.filter((h) => h >= 100)) {
  try {
    const r = await cacheBench(corpusDir, hours, dir, queriesFile, runtime);
    restarts.push(r);
    console.error(`bench: start at ${r.hours.toFixed(0)} h: cold ${r.coldAnswerMs.toFixed(0)} ms to first answer (peak ${r.coldPeakMb.toFixed(0)} MB), restart ${r.warmAnswerMs.toFixed(0)} ms (peak ${r.warmPeakMb.toFixed(0)} MB)`);
  } catch (error) {
    console.error(`bench: start measurement at ${hours} h failed: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------- report

const f = (x: number | undefined, d = 1) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const NAMES: Record<string, string> = { quotebot: 'quotebot', minisearch: 'MiniSearch (fuzzy 0.2 + prefix)', fuse: 'fuse.js over passages' };
const lines: string[] = [];
lines.push(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${process.platform}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Total run: ${((Date.now() - started) / 60000).toFixed(1)} min. Code run: ${runtime === 'compiled' ? 'compiled (dist/), as the bin runs it' : 'the TypeScript sources through tsx (`--tsx`)'}.`);
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
for (const hours of sizes) {
  const at = results.filter((r) => r.job === hours);
  const q = at.find((r) => r.system === 'quotebot');
  const m = at.find((r) => r.system === 'minisearch');
  const z = at.find((r) => r.system === 'fuse');
  if (!q) continue;
  const x = (a: number | undefined, b: number) => (a === undefined ? '-' : `${(a / b).toFixed(a / b >= 100 ? 0 : 1)}x`);
  lines.push(`| ${f(q.hours, 0)} | ${x(z?.p50Ms, q.p50Ms)} | ${x(z?.p99Ms, q.p99Ms)} | ${x(z?.meanMs, q.meanMs)} | ${x(m?.p50Ms, q.p50Ms)} | ${x(m?.p99Ms, q.p99Ms)} | ${x(m?.meanMs, q.meanMs)} | ${x(m?.buildCpuMs, q.buildCpuMs)} |`);
}
const byHours = (system: string, hours: number) => results.find((r) => r.system === system && r.job === hours);
const restartOf = (hours: number) => restarts.find((r) => Math.abs(r.hours - hours) / hours < 0.1);
if (restarts.length) {
  lines.push('');
  lines.push('Start as a user meets it, side by side with MiniSearch on the same corpus: quotebot over the folder written to disk (`openIndexCached` with `writeLater`, as the bot and `quotebot search` start, a fresh process each, ' + (values.tsx ? 'the TypeScript sources through tsx (`--tsx`)' : 'compiled (dist/), as the bin runs it') + '; cold = no cache: parse + build, then answer, then build the pruning bounds and write the cache; restart = cache hit), time from process start to the first answer and peak RSS through answering 40 queries; MiniSearch in memory (its build excludes parsing the files; its restart is `MiniSearch.loadJSON` of its saved index, without the disk):');
  lines.push('');
  lines.push('| Hours | Videos | quotebot cold start (s) | quotebot restart (s) | quotebot peak RSS cold / restart (MB) | quotebot p99 (ms) | MiniSearch build (s) | MiniSearch restart (s) | MiniSearch peak RSS (MB) | MiniSearch p99 (ms) | Cache file (MB) | Same answers after restart |');
  lines.push('|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--|');
  for (const r of restarts) {
    const hours = sizes.find((h) => restartOf(h) === r)!;
    const q = byHours('quotebot', hours);
    const m = byHours('minisearch', hours);
    const mRestart = m?.restartMs !== undefined ? f(m.restartMs / 1000, 2) : m?.restartNote ? `- (${m.restartNote.slice(0, 60)})` : '-';
    lines.push(
      `| ${f(r.hours, 0)} | ${r.videos} | ${f(r.coldAnswerMs / 1000, 2)} | ${f(r.warmAnswerMs / 1000, 2)} | ${f(r.coldPeakMb, 0)} / ${f(r.warmPeakMb, 0)} | ${q ? ms(q.p99Ms) : '-'} | ${m ? f(m.buildWallMs / 1000, 2) : '-'} | ${mRestart} | ${m ? f(m.peakRssMb, 0) : '-'} | ${m ? `${ms(m.p99Ms)}${m.queriesTimed < queries.length ? ` (${m.queriesTimed} q)` : ''}` : '-'} | ${f(r.cacheMb, 0)} | ${r.identical ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('');
  lines.push('Phases of those starts (s): cold = parse + build (answering from here) + pruning bounds and cache write (after the first answers; `Cache written` is process start to the cache file written); restart = key (stat every file) + read, check and restore the snapshot; then the first query (no warm-up: it loads synonyms and word frequencies). The bot also runs `warmSearch` at startup (verify\'s corpus word index included), after the restart: its time and the peak RSS after it.');
  lines.push('');
  lines.push('| Hours | Parse | Build | Write cache | Cache written | Cold first query | Key | Restore | Restart first query | Bot warm-up (s) | Peak RSS after warm-up (MB) |');
  lines.push('|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of restarts) {
    lines.push(
      `| ${f(r.hours, 0)} | ${f(r.parseMs / 1000, 2)} | ${f(r.buildMs / 1000, 2)} | ${f(r.writeMs / 1000, 2)} | ${f(r.coldCachedMs / 1000, 2)} | ${f(r.coldFirstQueryMs / 1000, 2)} | ${f(r.warmKeyMs / 1000, 2)} | ${f(r.warmRestoreMs / 1000, 2)} | ${f(r.firstQueryMs / 1000, 2)} | ${f(r.warmupMs / 1000, 2)} | ${f(r.warmupPeakMb, 0)} |`,
    );
  }
  lines.push('');
  lines.push('The bot as users run it, restarting from the cache in a fresh process (`scripts/bench/bot-child.ts`: `prepareService` with its warm-up, then 13 chat lines: quotes, a question, 6 verifies, 2 timelines): process start to ready, peak RSS through answering, the first verify (a claim said word for word) and the first with a word changed.');
  lines.push('');
  lines.push('| Hours | Bot start to ready (s) | Bot peak RSS answering (MB) | First verify, verbatim (ms) | First verify, a word changed (ms) |');
  lines.push('|--:|--:|--:|--:|--:|');
  for (const r of restarts) {
    lines.push(`| ${f(r.hours, 0)} | ${f(r.botReadyMs / 1000, 2)} | ${f(r.botPeakMb, 0)} | ${f(r.botFirstVerifyMs, 1)} | ${f(r.botChangedVerifyMs, 1)} |`);
  }
  const warns = restarts.flatMap((r) => r.warnings);
  if (warns.length) lines.push('', `Warnings: ${warns.join('; ')}`);
  if (restarts.length > 1) {
    const first = restarts[0]!;
    const last = restarts[restarts.length - 1]!;
    const decades = Math.log10(last.hours / first.hours);
    const figures: Array<[string, (r: CacheBenchResult) => number | undefined, number]> = [
      ['quotebot cold start to first answer (s)', (r) => r.coldAnswerMs / 1000, 2],
      ['quotebot restart to first answer (s)', (r) => r.warmAnswerMs / 1000, 2],
      ['quotebot peak RSS, cold (MB)', (r) => r.coldPeakMb, 0],
      ['quotebot peak RSS, restart (MB)', (r) => r.warmPeakMb, 0],
      ['the bot\'s peak RSS answering, restart (MB)', (r) => r.botPeakMb, 0],
      ['quotebot cache file (MB)', (r) => r.cacheMb, 0],
      ['quotebot p99 (ms)', (r) => byHours('quotebot', sizes.find((h) => restartOf(h) === r)!)?.p99Ms, 2],
      ['MiniSearch build (s)', (r) => (byHours('minisearch', sizes.find((h) => restartOf(h) === r)!)?.buildWallMs ?? NaN) / 1000, 2],
      ['MiniSearch peak RSS (MB)', (r) => byHours('minisearch', sizes.find((h) => restartOf(h) === r)!)?.peakRssMb, 0],
      ['MiniSearch p99 (ms)', (r) => byHours('minisearch', sizes.find((h) => restartOf(h) === r)!)?.p99Ms, 1],
    ];
    lines.push('');
    lines.push(`How each figure grows with the corpus (growth per 10x the hours: the corpus grows 10x; below 10x is sub-linear):`);
    lines.push('');
    lines.push(`| Figure | ${restarts.map((r) => `${f(r.hours, 0)} h`).join(' | ')} | Growth per 10x |`);
    lines.push(`|---|${restarts.map(() => '--:').join('|')}|--:|`);
    for (const [name, get, d] of figures) {
      const a = get(first);
      const b = get(last);
      const growth = a !== undefined && b !== undefined && a > 0 && Number.isFinite(b) ? `${(b / a) ** (1 / decades) >= 10 ? '**' : ''}${((b / a) ** (1 / decades)).toFixed(1)}x${(b / a) ** (1 / decades) >= 10 ? '**' : ''}` : '-';
      lines.push(`| ${name} | ${restarts.map((r) => f(get(r), d)).join(' | ')} | ${growth} |`);
    }
  }
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
