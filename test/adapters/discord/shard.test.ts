/**
 * The bot under discord.js ShardingManager: two shard processes (TypeScript through tsx) against the
 * stand-in, each identifying as its own shard and answering interactions for its guilds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ShardingManager } from 'discord.js';
import { startSharded, shardsFromEnv } from '../../../src/adapters/discord/shard.ts';
import { callbackFor, configFor } from './harness.ts';
import { DiscordStandIn } from './stand-in.ts';

describe('sharding', () => {
  let discord: DiscordStandIn | undefined;
  let manager: ShardingManager | undefined;
  const saved = { ...process.env };
  afterAll(async () => {
    for (const shard of manager?.shards.values() ?? []) shard.kill();
    await discord?.stop();
    process.env = saved;
  });

  it('runs two shard processes that IDENTIFY as [0, 2] and [1, 2] and both answer', { timeout: 90_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 6 });
    const config = configFor(discord);
    // The shard processes inherit the environment (ShardingManager adds the token and shard ids).
    process.env.DISCORD_API_BASE = discord.apiBase;
    process.env.LOG_LEVEL = 'warn';
    process.env.QUOTEBOT_COOLDOWN_SECONDS = '0';
    delete process.env.SLACK_BOT_TOKEN;
    const lines: string[] = [];
    manager = await startSharded(config, { totalShards: 2, spawnDelayMs: 100, respawn: false, print: (l) => lines.push(l) });
    const identifies = discord.gateway.filter((g) => g.op === 'identify');
    expect(identifies.map((g) => g.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(new Set(identifies.map((g) => g.token))).toEqual(new Set([discord.token]));
    await discord.waitForSessions(2);
    for (const shardId of [0, 1]) {
      const guild = discord.guilds.findIndex((g) => Number((BigInt(g.id) >> 22n) % 2n) === shardId);
      if (guild < 0) continue;
      const interaction = discord.slashCommand('quote', { topic: 'gpus' }, { guild });
      discord.injectInteraction(interaction, shardId);
      const cb = await callbackFor(discord, interaction);
      expect(cb.body.data.embeds[0].url).toContain('watch?v=gpu_Talk-01&t=');
    }
    // Only shard 0 registers the commands.
    expect(discord.requests.filter((r) => r.route === 'PUT /applications/:app/commands')).toHaveLength(1);
    const rss = (await manager.broadcastEval(() => process.memoryUsage().rss)) as number[];
    expect(rss).toHaveLength(2);
    process.stdout.write(`shard RSS (MB): ${rss.map((b) => (b / 1048576).toFixed(1)).join(', ')}\n`);
    expect(lines.at(-1)).toMatch(/2 shards ready/);
  });

  it('reads DISCORD_SHARDS', () => {
    expect(shardsFromEnv({})).toBeUndefined();
    expect(shardsFromEnv({ DISCORD_SHARDS: 'auto' })).toBe('auto');
    expect(shardsFromEnv({ DISCORD_SHARDS: '4' })).toBe(4);
    expect(() => shardsFromEnv({ DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS/);
  });
});
