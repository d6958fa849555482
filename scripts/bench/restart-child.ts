/**
 * One bot start over a transcripts folder, in a fresh process, as the bot and `quotebot search` do it:
 * `openIndexCached` with `writeLater`, so a cold start answers before it builds the pruning bounds and
 * writes the index cache; the child then writes the cache (`saveCache`) as they do after their first
 * answers, and reports when that was done too (`cachedMs`, process start to cache written).
 * Prints one JSON line: where the index came from, the phase timings, RSS (after a GC once ready, and the
 * peak of the whole run, answering and the cache write included), the first query's latency and
 * a fingerprint of the top results of fixed queries (to check a cache hit answers exactly like a build).
 *
 * The first query runs without a warm-up (`quotebot search --json` does not warm); with WARMUP `warmup`, it
 * then warms the search's lazy resources as the bot's `prepareService` does ({@link warmSearch}) and reports
 * how long that took and the peak RSS after it (verify's corpus word index included).
 *
 * node --expose-gc --enable-source-maps dist/scripts/bench/restart-child.js DIR CACHE_DIR QUERIES_JSON [CODE_HASH] [WARMUP]   (compiled, as users run quotebot: after npm run build)
 * node --expose-gc --import tsx scripts/bench/restart-child.ts DIR CACHE_DIR QUERIES_JSON [CODE_HASH] [WARMUP]   (the sources through tsx)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openIndexCached } from '../../src/search/persist/cache.ts';
import { warmSearch } from '../../src/search/persist/warm.ts';
import type { BenchQuery } from './queries.ts';

const [dir, cacheDir, queriesFile, codeHash, warmup] = process.argv.slice(2);
const warnings: string[] = [];
const t0 = performance.now();
const opened = await openIndexCached(dir!, { cacheDir: cacheDir!, codeHash, writeLater: true, onWarning: (m) => warnings.push(m) });
const readyMs = performance.now() - t0;
const queries = (JSON.parse(readFileSync(queriesFile!, 'utf8')) as BenchQuery[]).slice(0, 40);
const t1 = performance.now();
opened.index.search(queries[0]!.text, { limit: 5 });
const firstQueryMs = performance.now() - t1;
// Process start (V8's time origin) to the first answer: module loading included, as a user waits for it.
const firstAnswerMs = performance.now();
const hash = createHash('sha256');
for (const q of queries) {
  for (const h of opened.index.search(q.text, { limit: 5 }).hits) hash.update(`${h.video.id}|${h.start}|${h.end}|${h.text}|${h.score}\n`);
}
// A cold start writes the cache after answering (a restart has nothing to write); its pruning bounds are
// built in that step too, so the fingerprint above is of unpruned answers: the same, as the pruning is exact.
if (opened.saveCache && !(await opened.saveCache())) throw new Error(`index cache not written: ${warnings.join('; ')}`);
const cachedMs = performance.now();
const peakRssMb = process.resourceUsage().maxRSS / 1024;
(globalThis as { gc?: () => void }).gc?.();
const rssMb = process.memoryUsage().rss / 1048576;
const warmupMs = warmup === 'warmup' ? warmSearch(opened.index) : undefined;
const peakAfterWarmupMb = warmup === 'warmup' ? process.resourceUsage().maxRSS / 1024 : undefined;
process.stdout.write(
  `${JSON.stringify({ source: opened.source, readyMs, firstAnswerMs, cachedMs, ms: opened.ms, rssMb, peakRssMb, peakAfterWarmupMb, warmupMs, firstQueryMs, fingerprint: hash.digest('hex'), warnings, videos: opened.index.corpus.transcripts.length })}\n`,
);
