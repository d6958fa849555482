/**
 * Hot reload in the running process (Discord mode, through the stand-in): a transcript added to the
 * watched folder is answered from without a restart, the admin `/reload` goes through the same reloader
 * and is logged, an emptied folder never empties the bot, and SIGTERM stops the watcher (clean exit 0).
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { discordAnswer, fixtureCopy, killAll, spawnBot, within, SPAWN_TEST_MS, WAIT_MS } from './process.ts';

let discord: DiscordStandIn | undefined;
afterEach(async () => {
  await killAll();
  await discord?.stop().catch(() => undefined);
  discord = undefined;
});

const TEA_SRT = `1
00:00:03,000 --> 00:00:11,000
Oolong tea sits between green and black tea, partly oxidised in the rolling.

2
00:00:12,000 --> 00:00:20,000
Steep the oolong leaves several times; every infusion tastes a little different.
`;
const MANAGE_GUILD = String(1 << 5);

describe('hot reload in the running process', { timeout: SPAWN_TEST_MS }, () => {
  it('answers from an added file, reloads on /reload (logged), survives an emptied folder, stops the watcher on SIGTERM', async () => {
    const dir = fixtureCopy();
    discord = await DiscordStandIn.start({ token: 'main-reload-discord-token' });
    const bot = spawnBot({ TRANSCRIPTS_DIR: dir, DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
    await bot.waitForLog((l) => /^watching .* for transcript changes$/.test(l.msg));
    await discord.waitForSessions(1, WAIT_MS);
    const ask = async (name: string, options: Record<string, string>, who: { userId?: string; permissions?: string } = {}) => {
      const interaction = discord!.slashCommand(name, options, who);
      discord!.injectInteraction(interaction);
      return discordAnswer(discord!, interaction);
    };

    // Added while serving: picked up by the watcher, then answered from.
    writeFileSync(join(dir, 'Tea Notes [teaTalk0001].srt'), TEA_SRT);
    const swapped = await bot.waitForLog((l) => /^reload: 3 transcripts live/.test(l.msg));
    expect(swapped).toMatchObject({ added: 1, removed: 0 });
    const tea = await ask('quote', { topic: 'oolong' });
    expect(tea.embeds[0].url).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=teaTalk0001&t=\d+s$/);

    // The admin command uses the same reloader, and is logged with who ran it and what it did.
    const denied = await ask('reload', {}, { userId: '300000000000000009', permissions: '0' });
    expect(denied.content).toMatch(/Only admins/);
    const reloaded = await ask('reload', {}, { userId: '300000000000000001', permissions: MANAGE_GUILD });
    expect(reloaded.content).toMatch(/^Reloaded: 3 transcripts; nothing changed\./);
    await bot.waitForLog((l) => l.msg === 'admin command reload' && l.user === '300000000000000001');
    await bot.waitForLog((l) => l.msg === 'admin reload: unchanged' && l.transcripts === 3);

    // Every file deleted (an accident): the live index is kept, and says so.
    for (const name of readdirSync(dir)) rmSync(join(dir, name));
    await bot.waitForLog((l) => /^reload: the transcripts folder has no caption files; keeping the 3 transcripts/.test(l.msg));
    const honey = await ask('quote', { topic: 'honey' });
    expect(honey.embeds[0].url).toMatch(/v=beeTalk0001/);

    bot.signal('SIGTERM');
    const exit = await within(bot.exited, 'the process to exit');
    expect(exit).toEqual({ code: 0, signal: null });
    // Had the watcher stayed open, the process would only have ended through the force-exit net.
    expect(bot.stderr()).not.toMatch(/still running .* after shutdown/);
    expect(bot.logs().some((l) => l.msg === 'stopped')).toBe(true);
  });
});
