/**
 * The program each shard process runs (spawned by `shard.ts` through tsx). discord.js's ShardingManager
 * passes the shard id and count in the environment (`SHARDS`, `SHARD_COUNT`), which the client reads;
 * this entry runs the ordinary Discord bot (`startBot`) with Slack left to the parent's own deployment.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { startBot } from '../../main.ts';

const { values } = parseArgs({ options: { transcripts: { type: 'string' } }, strict: false });
try {
  const env = { ...process.env };
  if (typeof values.transcripts === 'string' && values.transcripts) env.TRANSCRIPTS_DIR = values.transcripts;
  const config = loadConfig(env);
  delete config.slack;
  process.exitCode = await startBot(config);
} catch (error) {
  process.stderr.write(`quotebot shard ${process.env.SHARDS ?? '?'}: ${(error as Error)?.message ?? String(error)}\n`);
  process.exitCode = 1;
}
