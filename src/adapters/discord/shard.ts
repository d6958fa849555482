/**
 * Scale-out: `npx quotebot shard` runs the Discord bot under discord.js's `ShardingManager`, one child
 * process per shard (Discord requires sharding past 2,500 guilds). Each child runs `shard-entry.ts` through
 * tsx (`execArgv: ['--import', 'tsx']`), loads the corpus, and logs in as shard `[i, total]`.
 *
 * The shard count is `DISCORD_SHARDS` (a number, or `auto`: Discord's recommendation from
 * `GET /gateway/bot`, asked at `DISCORD_API_BASE` when set rather than discord.js's hard-coded discord.com).
 *
 * @example
 * const manager = await startSharded(config, { totalShards: 2 });
 * const rss = await manager.broadcastEval(() => process.memoryUsage().rss); // one number per shard
 */
import { fileURLToPath } from 'node:url';
import { Routes, ShardingManager } from 'discord.js';
import type { Config } from '../../config.ts';
import { describeRestError, restFor } from './deploy.ts';

/** Options of {@link startSharded}. */
export interface ShardOptions {
  /** Number of shards, or `auto` (Discord's recommendation). Default: `DISCORD_SHARDS`, else `auto`. */
  totalShards?: number | 'auto';
  /** Milliseconds between two shard spawns (Discord allows one IDENTIFY per 5 s per bucket). Default 5,500. */
  spawnDelayMs?: number;
  /** Milliseconds a shard may take to become ready. Default 60,000. */
  spawnTimeoutMs?: number;
  /** Restart a shard process that exits. Default true. */
  respawn?: boolean;
  /** Where lifecycle lines go. Default: stderr. */
  print?: (line: string) => void;
}

/** The child process entry each shard runs. */
export const SHARD_ENTRY = fileURLToPath(new URL('./shard-entry.ts', import.meta.url));

/** `DISCORD_SHARDS` as a shard count, `auto`, or undefined when unset; throws one line when invalid. */
export function shardsFromEnv(env: Record<string, string | undefined> = process.env): number | 'auto' | undefined {
  const raw = env.DISCORD_SHARDS?.trim();
  if (!raw) return undefined;
  if (raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`DISCORD_SHARDS="${raw}" must be a whole number of shards or "auto".`);
  return n;
}

/** Discord's recommended shard count for this bot. */
export async function recommendedShards(config: Config): Promise<number> {
  try {
    const info = (await restFor(config, { timeout: 15_000 }).get(Routes.gatewayBot())) as { shards: number };
    return Math.max(1, info.shards);
  } catch (error) {
    throw new Error(`Could not ask Discord for the shard count (${describeRestError(error)}); check DISCORD_TOKEN or set DISCORD_SHARDS.`);
  }
}

/** Spawns every shard and resolves once all are ready; the manager keeps them running (and respawns them). */
export async function startSharded(config: Config, options: ShardOptions = {}): Promise<ShardingManager> {
  const discord = config.discord;
  if (!discord) throw new Error('DISCORD_TOKEN is not set.');
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  let total = options.totalShards ?? shardsFromEnv() ?? 'auto';
  if (total === 'auto') total = await recommendedShards(config);
  const manager = new ShardingManager(SHARD_ENTRY, {
    token: discord.token,
    totalShards: total,
    mode: 'process',
    respawn: options.respawn ?? true,
    execArgv: ['--import', 'tsx'],
    // The folder may come from --transcripts rather than the environment the shards inherit.
    shardArgs: ['--transcripts', config.transcriptsDir],
  });
  manager.on('shardCreate', (shard) => {
    print(`quotebot: shard ${shard.id + 1}/${total} starting (pid ${shard.process?.pid ?? '?'})`);
    shard.on('death', () => print(`quotebot: shard ${shard.id + 1}/${total} exited${options.respawn === false ? '' : '; restarting it'}`));
  });
  await manager.spawn({ amount: total, delay: options.spawnDelayMs ?? 5500, timeout: options.spawnTimeoutMs ?? 60_000 });
  print(`quotebot: ${total} shard${total === 1 ? '' : 's'} ready`);
  return manager;
}
