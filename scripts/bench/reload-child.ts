/**
 * Hot reloads measured in a fresh process, through the real path of the checkout at ROOT: opens the
 * index of DIR as the bot does (`openIndexCached`, CACHE_DIR), starts the reloader (watcher, catch-up
 * reload), then adds one caption file (NEW_FILE, written by this script) and waits for the watcher's
 * reload to swap it in, then a second one (NEW_FILE with `-2`): that reload restores over an index the
 * first one restored. A 5 ms timer probe records every event-loop pause meanwhile; prints one JSON line
 * per process: for each reload, the longest pause at its start (first 30 %), during it and at its finish
 * (last 30 % and the 300 ms after the swap), and its own timing; then the first query on the new index
 * and the same query again, and the first verify (run after the probe stops, so a request's own time is
 * not counted as a pause of the reload).
 * With RELOAD_BENCH_TRACE_GC=1 the parent runs it with --trace-gc and prints the trace.
 *
 * node --import tsx scripts/bench/reload-child.ts ROOT DIR CACHE_DIR NEW_FILE_SOURCE NEW_FILE
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { copyFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [root, dir, cacheDir, source, target] = process.argv.slice(2) as [string, string, string, string, string];
type Mod = Record<string, any>;
const load = (path: string): Promise<Mod> => import(pathToFileURL(join(root, path)).href) as Promise<Mod>;
const { openIndexCached } = await load('src/search/persist/cache.ts');
const { createReloader } = await load('src/reload/index.ts');
const { warmSearch } = await load('src/search/persist/warm.ts');

rmSync(target, { force: true });
rmSync(`${target.replace(/\.srt$/, '')}-2.srt`, { force: true });
const loadedAt = Date.now();
const t0 = performance.now();
const opened = await openIndexCached(dir, { cacheDir });
const openMs = performance.now() - t0;
// As the bot does before it connects (prepareService): the search's lazy word lists are loaded once per process.
warmSearch(opened.index);
const holder = { index: opened.index, swapAt: 0, setIndex(index: unknown) { this.index = index; this.swapAt = performance.now(); } };
const summaries: Mod[] = [];
let onSummary: ((s: Mod) => void) | undefined;
const silent = { info() {}, warn() {}, error() {}, debug() {} };
const reloader = createReloader({
  dir, bot: holder, logger: silent, loadedState: opened.files, loadedAt, debounceMs: 200, writeFinishMs: 200, rescanMs: 0,
  onReload: (s: Mod) => { summaries.push(s); onSummary?.(s); },
});
const nextSummary = (): Promise<Mod> => new Promise((resolve) => { onSummary = (s) => { onSummary = undefined; resolve(s); }; });

/** Event-loop pauses: [at, ms] for every probe gap over 20 ms. */
const pauses: Array<[number, number]> = [];
const STEP = 5;
let last = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  const lag = now - last - STEP;
  if (lag > 20) pauses.push([last, lag]);
  last = now;
}, STEP);
const histogram = monitorEventLoopDelay({ resolution: 10 });
/** V8's garbage-collection pauses on this thread: [start, ms]. */
const gcs: Array<[number, number]> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.duration]);
}).observe({ entryTypes: ['gc'] });

const catchUp = nextSummary();
await reloader.start();
const first = await catchUp;
await new Promise((r) => setTimeout(r, 1000));

/** One measured reload: copies `source` to `file`, waits for the swap and 300 ms after it; the pauses meanwhile. */
async function measure(file: string): Promise<Mod> {
  pauses.length = 0;
  gcs.length = 0;
  const reloaded = nextSummary();
  const written = performance.now();
  copyFileSync(source, file);
  const summary = await reloaded;
  const done = performance.now();
  await new Promise((r) => setTimeout(r, 300));
  // The reload ran from (done - summary.ms) to done; the watcher's debounce before it is idle time.
  const start = done - summary.ms;
  const max = (from: number, to: number): number => Math.round(Math.max(0, ...pauses.filter(([at]) => at >= from && at < to).map(([, ms]) => ms)));
  // Phases by where a pause begins: the first 30 % of the reload (and the debounce before it), its last
  // 30 % (and the 300 ms after the swap), the rest in between.
  const startEnd = start + summary.ms * 0.3;
  const finishFrom = done - summary.ms * 0.3;
  const after = gcs.filter(([at]) => at >= written);
  return {
    reload: { outcome: summary.outcome, added: summary.added.length, read: summary.read, ms: summary.ms, waitedMs: Math.round(done - written) },
    pauseMs: { start: max(written, startEnd), during: max(startEnd, finishFrom), finish: max(finishFrom, Infinity), all: max(written, Infinity) },
    pauses: pauses.filter(([at]) => at >= written).map(([at, ms]) => [Math.round(at - start), Math.round(ms)]),
    gcMs: { longest: Math.round(Math.max(0, ...after.map(([, ms]) => ms))), total: Math.round(after.reduce((n, [, ms]) => n + ms, 0)) },
  };
}

histogram.enable();
const one = await measure(target);
// The second reload restores over an index the first one restored (lazily decoded texts, no verify warm-up).
const two = await measure(`${target.replace(/\.srt$/, '')}-2.srt`);
histogram.disable();
clearInterval(probe);
// The first query on the new index, then the same query again: the difference is what the swap left cold.
const query = (): number => {
  const t = performance.now();
  (holder.index as Mod).search('linear transformations and determinants', { limit: 5 });
  return performance.now() - t;
};
const firstQueryMs = query();
const againQueryMs = query();
// verify's corpus word index is built on first use, for each new index (the reload warms only the search).
const v0 = performance.now();
(holder.index as Mod).verify('linear transformations keep grid lines parallel and evenly spaced');
const firstVerifyMs = performance.now() - v0;
await reloader.stop();
rmSync(target, { force: true });
rmSync(`${target.replace(/\.srt$/, '')}-2.srt`, { force: true });

process.stdout.write(`${JSON.stringify({
  source: opened.source, openMs: Math.round(openMs), videos: (opened.index as Mod).corpus.transcripts.length,
  catchUp: { outcome: first.outcome, read: first.read, ms: first.ms },
  ...one, second: two,
  loopDelayMaxMs: Math.round(histogram.max / 1e6),
  firstQueryMs: Math.round(firstQueryMs), againQueryMs: Math.round(againQueryMs), firstVerifyMs: Math.round(firstVerifyMs),
  heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
  rssMb: Math.round(process.memoryUsage().rss / 1048576),
})}\n`);
process.exit(0);
