/**
 * The real process in platform mode, end to end: it answers through the local Discord and Slack
 * stand-ins, and on SIGTERM/SIGINT it stops taking requests, lets in-flight answers finish, closes the
 * gateway / Socket Mode connection and the HTTP receiver, stops the transcripts watcher, and exits 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../adapters/discord/stand-in.ts';
import { SlackStandIn, signedRequest, slashCommandPayload, appMentionPayload } from '../adapters/slack/standin.ts';
import { discordAnswer, killAll, spawnBot, within, type BotProcess, SPAWN_TEST_MS, WAIT_MS } from './process.ts';

const ASKER = '300000000000000001';
const SIGNING_SECRET = 'main-test-signing-secret-51c9';

let standIns: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await killAll();
  await Promise.all(standIns.map((s) => s.stop().catch(() => undefined)));
  standIns = [];
});

async function discordStandIn(): Promise<DiscordStandIn> {
  const discord = await DiscordStandIn.start({ token: 'main-test-discord-token' });
  standIns.push(discord);
  return discord;
}

async function slackStandIn(): Promise<SlackStandIn> {
  const slack = await SlackStandIn.start({ botToken: 'xoxb-main-test-bot', appToken: 'xapp-main-test-app' });
  standIns.push(slack);
  return slack;
}

/** Resolves once the process serves: adapters up and the transcripts folder watched. */
async function serving(bot: BotProcess, adapters: string[]): Promise<void> {
  for (const name of adapters) await bot.waitForLog((l) => l.msg === `${name} adapter started`);
  await bot.waitForLog((l) => /^watching .* for transcript changes$/.test(l.msg));
}

/** Asserts the process shut down the way an operator expects, not through the force-exit net. */
async function expectCleanExit(bot: BotProcess): Promise<void> {
  const exit = await within(bot.exited, 'the process to exit');
  expect(exit, bot.stderr().slice(-3000)).toEqual({ code: 0, signal: null });
  const messages = bot.logs().map((l) => l.msg);
  expect(messages).toContain('shutting down');
  expect(messages).toContain('stopped');
  expect(messages.join('\n')).not.toMatch(/gave up waiting|did not stop|did not close|still running .* after shutdown|unhandled/);
  expect(bot.logs().filter((l) => l.level >= 50)).toEqual([]);
}

describe('graceful shutdown of the real process', { timeout: SPAWN_TEST_MS }, () => {
  it('Discord: answers /quote, then SIGTERM closes the gateway and exits 0', async () => {
    const discord = await discordStandIn();
    const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
    await serving(bot, ['Discord']);
    await discord.waitForSessions(1, WAIT_MS);

    const interaction = discord.slashCommand('quote', { topic: 'honey' }, { userId: ASKER });
    discord.injectInteraction(interaction);
    const answer = await discordAnswer(discord, interaction);
    expect(answer.embeds[0].url).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=beeTalk0001&t=\d+s$/);

    bot.signal('SIGTERM');
    await expectCleanExit(bot);
    // discord.js closed its gateway connection: no session is connected any more.
    await discord.waitUntil(() => (discord as unknown as { sockets: Set<unknown> }).sockets.size === 0 || undefined, WAIT_MS, 'the gateway to close');
  });

  it('Discord: answers still being delivered when SIGTERM arrives (an interaction and a mention) arrive before the exit', async () => {
    const discord = await discordStandIn();
    const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
    await serving(bot, ['Discord']);
    await discord.waitForSessions(1, WAIT_MS);

    // The first delivery of each is rate limited for 2 s: both answers are in flight (waiting to retry) when the signal comes.
    discord.failNext('POST /interactions/:id/:token/callback', { retryAfter: 2 });
    discord.failNext('POST /channels/:channel/messages', { retryAfter: 2 });
    const interaction = discord.slashCommand('quote', { topic: 'sourdough starter' }, { userId: ASKER });
    discord.injectInteraction(interaction);
    const mention = discord.injectMention('quote honey', { userId: '300000000000000002' });
    await discord.waitForRequest((r) => r.route === 'POST /interactions/:id/:token/callback' && r.status === 429, { timeout: WAIT_MS });
    await discord.waitForRequest((r) => r.route === 'POST /channels/:channel/messages' && r.status === 429, { timeout: WAIT_MS });
    bot.signal('SIGTERM');
    await expectCleanExit(bot);
    // Recorded before the exit (the stand-in outlives the process), so this only reads what already arrived.
    const answer = await discordAnswer(discord, interaction).catch(() => undefined);
    expect(answer?.embeds?.[0]?.url, 'the rate-limited interaction answer was dropped at shutdown').toMatch(/v=breadTalk01/);
    const reply = discord.requests.find((r) => r.route === 'POST /channels/:channel/messages' && r.status === 200 && r.body?.message_reference?.message_id === mention.id);
    expect(reply?.body.embeds[0].url, 'the rate-limited mention reply was dropped at shutdown').toMatch(/v=beeTalk0001/);
  });

  it('Slack HTTP mode: answers a signed /quote, then SIGINT closes the receiver and exits 0', async () => {
    const slack = await slackStandIn();
    const bot = spawnBot({
      SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_PORT: '0',
    });
    await serving(bot, ['Slack']);
    const { port } = await bot.waitForLog((l) => typeof l.port === 'number' && /^Slack listening/.test(l.msg));
    const events = `http://127.0.0.1:${port as number}/slack/events`;

    const { id, url } = slack.newResponseUrl();
    const res = await signedRequest(events, { form: slashCommandPayload({ text: 'honey', responseUrl: url }) }, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const reply = await within(slack.waitFor(() => slack.responsesTo(id)[0]), 'the /quote answer');
    expect(JSON.stringify(reply)).toContain('beeTalk0001');

    bot.signal('SIGINT');
    await expectCleanExit(bot);
    // The receiver is closed: a new request is refused at the socket.
    await expect(fetch(events, { method: 'POST', body: '' })).rejects.toThrow();
  });

  it('Slack HTTP mode: a mention answer being retried after a 429 when SIGTERM arrives is still posted', async () => {
    const slack = await slackStandIn();
    const bot = spawnBot({
      SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_PORT: '0',
    });
    await serving(bot, ['Slack']);
    const { port } = await bot.waitForLog((l) => typeof l.port === 'number' && /^Slack listening/.test(l.msg));
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const mention = appMentionPayload({ text: `<@${slack.botUserId}> honey`, botUserId: slack.botUserId });
    const res = await signedRequest(`http://127.0.0.1:${port as number}/slack/events`, { json: mention }, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await within(slack.waitFor(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.status === 429)), 'the rate-limited post');
    bot.signal('SIGTERM');
    await expectCleanExit(bot);
    expect(JSON.stringify(slack.callsOf('chat.postMessage')[0]?.params ?? {}), 'the rate-limited mention answer was dropped at shutdown').toContain('beeTalk0001');
  });

  it('Slack Socket Mode: answers an app_mention, then SIGTERM closes the websocket and exits 0', async () => {
    const slack = await slackStandIn();
    const bot = spawnBot({ SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl });
    await serving(bot, ['Slack']);
    await within(slack.waitFor(() => slack.openSockets.length > 0), 'the Socket Mode connection');

    await slack.sendEnvelope('events_api', appMentionPayload({ text: `<@${slack.botUserId}> sourdough starter` }));
    const posted = await within(slack.waitFor(() => slack.callsOf('chat.postMessage')[0] ?? slack.callsOf('chat.postEphemeral')[0]), 'the mention answer');
    expect(JSON.stringify(posted.params)).toContain('breadTalk01');

    bot.signal('SIGTERM');
    await expectCleanExit(bot);
    await within(slack.waitFor(() => slack.openSockets.length === 0), 'the websocket to close');
  });
});
