/**
 * Memory of the Discord bot under ShardingManager: every shard is its own process with its own index.
 * Starts N shard processes (the real `startSharded`, the real shard entry) against the local Discord
 * stand-in from the tests, over a transcripts folder of about H hours written to disk (index cache warmed
 * first, as in production after the first start), and reads each shard's RSS with `broadcastEval`.
 *
 * Usage: node --import tsx scripts/bench/shards.ts [--hours 100,1000] [--shards 2] [--corpus ../shared/corpus/3b1b]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { startSharded } from '../../src/adapters/discord/shard.ts';
import { DiscordStandIn } from '../../test/adapters/discord/stand-in.ts';
import { corpusHours } from './replicate.ts';
import { makeQueries } from './queries.ts';
import { materialise } from './restart.ts';

const { values } = parseArgs({
  options: { hours: { type: 'string', default: '100,1000' }, shards: { type: 'string', default: '2' }, corpus: { type: 'string', default: '../shared/corpus/3b1b' } },
});
const baseDir = resolve(values.corpus!);
const shards = Number(values.shards);
const base = await loadCorpus(baseDir);
const work = mkdtempSync(join(tmpdir(), 'quotebot-shards-'));
const queriesFile = join(work, 'queries.json');
writeFileSync(queriesFile, JSON.stringify(makeQueries(base)));
const rows: string[] = [];
try {
  for (const hours of values.hours!.split(',').map(Number)) {
    const copies = Math.max(1, Math.round(hours / corpusHours(base)));
    const dir = join(work, `corpus-${hours}h`);
    const cacheDir = join(work, 'cache');
    materialise(baseDir, dir, copies);
    // Warm the cache the way a first start does.
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/restart-child.ts', dir, cacheDir, queriesFile], { stdio: ['ignore', 'ignore', 'inherit'] });

    const discord = await DiscordStandIn.start({ guilds: 4 * shards });
    const saved = { ...process.env };
    Object.assign(process.env, { DISCORD_API_BASE: discord.apiBase, LOG_LEVEL: 'warn', TRANSCRIPTS_DIR: dir, QUOTEBOT_CACHE_DIR: cacheDir });
    delete process.env.SLACK_BOT_TOKEN;
    const config = loadConfig({ TRANSCRIPTS_DIR: dir, DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, QUOTEBOT_CACHE_DIR: cacheDir });
    const t0 = Date.now();
    const manager = await startSharded(config, { totalShards: shards, spawnDelayMs: 200, respawn: false, print: () => {} });
    await discord.waitForSessions(shards);
    const ready = (Date.now() - t0) / 1000;
    const rss = (await manager.broadcastEval(() => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().rss;
    })) as number[];
    const mb = rss.map((b) => b / 1048576);
    const line = `| ${(corpusHours(base) * copies).toFixed(0)} h | ${shards} | ${mb.map((x) => x.toFixed(0)).join(', ')} | ${mb.reduce((a, b) => a + b, 0).toFixed(0)} | ${(process.memoryUsage().rss / 1048576).toFixed(0)} | ${ready.toFixed(1)} |`;
    rows.push(line);
    console.error(line);
    for (const shard of manager.shards.values()) shard.kill();
    await discord.stop();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log('| Corpus | Shards | RSS per shard (MB) | Shards total (MB) | Manager RSS (MB) | All shards ready (s) |');
console.log('|---|--:|---|--:|--:|--:|');
for (const r of rows) console.log(r);
process.exit(0);
