/**
 * The bot under discord.js ShardingManager: real shard processes (TypeScript through tsx) against the
 * stand-in, each identifying as its own shard and answering interactions for its guilds.
 *
 * Default (`index: 'manager'`): the manager process owns the one bot and index; the shards forward every
 * request over IPC. `index: 'shard'`: every shard loads its own index (the documented switch).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSharded, type ShardedBot } from '../../src/app/shard.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { ServedBot } from '../../src/core/remote.ts';
import type { Logger } from '../../src/logger.ts';
import { callbackFor, configFor, editFor, silentLogger } from '../adapters/discord/harness.ts';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';

/**
 * Gives the stand-in's guilds ids that spread them over `total` shards (guild i on shard i % total):
 * guilds made within one millisecond share a timestamp and so, by Discord's `(id >> 22) % shards`, a shard.
 * Call before any shard connects.
 */
function spreadGuilds(discord: DiscordStandIn, total: number): void {
  discord.guilds.forEach((guild, i) => {
    const id = BigInt(guild.id);
    const stamp = id >> 22n;
    const shifted = stamp - (stamp % BigInt(total)) + BigInt(i % total);
    guild.id = ((shifted << 22n) | (id & ((1n << 22n) - 1n))).toString();
  });
}

/** The message data the bot answered `interaction` with: the callback's, or the edit after a deferral (type 5; a busy machine may be that slow). */
async function answerOf(discord: DiscordStandIn, interaction: { id: string; token: string }): Promise<any> {
  const cb = await callbackFor(discord, interaction);
  if (cb.body.type !== 5) return cb.body.data;
  return { ...(await editFor(discord, interaction)).body, flags: cb.body.data?.flags ?? 0 };
}

/** The index of the stand-in guild that discord.js routes to `shardId` of `total`. */
function guildOn(discord: DiscordStandIn, shardId: number, total = 2): number {
  const guild = discord.guilds.findIndex((g) => Number((BigInt(g.id) >> 22n) % BigInt(total)) === shardId);
  if (guild < 0) throw new Error(`the stand-in has no guild on shard ${shardId}`);
  return guild;
}

describe('sharding', () => {
  let discord: DiscordStandIn | undefined;
  let sharded: ShardedBot | undefined;
  const saved = { ...process.env };
  const cacheDir = mkdtempSync(join(tmpdir(), 'quotebot-shard-test-'));
  beforeAll(() => {
    // The shard processes inherit the environment (ShardingManager adds the token and shard ids).
    process.env.LOG_LEVEL = 'warn';
    process.env.QUOTEBOT_CACHE_DIR = cacheDir;
    delete process.env.SLACK_BOT_TOKEN;
    delete process.env.DISCORD_SHARD_INDEX;
  });
  afterEach(async () => {
    await sharded?.stop();
    sharded = undefined;
    await discord?.stop();
    discord = undefined;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('serves two shards from the manager\'s one bot: /quote on each, autocomplete, one cooldown table', { timeout: 120_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 6 });
    spreadGuilds(discord, 2);
    process.env.DISCORD_API_BASE = discord.apiBase;
    // A long cooldown: the second question of one user is refused even when it arrives on the other shard.
    const config = configFor(discord, { QUOTEBOT_COOLDOWN_SECONDS: '600', QUOTEBOT_CACHE_DIR: cacheDir });
    const lines: string[] = [];
    sharded = await startSharded(config, { totalShards: 2, spawnDelayMs: 100, respawn: false, print: (l) => lines.push(l), logger: silentLogger });
    expect(sharded.index).toBe('manager');
    const identifies = discord.gateway.filter((g) => g.op === 'identify');
    expect(identifies.map((g) => g.shard).sort()).toEqual([[0, 2], [1, 2]]);
    await discord.waitForSessions(2);

    for (const shardId of [0, 1]) {
      const interaction = discord.slashCommand('quote', { topic: 'gpus' }, { guild: guildOn(discord, shardId), userId: `20000000000000000${shardId}` });
      discord.injectInteraction(interaction, shardId);
      const data = await answerOf(discord, interaction);
      expect(data.embeds?.[0]?.url, JSON.stringify(data)).toContain('watch?v=gpu_Talk-01&t=');
    }

    const complete = discord.autocomplete('quote', 'video', 'gpu', { topic: 'gpus' }, { guild: guildOn(discord, 1) });
    discord.injectInteraction(complete, 1);
    const choices = await callbackFor(discord, complete);
    expect(choices.body.type).toBe(8);
    expect(choices.body.data.choices.map((c: { value: string }) => c.value)).toContain('gpu_Talk-01');

    // User ...00 asked on shard 0; asking again on shard 1 meets the same cooldown table.
    const again = discord.slashCommand('quote', { topic: 'gpus' }, { guild: guildOn(discord, 1), userId: '200000000000000000' });
    discord.injectInteraction(again, 1);
    expect(JSON.stringify(await answerOf(discord, again))).toMatch(/One moment/);

    // Only shard 0 registers the commands (derived in the shard from the command table, no index there).
    const registered = discord.requests.filter((r) => r.route === 'PUT /applications/:app/commands');
    expect(registered).toHaveLength(1);
    expect((registered[0]!.body as Array<{ name: string }>).map((c) => c.name)).toContain('quote');
    expect(lines.at(-1)).toMatch(/2 shards ready \(one index in the manager/);
  });

  it('answers an error (with the manager\'s reference) when the manager\'s bot throws', { timeout: 120_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 2 });
    process.env.DISCORD_API_BASE = discord.apiBase;
    const errors: Array<Record<string, unknown>> = [];
    const logger = { ...silentLogger, error: (obj: Record<string, unknown>) => void errors.push(obj), warn() {}, info() {} } as unknown as Logger;
    const broken: ServedBot = {
      handle: async () => {
        throw new Error('the index is on fire');
      },
      complete: () => [],
    };
    sharded = await startSharded(configFor(discord), { totalShards: 1, spawnDelayMs: 100, respawn: false, print: () => {}, bot: broken, logger });
    await discord.waitForSessions(1);
    const interaction = discord.slashCommand('quote', { topic: 'gpus' });
    discord.injectInteraction(interaction, 0);
    const data = await answerOf(discord, interaction);
    const body = JSON.stringify(data);
    expect(body).toMatch(/something went wrong/);
    expect(data.flags & 64).toBe(64);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reference).toMatch(/^E[0-9A-Z]{6}$/);
    expect(body).toContain(String(errors[0]!.reference));
  });

  it('with index: shard, every shard loads its own index and answers', { timeout: 120_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 6 });
    spreadGuilds(discord, 2);
    process.env.DISCORD_API_BASE = discord.apiBase;
    process.env.QUOTEBOT_COOLDOWN_SECONDS = '0';
    sharded = await startSharded(configFor(discord), { totalShards: 2, spawnDelayMs: 100, respawn: false, print: () => {}, index: 'shard' });
    await discord.waitForSessions(2);
    for (const shardId of [0, 1]) {
      const interaction = discord.slashCommand('quote', { topic: 'gpus' }, { guild: guildOn(discord, shardId) });
      discord.injectInteraction(interaction, shardId);
      const data = await answerOf(discord, interaction);
      expect(data.embeds?.[0]?.url, JSON.stringify(data)).toContain('watch?v=gpu_Talk-01&t=');
    }
    const rss = (await sharded.manager.broadcastEval(() => process.memoryUsage().rss)) as number[];
    expect(rss).toHaveLength(2);
  });

  it('reads DISCORD_SHARDS and DISCORD_SHARD_INDEX (in config.ts)', () => {
    const discord = (env: Record<string, string>) => loadConfig({ DISCORD_TOKEN: 't', ...env }).discord!;
    expect(discord({}).shards).toBeUndefined();
    expect(discord({ DISCORD_SHARDS: 'auto' }).shards).toBe('auto');
    expect(discord({ DISCORD_SHARDS: '4' }).shards).toBe(4);
    expect(() => discord({ DISCORD_SHARDS: 'many' })).toThrow(ConfigError);
    expect(() => discord({ DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS/);
    expect(discord({}).shardIndex).toBeUndefined();
    expect(discord({ DISCORD_SHARD_INDEX: 'Shard' }).shardIndex).toBe('shard');
    expect(discord({ DISCORD_SHARD_INDEX: 'manager' }).shardIndex).toBe('manager');
    expect(() => discord({ DISCORD_SHARD_INDEX: 'both' })).toThrow(/DISCORD_SHARD_INDEX/);
  });
});
