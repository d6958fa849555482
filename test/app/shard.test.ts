/**
 * The bot under discord.js ShardingManager: real shard processes (TypeScript through tsx) against the
 * stand-in, each identifying as its own shard and answering interactions for its guilds.
 *
 * Default (`index: 'manager'`): the manager process owns the one bot and index; the shards forward every
 * request over IPC. `index: 'shard'`: every shard loads its own index (the documented switch).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSharded, SHARD_ENTRY, shardExecArgv, startSharded, type ShardedBot } from '../../src/app/shard.ts';
import { isCompiled } from '../../src/compiled.ts';
import { checkHealth } from '../../src/health.ts';
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

/** Polls `quotebot health`'s answer for `file` until `ok` holds (or fails the test after 30 s). */
async function waitForHealth(file: string, ok: (h: { code: number; lines: string[] }) => boolean): Promise<{ code: number; lines: string[] }> {
  const until = Date.now() + 30_000;
  for (;;) {
    const h = await checkHealth(file);
    if (ok(h)) return h;
    if (Date.now() > until) throw new Error(`health never matched; last: ${h.lines.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitUntilTrue(check: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
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

  it('answers an error (with the manager\'s reference) when the manager\'s bot throws; logs process warnings', { timeout: 120_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 2 });
    process.env.DISCORD_API_BASE = discord.apiBase;
    const errors: Array<Record<string, unknown>> = [];
    const warnings: Array<{ err?: Error }> = [];
    const warn = (obj: { err?: Error }) => void warnings.push(obj);
    const logger = { ...silentLogger, error: (obj: Record<string, unknown>) => void errors.push(obj), warn, info() {} } as unknown as Logger;
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
    // The manager's process warnings (its index's ranking thread warns this way) reach its log, until it stops.
    process.emitWarning('ranking thread failed (shard test)');
    await new Promise((resolve) => setImmediate(resolve));
    await sharded!.stop();
    sharded = undefined;
    process.emitWarning('after the stop (shard test)');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.err?.message).filter((m) => m?.endsWith('(shard test)'))).toEqual(['ranking thread failed (shard test)']);
  });

  it('stops logging process warnings when the manager cannot start (its own index fails to load)', async () => {
    const before = process.listenerCount('warning');
    const dir = mkdtempSync(join(tmpdir(), 'qb-shard-'));
    try {
      // The transcripts "folder" is under a file: loading the manager's index fails.
      const notAFolder = join(dir, 'file.srt');
      writeFileSync(notAFolder, '1\n00:00:01,000 --> 00:00:02,000\nhello\n');
      const config = loadConfig({ TRANSCRIPTS_DIR: join(notAFolder, 'missing'), DISCORD_TOKEN: 'token', DISCORD_API_BASE: 'http://127.0.0.1:9/api', QUOTEBOT_DB: 'off' });
      await expect(startSharded(config, { totalShards: 1, respawn: false, print: () => {}, logger: silentLogger as unknown as Logger })).rejects.toThrow();
      expect(process.listenerCount('warning')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  it('reports every shard in one health file, and a shard closed with 4004 as down (quotebot health exits 1)', { timeout: 120_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 4 });
    spreadGuilds(discord, 2);
    process.env.DISCORD_API_BASE = discord.apiBase;
    const healthFile = join(cacheDir, 'health-combined.json');
    const config = configFor(discord, { QUOTEBOT_CACHE_DIR: cacheDir, QUOTEBOT_HEALTH_FILE: healthFile });
    sharded = await startSharded(config, { totalShards: 2, spawnDelayMs: 100, respawn: false, print: () => {}, logger: silentLogger });
    const healthy = await waitForHealth(healthFile, (h) => h.code === 0);
    expect(healthy.lines.slice(1).sort()).toEqual([expect.stringMatching(/^discord shard 1\/2: connected since /), expect.stringMatching(/^discord shard 2\/2: connected since /)]);
    discord.closeGateway(4004, 1);
    expect(await sharded.lost).toMatch(/^shard 2\/2: .*4004/);
    const down = await waitForHealth(healthFile, (h) => h.code === 1 && h.lines.some((l) => /shard 2\/2: disconnected/.test(l)));
    expect(down.lines[0]).toMatch(/not every platform is connected/);
    expect(down.lines.filter((l) => /^discord shard 1\/2: connected/.test(l))).toHaveLength(1);
  });

  it('quotebot shard exits with code 3 and a line naming the shard when one is closed with 4004 mid-session', { timeout: 120_000 }, async () => {
    discord = await DiscordStandIn.start({ guilds: 4 });
    spreadGuilds(discord, 2);
    process.env.DISCORD_API_BASE = discord.apiBase;
    const config = configFor(discord, { QUOTEBOT_CACHE_DIR: cacheDir, QUOTEBOT_HEALTH_FILE: join(cacheDir, 'health-run.json') });
    const lines: string[] = [];
    const running = runSharded(config, { totalShards: 2, spawnDelayMs: 100, respawn: false, print: (l) => lines.push(l), logger: silentLogger });
    await discord.waitForSessions(2, 90_000);
    await waitUntilTrue(() => lines.some((l) => /2 shards ready/.test(l)));
    discord.closeGateway(4004, 0);
    expect(await running).toBe(3);
    expect(lines.find((l) => /exiting with code 3/.test(l))).toMatch(/^quotebot: shard 1\/2: .*4004.*Stopping every shard; exiting with code 3\.$/);
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

describe('shardExecArgv', () => {
  it('loads tsx exactly when isCompiled says the entry is TypeScript (one rule, also for other extensions)', () => {
    const urls = ['file:///q/dist/src/app/shard-entry.js', 'file:///q/src/app/shard-entry.ts', 'file:///q/dist/src/app/shard-entry.mjs', 'file:///q/src/app/shard-entry'];
    const throughTsx = urls.map((url) => shardExecArgv(url).includes('tsx'));
    expect(throughTsx).toEqual(urls.map((url) => !isCompiled(url)));
    expect(throughTsx).toContain(true);
    expect(throughTsx).toContain(false);
  });

  it('runs the TypeScript shard entry through tsx here (the tests run the sources)', () => {
    expect(SHARD_ENTRY).toMatch(/shard-entry\.ts$/);
    expect(shardExecArgv()).toEqual(['--import', 'tsx']);
  });
});
