/**
 * A deaf process is worse than a dead one (issue 18, item 4): when Discord closes the gateway for good
 * mid-session (4004 after a token reset, 4014, 4013, 4012), the real process says why in one line and
 * exits 3, so a process manager restarts it or alerts. A supervisor can poll `quotebot health` (or GET
 * /healthz when the bot serves Slack over HTTP) for each platform's connection state.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { SlackStandIn } from '../adapters/slack/standin.ts';
import { BIN, killAll, plainLines, spawnBot, tempDir, within, SPAWN_TEST_MS, WAIT_MS } from './process.ts';

let standIns: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await killAll();
  await Promise.all(standIns.map((s) => s.stop().catch(() => undefined)));
  standIns = [];
});

async function discordStandIn(options: { refuseIdentify?: number } = {}): Promise<DiscordStandIn> {
  const discord = await DiscordStandIn.start({ token: 'health-test-discord-token', ...options });
  standIns.push(discord);
  return discord;
}

/** Runs `quotebot health` with the given health file. */
function health(file: string): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, 'health'], {
    cwd: tempDir('quotebot-health-cwd-'), encoding: 'utf8', timeout: WAIT_MS,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, QUOTEBOT_HEALTH_FILE: file },
  });
  return { code: r.status, stdout: r.stdout };
}

describe('connection health of the real process', { timeout: SPAWN_TEST_MS }, () => {
  for (const code of [4004, 4014, 4013, 4012]) {
    it(`exits 3 with one clear line when Discord closes the gateway with ${code} mid-session`, async () => {
      const discord = await discordStandIn();
      const file = join(tempDir(), 'health.json');
      const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, QUOTEBOT_HEALTH_FILE: file });
      await bot.waitForLog((l) => l.msg === 'Discord adapter started');
      await discord.waitForSessions(1, WAIT_MS);
      discord.closeGateway(code);
      const exit = await within(bot.exited, 'the process to exit after a fatal close');
      expect(exit, bot.stderr().slice(-3000)).toEqual({ code: 3, signal: null });
      const fatal = bot.logs().find((l) => l.level === 60)!;
      expect(fatal.msg).toMatch(new RegExp(`^Discord closed the gateway connection with code ${code} \\(.+\\): .+ Exiting with code 3\\.$`));
      expect(bot.logs().map((l) => l.msg)).toContain('stopped');
      expect(existsSync(file)).toBe(false);
    });
  }

  it('quotebot health: 0 and "discord: connected" while serving, 1 once stopped', async () => {
    const discord = await discordStandIn();
    const file = join(tempDir(), 'health.json');
    const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, QUOTEBOT_HEALTH_FILE: file });
    await bot.waitForLog((l) => l.msg === 'Discord adapter started');
    const up = health(file);
    expect(up.code, up.stdout).toBe(0);
    expect(up.stdout).toMatch(/^healthy: process \d+$/m);
    expect(up.stdout).toMatch(/^discord: connected since /m);
    bot.signal('SIGTERM');
    expect((await within(bot.exited, 'the exit')).code).toBe(0);
    const down = health(file);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^unhealthy: no health file/);
  });

  it('Discord refusing the intents at start (4014): one line saying so, not "check the network", exit 1', async () => {
    const discord = await discordStandIn({ refuseIdentify: 4014 });
    const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
    const exit = await within(bot.exited, 'the process to exit');
    expect(exit.code).toBe(1);
    const lines = plainLines(bot.stderr());
    expect(lines, bot.stderr()).toHaveLength(1);
    expect(lines[0]).toMatch(/^quotebot: Discord closed the gateway connection with code 4014 \(disallowed intents\)/);
    expect(lines[0]).not.toMatch(/network/);
  });

  it('Slack over HTTP: GET /healthz on SLACK_PORT reports the connection state (200, JSON)', async () => {
    const slack = await SlackStandIn.start({ botToken: 'xoxb-health-test' });
    standIns.push(slack);
    const bot = spawnBot({
      SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'health-test-signing-secret', SLACK_API_URL: slack.apiUrl, SLACK_PORT: '0',
      QUOTEBOT_HEALTH_FILE: join(tempDir(), 'health.json'),
    });
    const { port } = await bot.waitForLog((l) => typeof l.port === 'number' && /^Slack listening/.test(l.msg));
    await bot.waitForLog((l) => l.msg === 'Slack adapter started');
    const response = await fetch(`http://127.0.0.1:${port as number}/healthz`);
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ healthy: true, adapters: [{ platform: 'slack', state: 'connected' }] });
  });
});
