/**
 * Peak RSS per phase of a cold start, as `quotebot search` and the bot start (`writeLater`): modules, key +
 * parse + tokenize (+ merge), build, first answer, `saveCache` (pruning bounds, multi-word terms, cache write).
 * A worker thread samples `process.memoryUsage.rss()` (the whole process) every 10 ms, so phases that hold
 * the main thread (the build) are sampled too. Runs any checkout's code (`--root`). Prints one JSON line.
 *
 * node --max-old-space-size=20000 --import tsx scripts/bench/cold-rss.ts --dir DIR [--root CHECKOUT]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values } = parseArgs({ options: { dir: { type: 'string' }, root: { type: 'string', default: '.' } } });
const root = resolve(values.root!);
const NAMES = ['modules', 'key + parse + tokenize', 'build', 'first answer', 'saveCache', 'end'];
const END = NAMES.length - 1;
const shared = new Int32Array(new SharedArrayBuffer(4));
const sampler = new Worker(
  `const { workerData: s, parentPort } = require('node:worker_threads');
  const peaks = {};
  const tick = () => {
    const p = Atomics.load(s, 0);
    peaks[p] = Math.max(peaks[p] || 0, Math.round(process.memoryUsage.rss() / 1048576));
    if (p === ${END}) parentPort.postMessage(peaks);
    else setTimeout(tick, 10);
  };
  tick();`,
  { eval: true, workerData: shared },
);
const peaks = new Promise<Record<number, number>>((done) => sampler.once('message', done));
const phase = (p: number) => Atomics.store(shared, 0, p);

phase(0);
const { openIndexCached } = (await import(`${root}/src/search/persist/cache.ts`)) as typeof import('../../src/search/persist/cache.ts');
const cacheDir = mkdtempSync(join(tmpdir(), 'cold-rss-'));
try {
  phase(1);
  // The build's first progress call marks its start (the merge of the token batches counts as loading).
  const opened = await openIndexCached(values.dir!, { cacheDir, writeLater: true, build: { onProgress: (done) => done === 1 && phase(2) } });
  phase(3);
  opened.index.search('eigenvectors of a linear transformation', { limit: 5 });
  phase(4);
  await opened.saveCache?.();
  phase(END);
  const byPhase = Object.fromEntries(Object.entries(await peaks).map(([k, mb]) => [NAMES[Number(k)]!, mb]));
  console.log(JSON.stringify({ root, ms: opened.ms, peakMbByPhase: byPhase, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  await sampler.terminate();
  rmSync(cacheDir, { recursive: true, force: true });
}
