/**
 * Startup failures of the real process in platform mode: when the bot cannot serve, it says what to fix in
 * one line (`quotebot: ...` on stderr, no stack trace, no secret) and exits non-zero, and it never leaves a
 * connection open.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { SlackStandIn } from '../adapters/slack/standin.ts';
import { killAll, plainLines, spawnBot, tempDir, within, type BotProcess, SPAWN_TEST_MS } from './process.ts';

let standIns: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await killAll();
  await Promise.all(standIns.map((s) => s.stop().catch(() => undefined)));
  standIns = [];
});

/** Waits for the exit and returns the one human line of stderr (asserting there is exactly one, and no stack). */
async function failure(bot: BotProcess): Promise<{ code: number | null; line: string }> {
  const exit = await within(bot.exited, 'the process to exit');
  const lines = plainLines(bot.stderr());
  expect(lines, bot.stderr()).toHaveLength(1);
  expect(bot.stderr()).not.toMatch(/\n\s+at /);
  expect(exit.signal).toBeNull();
  return { code: exit.code, line: lines[0]! };
}

describe('startup failures of the real process', { timeout: SPAWN_TEST_MS }, () => {
  it('a Discord token the gateway rejects (401): one line naming DISCORD_TOKEN, exit 1', async () => {
    const discord = await DiscordStandIn.start({ token: 'the-right-discord-token' });
    standIns.push(discord);
    const wrong = 'a-wrong-discord-token-7f3e';
    const bot = spawnBot({ DISCORD_TOKEN: wrong, DISCORD_API_BASE: discord.apiBase });
    const { code, line } = await failure(bot);
    expect(code).toBe(1);
    expect(line).toMatch(/^quotebot: Discord rejected the bot token \(401 Unauthorized\).*\(check DISCORD_TOKEN\)\.$/);
    expect(line).toContain('DISCORD_TOKEN');
    expect(bot.stderr() + bot.stdout()).not.toContain(wrong);
    // It did try (so the 401 is what it reports), and it holds no gateway session.
    expect(discord.requests.some((r) => r.status === 401)).toBe(true);
    expect(discord.gateway.filter((g) => g.op === 'identify')).toEqual([]);
  });

  it('a Discord API that cannot be reached: one line pointing at the network and DISCORD_API_BASE, exit 1', async () => {
    const closed = await DiscordStandIn.start({ token: 'the-right-discord-token' });
    const apiBase = closed.apiBase;
    await closed.stop(); // nothing listens on that port any more
    const bot = spawnBot({ DISCORD_TOKEN: 'the-right-discord-token', DISCORD_API_BASE: apiBase });
    const { code, line } = await failure(bot);
    expect(code).toBe(1);
    expect(line).toMatch(/^quotebot: Discord could not start: could not connect to Discord: .*ECONNREFUSED/);
    expect(line).toContain(`(check the network connection, and DISCORD_API_BASE=${apiBase}).`);
  });

  it('a Slack bot token auth.test calls invalid_auth: one line naming SLACK_BOT_TOKEN, exit 1', async () => {
    const slack = await SlackStandIn.start({ botToken: 'xoxb-the-right-one' });
    standIns.push(slack);
    const wrong = 'xoxb-a-wrong-slack-token-2b8d';
    const bot = spawnBot({ SLACK_BOT_TOKEN: wrong, SLACK_SIGNING_SECRET: 'some-signing-secret-x1', SLACK_API_URL: slack.apiUrl, SLACK_PORT: '0' });
    const { code, line } = await failure(bot);
    expect(code).toBe(1);
    expect(line).toMatch(/^quotebot: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)\./);
    expect(bot.stderr() + bot.stdout()).not.toContain(wrong);
    expect(slack.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it('a Slack app token apps.connections.open refuses: one line naming SLACK_APP_TOKEN, exit 1', async () => {
    const slack = await SlackStandIn.start({ botToken: 'xoxb-the-right-one', appToken: 'xapp-the-right-one' });
    standIns.push(slack);
    const bot = spawnBot({ SLACK_BOT_TOKEN: 'xoxb-the-right-one', SLACK_APP_TOKEN: 'xapp-a-wrong-app-token-4c1a', SLACK_API_URL: slack.apiUrl });
    const { code, line } = await failure(bot);
    expect(code).toBe(1);
    expect(line).toMatch(/^quotebot: Slack rejected SLACK_APP_TOKEN \(invalid_auth\)/);
    expect(slack.openSockets).toEqual([]);
  });

  it('a missing transcripts folder: one line, exit 1, and no platform is contacted', async () => {
    const discord = await DiscordStandIn.start({ token: 'the-right-discord-token' });
    standIns.push(discord);
    const missing = join(tempDir(), 'no-such-folder');
    const bot = spawnBot({ TRANSCRIPTS_DIR: missing, DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
    const { code, line } = await failure(bot);
    expect(code).toBe(1);
    expect(line).toBe(`quotebot: Transcripts folder not found: ${missing} (create it, or set TRANSCRIPTS_DIR / --transcripts).`);
    expect(discord.requests).toEqual([]);
  });

  it('a transcripts path that cannot be read as a folder says so, not "not found"', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const bot = spawnBot({ TRANSCRIPTS_DIR: join(file, 'inside') });
    const { code, line } = await failure(bot);
    expect(code).toBe(1);
    expect(line).toBe(`quotebot: Transcripts folder unreadable: ${join(file, 'inside')} (ENOTDIR)`);
  });

  it('an empty corpus (no caption file, or only broken ones): one line, exit 1', async () => {
    const slack = await SlackStandIn.start({ botToken: 'xoxb-the-right-one' });
    standIns.push(slack);
    const empty = tempDir();
    const env = { SLACK_BOT_TOKEN: 'xoxb-the-right-one', SLACK_SIGNING_SECRET: 'some-signing-secret-x1', SLACK_API_URL: slack.apiUrl, SLACK_PORT: '0' };
    const none = await failure(spawnBot({ ...env, TRANSCRIPTS_DIR: empty }));
    expect(none.code).toBe(1);
    expect(none.line).toMatch(/^quotebot: No transcripts in .+\. Add caption files .* and start again\.$/);

    writeFileSync(join(empty, 'broken.srt'), '1\nthis is not a timecode\nhello\n');
    const broken = await failure(spawnBot({ ...env, TRANSCRIPTS_DIR: empty }));
    expect(broken.code).toBe(1);
    expect(broken.line).toMatch(/^quotebot: No transcripts in .+\(1 file\(s\) skipped: broken\.srt/);
    expect(slack.calls).toEqual([]);
  });
});
