/**
 * Scale-out: `npx quotebot shard` runs the Discord bot under discord.js's `ShardingManager`, one child
 * process per shard (Discord requires sharding past 2,500 guilds). Each child runs `shard-entry.ts` (through
 * tsx: `execArgv: ['--import', 'tsx']`; compiled, `shard-entry.js` with plain node) and logs in as shard `[i, total]`.
 *
 * Where the index lives is `DISCORD_SHARD_INDEX` (or {@link ShardOptions.index}):
 * - `manager` (default): the manager process opens the index once (through the index cache) and owns the
 *   one `QuoteBot`, with its cooldown table, paging memory and hot reload; the shards hold no index and
 *   send every request to it over their IPC channel (`src/core/remote.ts`). Memory stays about one index
 *   plus one discord.js client per shard, instead of one index per shard (docs/benchmarks.md).
 * - `shard`: every shard loads its own index and runs its own bot (the pre-0.x behaviour): no IPC hop, and a
 *   shard keeps answering should the manager stall, at the price of the index's memory in every process.
 *
 * The shard count is `DISCORD_SHARDS` (a number, or `auto`: Discord's recommendation from
 * `GET /gateway/bot`, asked at `DISCORD_API_BASE` when set rather than discord.js's hard-coded discord.com).
 *
 * @example
 * const sharded = await startSharded(config, { totalShards: 2 });
 * const rss = await sharded.manager.broadcastEval(() => process.memoryUsage().rss); // one number per shard
 * await sharded.stop();
 */
import { fileURLToPath } from 'node:url';
import { Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config, ShardIndexMode } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { logProcessWarnings } from './process-warnings.ts';
import { serveBot, type Channel, type ServedBot } from '../core/remote.ts';
import { describeRestError, restFor } from '../adapters/discord/deploy.ts';
import type { Service } from './startup.ts';
import { HealthBoard, writeHealthFile } from '../health.ts';
import { EXIT } from './exit.ts';
import { watchShard } from './shard-health.ts';
import { isCompiled, siblingModule } from '../compiled.ts';

export type { ShardIndexMode } from '../config.ts';

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
  /** Where the index lives: `manager` (one, shared over IPC) or `shard` (one per shard). Default: `DISCORD_SHARD_INDEX`, else `manager`. */
  index?: ShardIndexMode;
  /**
   * With `index: 'manager'`: the bot the manager serves. Default: the ordinary service over
   * `config.transcriptsDir` (index cache, hot reload), as `npm start` builds it.
   */
  bot?: ServedBot;
  /** The manager's logger (its bot's errors, IPC problems). Default: `createLogger(config)` (JSON on stderr). */
  logger?: Logger;
}

/** A running sharded bot. */
export interface ShardedBot {
  readonly manager: ShardingManager;
  /** Where the index lives. */
  readonly index: ShardIndexMode;
  /** Kills the shard processes and, with `index: 'manager'`, stops the manager's bot and its folder watcher. */
  stop(): Promise<void>;
  /**
   * Resolves with one line (which shard, the close code and its meaning) when a shard loses its Discord
   * connection for good (a fatal gateway close); never rejects. `runSharded` then stops every shard and
   * exits with {@link EXIT}.connectionLost.
   */
  readonly lost: Promise<string>;
  /** Each shard's connection state (also written to the health file, `config.healthFile`). */
  readonly health: HealthBoard;
}

/** The module URL of the child process entry each shard runs: `shard-entry.ts`, or `shard-entry.js` compiled. */
const SHARD_ENTRY_URL = siblingModule('./shard-entry.ts', import.meta.url).href;

/** The child process entry each shard runs (a file path). */
export const SHARD_ENTRY = fileURLToPath(SHARD_ENTRY_URL);

/**
 * Node's flags for a shard process that runs the module at `entry` (a module URL). The TypeScript entry
 * runs through tsx; compiled ({@link isCompiled}), plain node runs it, its stacks mapped to the sources.
 * Default: the shard entry beside this module.
 *
 * @example
 * shardExecArgv('file:///q/dist/src/app/shard-entry.js') // ['--enable-source-maps']
 */
export function shardExecArgv(entry: string = SHARD_ENTRY_URL): string[] {
  return isCompiled(entry) ? ['--enable-source-maps'] : ['--import', 'tsx'];
}

/** The IPC channel to one shard's process, as `serveBot` needs it (follows the shard across respawns). */
export function shardChannel(shard: Shard): Channel {
  return {
    send: (message) => shard.send(message),
    onMessage(listener) {
      shard.on('message', listener);
      return () => void shard.off('message', listener);
    },
  };
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

/**
 * The discord.js manager of the shard processes: `total` shards of this bot's shard entry, each process started
 * with `shardArgs` (the folder may come from --transcripts rather than the environment the shards inherit).
 */
function shardManager(token: string, total: number, respawn: boolean, shardArgs: string[]): ShardingManager {
  return new ShardingManager(SHARD_ENTRY, { token, totalShards: total, mode: 'process', respawn, execArgv: shardExecArgv(), shardArgs });
}

/**
 * Spawns every shard and resolves once all are ready; the manager keeps them running (and respawns them).
 * With `index: 'manager'` the manager's bot is ready (index opened) before the first shard starts, and the
 * transcripts folder is watched once all are ready.
 */
export async function startSharded(config: Config, options: ShardOptions = {}): Promise<ShardedBot> {
  const discord = config.discord;
  if (!discord) throw new Error('DISCORD_TOKEN is not set.');
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const mode = options.index ?? discord.shardIndex ?? 'manager';
  let total = options.totalShards ?? discord.shards ?? 'auto';
  if (total === 'auto') total = await recommendedShards(config);

  let bot = options.bot;
  let service: Service | undefined;
  const logger = options.logger ?? createLogger(config, { mode: 'json' });
  // A failed ranking thread of the manager's index and other process warnings reach the log, with their stacks.
  const stopWarnings = logProcessWarnings(logger);
  let manager: ShardingManager;
  try {
    if (mode === 'manager' && !bot) {
      // Loaded lazily: the start path (corpus, index, reload) is not needed when the shards hold the index.
      const { prepareService } = await import('./startup.ts');
      service = await prepareService(config, logger);
      bot = service.bot;
    }
    manager = shardManager(discord.token, total, options.respawn ?? true, ['--transcripts', config.transcriptsDir, '--index', mode]);
  } catch (error) {
    stopWarnings();
    throw error;
  }
  const stopServing: Array<() => void> = [];
  let stopping = false;
  // One health file for the whole run: every shard's connection state (`quotebot health` reads it).
  const health = new HealthBoard();
  const healthFile = writeHealthFile(config.healthFile, health, (error) => logger.warn({ err: error }, `health file ${config.healthFile} not written: ${error.message}`));
  let markLost: (line: string) => void = () => {};
  const lost = new Promise<string>((resolve) => (markLost = resolve));
  manager.on('shardCreate', (shard) => {
    watchShard(shard, total, health, (line) => {
      if (!stopping) markLost(line);
    });
    print(`quotebot: shard ${shard.id + 1}/${total} starting`);
    shard.on('spawn', (child: { pid?: number; threadId?: number }) => print(`quotebot: shard ${shard.id + 1}/${total} process ${child.pid ?? child.threadId ?? '?'}`));
    shard.on('death', () => print(`quotebot: shard ${shard.id + 1}/${total} ${stopping ? 'stopped' : `exited${options.respawn === false ? '' : '; restarting it'}`}`));
    if (bot) stopServing.push(serveBot(bot, shardChannel(shard), { logger, peer: `shard ${shard.id}` }));
  });
  const stop = async () => {
    try {
      stopping = true;
      for (const off of stopServing.splice(0)) off();
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.kill();
      if (service) {
        service.bot.close();
        await service.reloader.stop().catch(() => undefined);
      }
      await healthFile.stop();
    } finally {
      stopWarnings();
    }
  };
  try {
    await manager.spawn({ amount: total, delay: options.spawnDelayMs ?? 5500, timeout: options.spawnTimeoutMs ?? 60_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  if (service) {
    try {
      await service.reloader.start();
    } catch (error) {
      logger.warn({ err: error }, `hot reload is off: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  print(`quotebot: ${total} shard${total === 1 ? '' : 's'} ready (${mode === 'manager' ? 'one index in the manager, shared over IPC' : 'one index per shard'})`);
  return { manager, index: mode, stop, lost, health };
}

/**
 * `quotebot shard`: runs until SIGTERM or SIGINT (exit code 0), or until a shard loses its Discord
 * connection for good (a fatal gateway close: exit code {@link EXIT}.connectionLost, after a line saying
 * which shard and why), then stops the shards; resolves to the exit code.
 */
export async function runSharded(config: Config, options: ShardOptions = {}): Promise<number> {
  const sharded = await startSharded(config, options);
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const ended = await Promise.race([signal.then((name) => ({ signal: name })), sharded.lost.then((line) => ({ lost: line }))]);
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  const code = 'lost' in ended ? EXIT.connectionLost : EXIT.stopped;
  if ('lost' in ended) print(`quotebot: ${ended.lost} Stopping every shard; exiting with code ${code}.`);
  else print(`quotebot: ${ended.signal}: stopping the shards`);
  await sharded.stop();
  return code;
}
