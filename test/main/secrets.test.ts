/**
 * Secrets never reach the output: full sessions of the real process at LOG_LEVEL=trace, answering on
 * Discord and Slack (HTTP mode with a signing secret, Socket Mode with an app token) through the local
 * stand-ins, then a grep of everything it wrote (stdout and stderr) for the secret values and for any
 * 10-character piece of them.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { appMentionPayload, signedRequest, SlackStandIn, slashCommandPayload } from '../adapters/slack/standin.ts';
import { discordAnswer, killAll, spawnBot, within, type BotProcess, SPAWN_TEST_MS, WAIT_MS } from './process.ts';

let standIns: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await killAll();
  await Promise.all(standIns.map((s) => s.stop().catch(() => undefined)));
  standIns = [];
});

/** A secret no log line could contain by chance. */
const secret = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

/** Fails naming the secret (by name only) when the output holds it or any 10-character piece of it. */
function expectNoLeak(output: string, secrets: Record<string, string>): void {
  for (const [name, value] of Object.entries(secrets)) {
    const pieces = Array.from({ length: value.length - 9 }, (_, i) => value.slice(i, i + 10));
    const leaked = pieces.filter((piece) => output.includes(piece));
    expect(leaked, `${name} (or a piece of it) appears in the output`).toEqual([]);
  }
}

/** Sends SIGTERM and waits for a clean exit. */
async function stop(bot: BotProcess): Promise<void> {
  bot.signal('SIGTERM');
  expect((await within(bot.exited, 'the process to exit')).code).toBe(0);
}

describe('no secret in the output of a full session (LOG_LEVEL=trace)', { timeout: SPAWN_TEST_MS }, () => {
  it('Discord + Slack HTTP mode in one process: tokens and signing secret never appear', async () => {
    const secrets = { DISCORD_TOKEN: secret('dTok.'), SLACK_BOT_TOKEN: secret('xoxb-'), SLACK_SIGNING_SECRET: secret('sig') };
    const discord = await DiscordStandIn.start({ token: secrets.DISCORD_TOKEN });
    const slack = await SlackStandIn.start({ botToken: secrets.SLACK_BOT_TOKEN });
    standIns.push(discord, slack);
    const bot = spawnBot({
      ...secrets, LOG_LEVEL: 'trace', DISCORD_API_BASE: discord.apiBase, SLACK_API_URL: slack.apiUrl, SLACK_PORT: '0', QUOTEBOT_ADMINS: 'U0ADMIN',
    });
    const { port } = await bot.waitForLog((l) => typeof l.port === 'number' && /^Slack listening/.test(l.msg));
    await bot.waitForLog((l) => /^watching /.test(l.msg));
    await discord.waitForSessions(1, WAIT_MS);

    // Discord: a /quote interaction and a mention.
    const interaction = discord.slashCommand('quote', { topic: 'honey' });
    discord.injectInteraction(interaction);
    expect(JSON.stringify(await discordAnswer(discord, interaction))).toContain('beeTalk0001');
    const mention = discord.injectMention('quote sourdough');
    const reply = await discord.waitForRequest((r) => r.route === 'POST /channels/:channel/messages' && r.body?.message_reference?.message_id === mention.id, { timeout: WAIT_MS });
    expect(JSON.stringify(reply.body)).toContain('breadTalk01');

    // Slack: a signed /quote (and the admin reload, which logs), an app_mention, and a badly signed request.
    const events = `http://127.0.0.1:${port as number}/slack/events`;
    for (const [text, user] of [['honey', 'U0ASKER'], ['reload', 'U0ADMIN']]) {
      const { id, url } = slack.newResponseUrl();
      const res = await signedRequest(events, { form: slashCommandPayload({ text: text!, user: user!, responseUrl: url }) }, { secret: secrets.SLACK_SIGNING_SECRET });
      expect(res.status).toBe(200);
      await within(slack.waitFor(() => slack.responsesTo(id)[0]), `the answer to /quote ${text}`);
    }
    const res = await signedRequest(events, { json: appMentionPayload({ text: `<@${slack.botUserId}> sourdough`, botUserId: slack.botUserId }) }, { secret: secrets.SLACK_SIGNING_SECRET });
    expect(res.status).toBe(200);
    await within(slack.waitFor(() => slack.callsOf('chat.postMessage')[0]), 'the mention answer');
    const forged = await signedRequest(events, { form: slashCommandPayload({ text: 'honey', responseUrl: slack.newResponseUrl().url }) }, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    await bot.waitForLog((l) => l.msg.startsWith('admin reload: '));
    await stop(bot);

    const output = bot.stdout() + bot.stderr();
    expectNoLeak(output, secrets);
    // The run did log at debug and trace depth, through our logger: Bolt's own debug lines and the adapters'.
    const logs = bot.logs();
    expect(logs.some((l) => l.component === 'slack' && l.level === 20)).toBe(true);
    expect(logs.some((l) => l.platform === 'discord')).toBe(true);
    expect(logs.length).toBeGreaterThan(20);
  });

  it('Slack Socket Mode: bot and app tokens never appear', async () => {
    const secrets = { SLACK_BOT_TOKEN: secret('xoxb-'), SLACK_APP_TOKEN: secret('xapp-') };
    const slack = await SlackStandIn.start({ botToken: secrets.SLACK_BOT_TOKEN, appToken: secrets.SLACK_APP_TOKEN });
    standIns.push(slack);
    const bot = spawnBot({ ...secrets, LOG_LEVEL: 'trace', SLACK_API_URL: slack.apiUrl });
    await bot.waitForLog((l) => l.msg === 'Slack adapter started');
    await within(slack.waitFor(() => slack.openSockets.length > 0), 'the Socket Mode connection');
    const { url } = slack.newResponseUrl();
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'honey', responseUrl: url }));
    await within(slack.waitFor(() => slack.responses[0]), 'the /quote answer');
    await slack.sendEnvelope('events_api', appMentionPayload({ text: `<@${slack.botUserId}> sourdough` }));
    await within(slack.waitFor(() => slack.callsOf('chat.postMessage')[0]), 'the mention answer');
    await stop(bot);

    expectNoLeak(bot.stdout() + bot.stderr(), secrets);
    expect(bot.logs().some((l) => l.component === 'slack' && l.level === 20)).toBe(true);
  });
});
