/** Slash command JSON derived from the core table, and deploy-commands against the stand-in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { QuoteBot } from '../../../src/core/bot.ts';
import { slashCommands, NAME_PATTERN } from '../../../src/adapters/discord/commands.ts';
import { deployCommands } from '../../../src/adapters/discord/deploy.ts';
import { configFor, FAST_REST, fixtureIndex } from './harness.ts';
import { DiscordStandIn } from './stand-in.ts';

let bot: QuoteBot;
beforeAll(async () => {
  bot = new QuoteBot(await fixtureIndex());
});

describe('slashCommands', () => {
  it('registers every visible command with valid names, short descriptions and required options first', () => {
    const body = slashCommands(bot.commands);
    expect(body.map((c) => c.name)).toEqual(bot.commands.filter((c) => !c.hidden).map((c) => c.name));
    for (const command of body) {
      expect(command.name).toMatch(NAME_PATTERN);
      expect(command.description.length).toBeLessThanOrEqual(100);
      const required = (command.options ?? []).map((o) => Boolean((o as { required?: boolean }).required));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const option of command.options ?? []) {
        expect(option.name).toMatch(NAME_PATTERN);
        expect(option.description.length).toBeLessThanOrEqual(100);
      }
    }
    const quote = body.find((c) => c.name === 'quote')!;
    expect(quote.options?.map((o) => [o.name, o.type, (o as { autocomplete?: boolean }).autocomplete ?? false])).toEqual([
      ['topic', 3, true], ['video', 3, true], ['speaker', 3, true], ['count', 4, false],
    ]);
    expect(quote.options?.find((o) => o.name === 'count')).toMatchObject({ min_value: 1, max_value: 10 });
    const reload = body.find((c) => c.name === 'reload')!;
    expect(reload.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
  });
});

describe('deployCommands', () => {
  let discord: DiscordStandIn;
  beforeAll(async () => {
    discord = await DiscordStandIn.start();
  });
  afterAll(async () => {
    await discord.stop();
  });

  it('PUTs the table to the guild when DISCORD_GUILD_ID is set, looking up the application id', async () => {
    const lines: string[] = [];
    const guild = discord.guilds[0]!.id;
    const stored = await deployCommands(configFor(discord, { DISCORD_GUILD_ID: guild }), bot.commands, { rest: FAST_REST, print: (l) => lines.push(l) });
    const put = discord.requests.find((r) => r.route === 'PUT /applications/:app/guilds/:guild/commands')!;
    expect(put.params).toEqual({ app: discord.applicationId, guild });
    expect(put.body).toEqual(slashCommands(bot.commands));
    expect(stored).toHaveLength(put.body.length);
    expect(lines[0]).toMatch(/^Registered \d+ slash commands in guild/);
  });

  it('PUTs globally without a guild, and fails with one line on a bad token', async () => {
    await deployCommands(configFor(discord, { DISCORD_APPLICATION_ID: discord.applicationId }), bot.commands, { rest: FAST_REST, print: () => undefined });
    expect(discord.requests.some((r) => r.route === 'PUT /applications/:app/commands')).toBe(true);
    await expect(deployCommands(configFor(discord, { DISCORD_TOKEN: 'nope-nope' }), bot.commands, { rest: FAST_REST })).rejects.toThrow(/401 Unauthorized/);
  });
});
