/**
 * The Slack adapter in Socket Mode, end to end: the stand-in serves `apps.connections.open` (reached
 * through SLACK_API_URL), says hello on its WebSocket, pushes envelopes and records the acks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, SlackStartupError } from '../../../src/adapters/slack/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { APP_TOKEN, BOT_TOKEN, captureLogger, fixtureBot, FAST_RETRY, LIVE_MENTION, startAgainst, startStandIn, textOf, type Running } from './harness.ts';
import { appMentionPayload, blockActionPayload, buttonsOf, slashCommandPayload, type SlackStandIn } from './standin.ts';

let slack: SlackStandIn;
let run: Running;

beforeAll(async () => {
  slack = await startStandIn();
  run = await startAgainst(slack, { socket: true });
});

afterAll(async () => {
  await run?.slack.stop();
  await slack?.stop();
});

/** `/quote <text>` as a `slash_commands` envelope; returns the ack and what reached the response_url. */
async function slash(text: string, user = 'U0ASKER'): Promise<{ ack: { payload?: Record<string, unknown> }; reply: Record<string, unknown> }> {
  const { id, url } = slack.newResponseUrl();
  const ack = await slack.sendEnvelope('slash_commands', slashCommandPayload({ text, user, responseUrl: url }));
  const reply = await slack.waitFor(() => slack.responsesTo(id)[0]);
  return { ack, reply };
}

async function click(button: { action_id: string; value: string }, user: string): Promise<Record<string, unknown>> {
  const { id, url } = slack.newResponseUrl();
  await slack.sendEnvelope('interactive', blockActionPayload({ actionId: button.action_id, value: button.value, user, responseUrl: url }));
  return slack.waitFor(() => slack.responsesTo(id)[0]);
}

describe('Socket Mode startup', () => {
  it('opens the connection through SLACK_API_URL with the app token', () => {
    expect(run.slack.mode).toBe('socket');
    expect(run.slack.port).toBeUndefined();
    const open = slack.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(slack.callsOf('auth.test')[0]?.token).toBe(BOT_TOKEN);
    expect(slack.openSockets).toHaveLength(1);
  });

  it('a wrong app token is a clear startup error', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-wrong', SLACK_API_URL: slack.apiUrl });
    const error = await startSlack(await fixtureBot(), config, captureLogger(config).logger, { retryConfig: FAST_RETRY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartupError);
    expect((error as Error).message).toMatch(/SLACK_APP_TOKEN.*invalid_auth/);
  });

  it('a wrong bot token is a clear startup error before any socket opens', async () => {
    const sockets = slack.sockets.length;
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl });
    const error = await startSlack(await fixtureBot(), config, captureLogger(config).logger, { retryConfig: FAST_RETRY }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/SLACK_BOT_TOKEN.*invalid_auth/);
    expect(slack.sockets.length).toBe(sockets);
  });
});

describe('/quote subcommands (Socket Mode)', () => {
  const cases: Array<[string, RegExp]> = [
    ['scaling laws', /Quotes about \\"scaling laws\\"/],
    ['random', /A random quote from/],
    ['videos', /`scaleTalk01`/],
    ['verify "loss falls smoothly as you add compute"', /Said word for word/],
    ['timeline scaling laws', /Timeline of \\"scaling laws\\"/],
    ['context scaleTalk01@13', /Context of scaleTalk01@13/],
    ['help', /\/quote random/],
  ];
  it.each(cases)('/quote %s is acked over the socket, then answered ephemerally', async (text, expected) => {
    const { ack, reply } = await slash(text);
    expect(ack.payload ?? {}).toEqual({});
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toMatch(expected);
    expect(textOf(reply)).not.toMatch(LIVE_MENTION);
    // A timeline's picture follows the text (waited for, so no upload runs into the next test).
    if (text.startsWith('timeline')) await slack.waitFor(() => slack.callsOf('files.completeUploadExternal').length > 0);
  });

  it('more (typed) and reload (admin only)', async () => {
    await slash('scaling laws', 'U0SOCKMORE');
    expect(textOf((await slash('more', 'U0SOCKMORE')).reply)).toContain('Showing 4–5 of 5');
    expect(textOf((await slash('reload', 'U0NOBODY')).reply)).toContain('Only admins');
  });

  it('the quote answer has More, Context and Post to channel, and More pages for the asker', async () => {
    const { reply } = await slash('scaling laws', 'U0SOCKPAGE');
    const buttons = buttonsOf(reply);
    expect(buttons.map((b) => b.text)).toEqual(['More', 'Context', 'Post to channel', 'Share as image']);
    const next = await click(buttons[0]!, 'U0SOCKPAGE');
    expect(next.replace_original).toBe(true);
    expect(textOf(next)).toContain('Showing 4–5 of 5');
    const refused = await click(buttons[0]!, 'U0OTHER');
    expect(String(refused.text)).toMatch(/Only the person who asked/);
  });

  it('quoted mention markup is escaped', async () => {
    const { reply } = await slash('hostile fixture');
    expect(textOf(reply)).not.toMatch(LIVE_MENTION);
    expect(textOf(reply)).toContain('&lt;!channel&gt;');
  });
});

describe('app_mention (Socket Mode)', () => {
  it('is acked and answered in the thread of the mention', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const ack = await slack.sendEnvelope('events_api', appMentionPayload({ text: `<@${slack.botUserId}> scaling laws`, ts: '1700000400.000100' }));
    expect(ack.envelope_id).toBeTruthy();
    const call = await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    expect(call.params.thread_ts).toBe('1700000400.000100');
    expect(JSON.stringify(call.params.blocks)).toContain('scaling laws');
  });

  it('a redelivery (retry_attempt) never produces a second answer', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const event = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvSOCKRETRY1' });
    await slack.sendEnvelope('events_api', event);
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    const ack = await slack.sendEnvelope('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
    expect(ack.envelope_id).toBeTruthy();
    await expect.poll(() => run.logs.lines.some((l) => l.includes('dropped a redelivered event') && l.includes('EvSOCKRETRY1'))).toBe(true);
    expect(slack.callsOf('chat.postMessage').length).toBe(before + 1);
  });
});

describe('Socket Mode restart and stop', () => {
  it('buttons from before a restart still work on the new connection', async () => {
    const { reply } = await slash('scaling laws', 'U0SOCKRESTART');
    const more = buttonsOf(reply).find((b) => b.text === 'More')!;
    await run.slack.stop();
    await expect.poll(() => slack.openSockets.length).toBe(0);
    run = await startAgainst(slack, { socket: true });
    expect(slack.openSockets).toHaveLength(1);
    const next = await click(more, 'U0SOCKRESTART');
    expect(textOf(next)).toContain('Showing 4–5 of 5');
  });

  it('stop() closes the socket and is safe to call twice', async () => {
    const extra = await startAgainst(slack, { socket: true });
    const open = slack.openSockets.length;
    await extra.slack.stop();
    await extra.slack.stop();
    await expect.poll(() => slack.openSockets.length).toBe(open - 1);
  });

  it('logs never contain the tokens', () => {
    expect(run.logs.text()).not.toContain(BOT_TOKEN);
    expect(run.logs.text()).not.toContain(APP_TOKEN);
  });
});
