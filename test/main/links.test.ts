/**
 * A transcripts folder holding symlink loops (`ln -s . loop1; ln -s . loop2`) must not lock the real
 * process: it answers, and SIGTERM stops it normally, in platform mode and in the console chat. Watching
 * the folder is a helper, never a gate. (Before: chokidar followed the links forever, the watcher never
 * became ready, and main waited on it before listening for signals.)
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { discordAnswer, fixtureCopy, killAll, spawnBot, within, SPAWN_TEST_MS, WAIT_MS } from './process.ts';

let standIns: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await killAll();
  await Promise.all(standIns.map((s) => s.stop().catch(() => undefined)));
  standIns = [];
});

function loopyFolder(): string {
  const dir = fixtureCopy();
  symlinkSync('.', join(dir, 'loop1'));
  symlinkSync('.', join(dir, 'loop2'));
  return dir;
}

describe('a transcripts folder with symlink loops', { timeout: SPAWN_TEST_MS }, () => {
  it('Discord: the bot answers, watches the folder, and stops on SIGTERM with exit 0', async () => {
    const discord = await DiscordStandIn.start({ token: 'links-test-discord-token' });
    standIns.push(discord);
    const bot = spawnBot({ TRANSCRIPTS_DIR: loopyFolder(), DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
    await bot.waitForLog((l) => l.msg === 'Discord adapter started');
    await discord.waitForSessions(1, WAIT_MS);
    const interaction = discord.slashCommand('quote', { topic: 'honey' }, { userId: '300000000000000001' });
    discord.injectInteraction(interaction);
    const answer = await discordAnswer(discord, interaction);
    expect(answer.embeds[0].url).toMatch(/beeTalk0001/);
    await bot.waitForLog((l) => /^watching .* for transcript changes$/.test(l.msg));

    bot.signal('SIGTERM');
    const exit = await within(bot.exited, 'the process to exit after SIGTERM');
    expect(exit, bot.stderr().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(bot.stderr()).not.toMatch(/ELOOP/);
  });

  it('console chat: answers a question, and SIGTERM ends it with exit 0', async () => {
    const bot = spawnBot({ TRANSCRIPTS_DIR: loopyFolder() });
    bot.child.stdin!.write('quote honey\n'); // stdin stays open: only the signal can end the chat
    await within(
      new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (bot.stdout().includes('beeTalk0001')) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      }),
      'the answer',
    );
    bot.signal('SIGTERM');
    const exit = await within(bot.exited, 'the process to exit after SIGTERM');
    expect(exit, bot.stderr().slice(-3000)).toEqual({ code: 0, signal: null });
  });
});
