/**
 * The program each shard process runs (spawned by `shard.ts` through tsx). discord.js's ShardingManager
 * passes the shard id and count in the environment (`SHARDS`, `SHARD_COUNT`), which the client reads.
 *
 * - `--index manager` (the default of `quotebot shard`): the shard holds no index. It runs the Discord
 *   adapter over a `RemoteBot` that sends every request to the manager's bot over the IPC channel, and
 *   exits when the manager goes away (the manager respawns shards; a shard without it cannot answer).
 * - `--index shard`: the ordinary Discord bot (`startBot`) with its own index, Slack left to the parent's
 *   own deployment.
 */
import { parseArgs } from 'node:util';
import { loadConfigFor, shardLabel, type Config } from '../config.ts';
import { RemoteBot, processChannel } from '../core/remote.ts';
import { createLogger } from '../logger.ts';
import { startDiscord } from '../adapters/discord/index.ts';
import { EXIT } from './exit.ts';
import { logProcessWarnings } from './process-warnings.ts';
import type { ShardLostMessage } from './shard-health.ts';

// main.ts (corpus, index, reload) is imported only with --index shard: a remote shard never loads it. This
// file is a process entry point (like cli.ts), so it may start main's run loop.

/**
 * Serves Discord through the manager's bot until a signal arrives, the manager is gone, or the gateway
 * connection is lost for good: then it tells the manager why (`{ quotebotLost: line }`, which stops every
 * shard) and exits with {@link EXIT}.connectionLost, rather than staying up deaf.
 */
async function runRemote(config: Config): Promise<number> {
  const logger = createLogger(config, { mode: 'json' });
  logProcessWarnings(logger); // for the life of this process
  const channel = processChannel();
  const bot = new RemoteBot(channel, { logger });
  const adapter = await startDiscord(bot, config, logger);
  const ended = await new Promise<{ reason: string; lost?: string }>((resolve) => {
    process.once('SIGTERM', () => resolve({ reason: 'SIGTERM' }));
    process.once('SIGINT', () => resolve({ reason: 'SIGINT' }));
    process.once('disconnect', () => resolve({ reason: 'the manager process is gone' }));
    void adapter.lost.then((line) => resolve({ reason: 'connection lost', lost: line }));
  });
  if (ended.lost) {
    process.stderr.write(`quotebot shard ${shardLabel()}: ${ended.lost} Exiting with code ${EXIT.connectionLost}.\n`);
    const message: ShardLostMessage = { quotebotLost: ended.lost };
    // The manager may be gone already (then the send fails): the exit code says it too.
    await new Promise<void>((resolve) => (process.connected ? process.send!(message, undefined, {}, () => resolve()) : resolve()));
  }
  logger.info({ reason: ended.reason, waiting: bot.waiting }, 'shard stopping');
  bot.close(ended.reason);
  await adapter.stop().catch(() => undefined);
  return ended.lost ? EXIT.connectionLost : EXIT.stopped;
}

// discord.js reports a shard's disconnect to the manager without a callback; when the manager has already
// exited, Node emits that failure as an 'error' on process, which would crash an orderly stop.
process.on('error', (error: NodeJS.ErrnoException) => {
  if (error?.code !== 'ERR_IPC_CHANNEL_CLOSED') process.stderr.write(`quotebot shard ${shardLabel()}: ${error?.message ?? String(error)}\n`);
});

const { values } = parseArgs({ options: { transcripts: { type: 'string' }, index: { type: 'string' } }, strict: false });
try {
  const config = loadConfigFor(typeof values.transcripts === 'string' ? values.transcripts : undefined);
  delete config.slack;
  // Each shard process running its own bot (--index shard) writes its own health file, beside the manager's
  // combined one (which `quotebot health` reads).
  const shard = shardLabel();
  config.healthFile = config.healthFile.replace(/(\.json)?$/, `.shard-${shard === '?' ? '0' : shard}$1`);
  process.exitCode = values.index === 'shard' ? await (await import('../main.ts')).startBot(config) : await runRemote(config);
} catch (error) {
  process.stderr.write(`quotebot shard ${shardLabel()}: ${(error as Error)?.message ?? String(error)}\n`);
  process.exitCode = 1;
}
// discord.js or a half-closed IPC channel may hold the loop open; the work is done.
if (values.index !== 'shard') setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
