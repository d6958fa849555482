/**
 * What verify's word tables and the corpus lexicon hold, in bytes, in the bot as users run it: after
 * `prepareService` (restore or build, the start-up warm-up) and after the bot's chat lines
 * (`BOT_LINES`, bot-lines.ts). Sums `byteLength` per structure (typed arrays only: Maps and strings are
 * on the V8 heap and counted as entries), next to `process.memoryUsage()`. Prints one JSON line.
 *
 * node --expose-gc dist/scripts/bench/verify-memory.js DIR CACHE_DIR   (after npm run build)
 */
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { prepareService } from '../../src/app/startup.ts';
import { answerAskLine } from '../../src/cli/ask-json.ts';
import type { Transcript } from '../../src/corpus/types.ts';
import { builtWords, wordCount } from '../../src/search/verify/words.ts';
import { corpusPostingsBytes } from '../../src/search/verify/anchors.ts';
import { lexiconOf } from '../../src/search/text/lexicon.ts';
import { BOT_LINES } from './bot-lines.ts';

const [dir, cacheDir] = process.argv.slice(2);
const mb = (n: number) => Math.round((n / 1048576) * 100) / 100;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

type Arrays = Record<string, { byteLength: number } | undefined>;

/** Bytes per field of verify's word tables (the part every table keeps, and the recently used details). */
function tableBytes(transcripts: readonly Transcript[]): Record<string, number> {
  const out: Record<string, number> = { tables: 0, tokens: 0, distinct: 0, details: 0, detailTokens: 0, wideEntries: 0 };
  const add = (key: string, n: number) => (out[key] = (out[key] ?? 0) + n);
  for (const t of transcripts) {
    const words = builtWords(t);
    if (!words) continue;
    add('tables', 1);
    add('tokens', words.length);
    add('distinct', words.distinct);
    const core = (words as unknown as { core: Record<string, unknown> & { detail?: Arrays } }).core;
    for (const [key, value] of Object.entries(core)) {
      if (ArrayBuffer.isView(value)) add(`core.${key}MB`, value.byteLength);
      else if (value instanceof Map) add('wideEntries', value.size);
    }
    if (core.detail) {
      add('details', 1);
      add('detailTokens', words.length);
      for (const key of ['words', 'from', 'at', 'sorted']) add(`detail.${key}MB`, core.detail[key]?.byteLength ?? 0);
    }
  }
  for (const key of Object.keys(out)) if (key.endsWith('MB')) out[key] = mb(out[key]!);
  return out;
}

function report(transcripts: readonly Transcript[]): Record<string, unknown> {
  gc();
  const m = process.memoryUsage();
  const lex = lexiconOf(transcripts) as unknown as { kinds: Arrays; counts: Map<string, number> };
  const kinds = lex.kinds as unknown as Arrays;
  const postings = corpusPostingsBytes(transcripts);
  return {
    rss: mb(m.rss),
    heap: mb(m.heapUsed),
    arrayBuffers: mb(m.arrayBuffers),
    words: wordCount(),
    tables: tableBytes(transcripts),
    postingsMB: postings === undefined ? 'not built' : mb(postings),
    lexicon: { counts: lex.counts.size, kindsMB: mb((kinds.kinds?.byteLength ?? 0) + (kinds.initials?.byteLength ?? 0)) },
  };
}

const config = loadConfig({ ...process.env, TRANSCRIPTS_DIR: dir!, QUOTEBOT_CACHE_DIR: cacheDir!, QUOTEBOT_DB: 'off', LOG_LEVEL: 'warn' });
const logger = createLogger(config, { mode: 'console' });
const { bot, closeDatabase } = await prepareService(config, logger);
const transcripts = bot.index.corpus.transcripts;
const afterStart = report(transcripts);
const lines: Array<{ line: string; rss: number; heap: number; arrayBuffers: number }> = [];
for (const [i, text] of BOT_LINES.entries()) {
  await answerAskLine(bot, JSON.stringify({ id: i, text }));
  const m = process.memoryUsage();
  lines.push({ line: text.slice(0, 30), rss: mb(m.rss), heap: mb(m.heapUsed), arrayBuffers: mb(m.arrayBuffers) });
}
const afterLines = report(transcripts);
await closeDatabase();
process.stdout.write(`${JSON.stringify({ afterStart, lines, afterLines, peakRssMb: mb(process.resourceUsage().maxRSS * 1024) }, null, 1)}\n`);
