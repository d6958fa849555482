/**
 * The bot as users run it, in a fresh process: `prepareService` (restore or build the index, the start-up
 * warm-up), then chat lines answered through the core (`quote`, a question, `verify`, `timeline`), as
 * `quotebot ask --json` does. Prints one JSON line: per phase the time and `process.memoryUsage()` (MB),
 * each line's latency and answer kind, a fingerprint of the answers (to compare two trees) and the peak RSS
 * (`maxRSS`) after the start and through answering. `code` is the source hash in the cache key: equal to
 * the one a cache was written with, the start was a restore from it.
 *
 * node --expose-gc --enable-source-maps dist/scripts/bench/bot-child.js DIR CACHE_DIR [LINES_JSON]   (compiled, as users run quotebot: after npm run build)
 * node --expose-gc --import tsx scripts/bench/bot-child.ts DIR CACHE_DIR [LINES_JSON]   (the sources through tsx)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { prepareService } from '../../src/app/startup.ts';
import { answerAskLine } from '../../src/cli/ask-json.ts';
import { sourceHash } from '../../src/search/persist/cache.ts';
import { BOT_LINES } from './bot-lines.ts';

const [dir, cacheDir, linesFile] = process.argv.slice(2);
const lines: string[] = linesFile ? (JSON.parse(readFileSync(linesFile, 'utf8')) as string[]) : BOT_LINES;
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
const memory = () => {
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heap: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), peak: mb(process.resourceUsage().maxRSS * 1024) };
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const config = loadConfig({ ...process.env, TRANSCRIPTS_DIR: dir!, QUOTEBOT_CACHE_DIR: cacheDir!, QUOTEBOT_DB: process.env.QUOTEBOT_DB ?? 'off', LOG_LEVEL: 'warn' });
const logger = createLogger(config, { mode: 'console' });
const t0 = performance.now();
const { bot, closeDatabase } = await prepareService(config, logger);
const startMs = performance.now() - t0;
const afterStart = memory();
gc();
const afterStartGc = memory();
const hash = createHash('sha256');
const answers: Array<{ line: string; ms: number; kind: string }> = [];
for (const [i, text] of lines.entries()) {
  const t = performance.now();
  const out = await answerAskLine(bot, JSON.stringify({ id: i, text }));
  const ms = performance.now() - t;
  const answer = (JSON.parse(out) as { answer?: { kind?: string } }).answer;
  hash.update(`${out}\n`);
  answers.push({ line: text.slice(0, 40), ms: Math.round(ms * 10) / 10, kind: answer?.kind ?? 'error' });
}
const afterAnswers = memory();
await closeDatabase();
process.stdout.write(
  `${JSON.stringify({ code: sourceHash(), startMs: Math.round(startMs), sinceProcessStartMs: Math.round(performance.now()), afterStart, afterStartGc, afterAnswers, peakRssMb: afterAnswers.peak, answers, fingerprint: hash.digest('hex').slice(0, 16) })}\n`,
);
