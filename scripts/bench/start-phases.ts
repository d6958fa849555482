/**
 * Where a start's time and memory go, in one fresh process: loads a transcripts folder as the bot does, in
 * phases (parse; build; cache write; or: cache read + restore), with wall time and `process.memoryUsage()`
 * after each (after a forced GC), then the bytes of each typed array of the index data, one query, and the
 * peak RSS. Runs the code of any checkout (`--root`), so a before-build and an after-build can be compared
 * in one sitting.
 *
 * node --expose-gc --import tsx scripts/bench/start-phases.ts --dir DIR --cache CACHE_DIR [--root CHECKOUT] [--query TEXT]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    cache: { type: 'string' },
    root: { type: 'string', default: '.' },
    query: { type: 'string', default: 'eigenvectors of a linear transformation' },
  },
});
const root = resolve(values.root!);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (n: number) => Math.round(n / 1048576);
const phases: Array<Record<string, number | string>> = [];
let last = performance.now();
function phase(name: string): void {
  const ms = performance.now() - last;
  gc();
  const m = process.memoryUsage();
  phases.push({ phase: name, ms: Math.round(ms), rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) });
  last = performance.now();
}

const { openIndexCached } = (await import(`${root}/src/search/persist/cache.ts`)) as typeof import('../../src/search/persist/cache.ts');
const { indexDataOf } = (await import(`${root}/src/search/index.ts`)) as typeof import('../../src/search/index.ts');
phase('modules');
const warnings: string[] = [];
const opened = await openIndexCached(values.dir!, { cacheDir: values.cache!, onWarning: (w) => warnings.push(w) });
phase(opened.source === 'cache' ? 'restore' : 'load+build+write');
const t = performance.now();
const hits = opened.index.search(values.query!, { limit: 5 }).hits.length;
const firstQueryMs = performance.now() - t;
phase('first query');
const sizes: Record<string, number> = {};
const data = indexDataOf(opened.index)?.data as unknown as Record<string, unknown> | undefined;
const walk = (v: unknown, path: string, depth: number): void => {
  if (ArrayBuffer.isView(v)) sizes[path] = (sizes[path] ?? 0) + v.byteLength;
  else if (v && typeof v === 'object' && depth < 3 && !Array.isArray(v) && !(v instanceof Map)) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
};
for (const [k, v] of Object.entries(data ?? {})) walk(v, k, 0);
const arrays = Object.entries(sizes).filter(([, b]) => b > 1 << 20).sort((a, b) => b[1] - a[1]).map(([k, b]) => `${k} ${mb(b)}`);
console.log(JSON.stringify({ source: opened.source, ms: opened.ms, phases, firstQueryMs: Math.round(firstQueryMs), hits, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), arraysMb: arrays, warnings }, null, 1));
