/**
 * Evaluation runner for search experiments: the same JSON-lines contract as `quotebot search --json`
 * (it reuses the CLI's line handler), plus knobs to measure one ranking change at a time.
 *
 * usage: node --import tsx scripts/search-jsonl.ts [--top K] [--transcripts DIR]
 *          [--rank '{"block":0}'] [--passages '{"targetWords":30}'] [--snippet '{"maxWords":50}'] [--timing]
 *
 * `--timing` prints build time and per-query latency (median, p99) to stderr at the end.
 */
import { loadCorpus } from '../src/corpus/load.ts';
import { answerLine } from '../src/cli/search-json.ts';
import { buildIndex } from '../src/search/index.ts';
import { createInterface } from 'node:readline';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const json = (name: string): Record<string, number> | undefined => {
  const v = opt(name) ?? process.env[`QUOTEBOT_${name.slice(2).toUpperCase()}`];
  return v ? (JSON.parse(v) as Record<string, number>) : undefined;
};
const top = Number(opt('--top') ?? 5);
const dir = opt('--transcripts') ?? 'transcripts';
const corpus = await loadCorpus(dir);
const t0 = performance.now();
const index = buildIndex(corpus, { rank: json('--rank'), passages: json('--passages'), snippet: json('--snippet') });
const buildMs = performance.now() - t0;
const times: number[] = [];
for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const line = raw.trim();
  if (!line) continue;
  const s = performance.now();
  const out = answerLine(index, line, top);
  times.push(performance.now() - s);
  if (process.env.QUOTEBOT_SLOW && times[times.length - 1]! > Number(process.env.QUOTEBOT_SLOW)) process.stderr.write(`slow ${times[times.length - 1]!.toFixed(1)} ms: ${line}\n`);
  process.stdout.write(`${out}\n`);
}
if (argv.includes('--timing')) {
  times.sort((a, b) => a - b);
  const q = (f: number): string => (times[Math.min(times.length - 1, Math.floor(f * times.length))] ?? 0).toFixed(2);
  const total = times.reduce((s, x) => s + x, 0);
  process.stderr.write(`build ${buildMs.toFixed(0)} ms; ${times.length} queries: median ${q(0.5)} ms, p99 ${q(0.99)} ms, total ${total.toFixed(0)} ms\n`);
}
