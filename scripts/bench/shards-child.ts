/**
 * The `quotebot shard` manager for `scripts/bench/shards.ts`, in its own process so its RSS is the
 * manager's alone (not the benchmark's). Configured by the environment (TRANSCRIPTS_DIR, DISCORD_TOKEN,
 * DISCORD_API_BASE, QUOTEBOT_CACHE_DIR, ...) and argv: SHARDS INDEX_MODE (`manager` | `shard`).
 * Over IPC: sends `{ ready, ms }` once every shard is ready; answers `measure` with
 * `{ manager, shards }` (RSS in bytes; shards read with `broadcastEval`); `stop` stops and exits.
 */
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startSharded, type ShardIndexMode } from '../../src/app/shard.ts';
import type { Logger } from '../../src/logger.ts';

const [shards, mode] = process.argv.slice(2);
const t0 = performance.now();
const sharded = await startSharded(loadConfig(process.env), {
  totalShards: Number(shards),
  index: mode as ShardIndexMode,
  spawnDelayMs: 200,
  respawn: false,
  print: () => {},
  logger: pino({ level: 'warn' }, pino.destination(2)) as unknown as Logger, // stdout is the benchmark's table
});
process.send!({ ready: true, ms: performance.now() - t0 });
process.on('message', async (message: string) => {
  if (message === 'measure') {
    const rss = (await sharded.manager.broadcastEval(() => process.memoryUsage().rss)) as number[];
    process.send!({ manager: process.memoryUsage().rss, shards: rss });
  } else if (message === 'stop') {
    await sharded.stop();
    process.exit(0);
  }
});
