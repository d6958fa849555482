/**
 * A process warning emitted after start-up (a failed ranking thread warns this way) reaches the running bot's
 * JSON log, with its stack, even under --no-warnings (which only silences Node's own print of it).
 */
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { killAll, spawnBot, within, SPAWN_TEST_MS } from './process.ts';

const PRELOAD = pathToFileURL(new URL('./preload/warn-on-signal.mjs', import.meta.url).pathname).href;

let standIns: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await killAll();
  await Promise.all(standIns.map((s) => s.stop().catch(() => undefined)));
  standIns = [];
});

describe('process warnings in the bot log', { timeout: SPAWN_TEST_MS }, () => {
  it('logs a warning emitted while serving at warn, with its message and stack', async () => {
    const discord = await DiscordStandIn.start({ token: 'main-test-discord-token' });
    standIns.push(discord);
    const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, NODE_OPTIONS: `--no-warnings --import=${PRELOAD}` });
    await bot.waitForLog((l) => l.msg === 'Discord adapter started');
    bot.signal('SIGUSR2');
    const line = await bot.waitForLog((l) => l.msg.startsWith('process warning: ranking thread failed (test)'));
    expect(line.level).toBe(40);
    expect(line.msg).toContain('at rankInWorker (rank-worker.ts:10:5)');
    const err = line.err as { stack?: string };
    expect(err.stack).toMatch(/^Warning: ranking thread failed \(test\)/);
    expect(err.stack).toContain('failedRankingThread');
    expect(bot.stderr()).not.toContain(discord.token);
    bot.signal('SIGTERM');
    expect((await within(bot.exited, 'the process to exit')).code).toBe(0);
  });
});
