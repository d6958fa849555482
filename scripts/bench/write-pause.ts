/**
 * How long a cold start's background cache write freezes the event loop (a bot answering meanwhile waits that
 * long), in one fresh process over a checkout's code (`--root`, so a before and an after can be compared):
 * builds the index of DIR as the bot does (`writeLater`), then measures the event loop's delay
 * (`perf_hooks.monitorEventLoopDelay`, 1 ms resolution, and the longest gap between 1 ms timers) while
 * (a) `saveCache()` runs (pruning bounds and multi-word terms in steps, then the write) and (b) a second `writeCache` of the
 * same index runs alone (the snapshot's encoding and write only). Prints one JSON line (`gaps`: how many
 * gaps between timers were at least 10, 20, 40, 100 ms).
 *
 * node --import tsx scripts/bench/write-pause.ts --dir DIR [--root CHECKOUT]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { dir: { type: 'string' }, root: { type: 'string', default: '.' } } });
const root = resolve(values.root!);
const { openIndexCached, writeCache } = (await import(`${root}/src/search/persist/cache.ts`)) as typeof import('../../src/search/persist/cache.ts');
const cacheDir = mkdtempSync(join(tmpdir(), 'write-pause-'));

/** Runs `work` while watching the event loop: its wall time, the longest delay and the longest gap between 1 ms timers. */
async function watched(work: () => Promise<unknown>): Promise<{ ms: number; maxDelayMs: number; p99DelayMs: number; maxGapMs: number; gaps: Record<string, number> }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let maxGap = 0;
  const gaps: number[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    if (now - last >= 10) gaps.push(now - last);
    last = now;
  }, 1);
  h.enable();
  // A few turns first, so both watches are running when the work starts.
  await new Promise((done) => setTimeout(done, 20));
  last = performance.now();
  maxGap = 0;
  gaps.length = 0;
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  h.disable();
  clearInterval(timer);
  maxGap = Math.max(maxGap, performance.now() - last);
  const r = (n: number) => Math.round(n * 10) / 10;
  const over = (n: number) => gaps.filter((g) => g >= n).length;
  return { ms: r(ms), maxDelayMs: r(h.max / 1e6), p99DelayMs: r(h.percentile(99) / 1e6), maxGapMs: r(maxGap), gaps: { over10: over(10), over20: over(20), over40: over(40), over100: over(100) } };
}

try {
  const warnings: string[] = [];
  const opened = await openIndexCached(values.dir!, { cacheDir, writeLater: true, onWarning: (m) => warnings.push(m) });
  if (opened.source !== 'built' || !opened.saveCache) throw new Error(`expected a fresh build, got ${opened.source}`);
  const save = await watched(() => opened.saveCache!());
  const again = join(cacheDir, 'again.bin');
  const write = await watched(() => writeCache(again, opened.index, 'bench', (m) => warnings.push(m)));
  const mb = Math.round(statSync(again).size / 1048576);
  console.log(JSON.stringify({ root, saveCache: save, writeOnly: write, fileMb: mb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), warnings }));
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
