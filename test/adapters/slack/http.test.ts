/**
 * The Slack adapter in HTTP mode, end to end: signed requests from the stand-in to the real adapter and
 * QuoteBot, answers observed where Slack would see them (response_url sink, Web API calls).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, SlackStartupError } from '../../../src/adapters/slack/index.ts';
import { SLACK_LIMITS } from '../../../src/adapters/slack/render.ts';
import { loadConfig } from '../../../src/config.ts';
import { ADMIN, BOT_TOKEN, captureLogger, fixtureBot, FAST_RETRY, LIVE_MENTION, SIGNING_SECRET, startAgainst, startStandIn, textOf, type Running } from './harness.ts';
import { appMentionPayload, blockActionPayload, buttonsOf, signedRequest, slashCommandPayload, type SlackStandIn } from './standin.ts';

let slack: SlackStandIn;
let run: Running;

beforeAll(async () => {
  slack = await startStandIn();
  run = await startAgainst(slack);
});

afterAll(async () => {
  await run?.slack.stop();
  await slack?.stop();
});

/** Sends `/quote <text>` like Slack and returns the HTTP answer and what reached the response_url. */
async function slash(text: string, user = 'U0ASKER', target: Running = run): Promise<{ status: number; body: string; reply: Record<string, unknown> }> {
  const { id, url } = slack.newResponseUrl();
  const res = await signedRequest(target.eventsUrl, { form: slashCommandPayload({ text, user, responseUrl: url }) }, { secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  const reply = await slack.waitFor(() => slack.responsesTo(id)[0]);
  return { status: res.status, body: res.text, reply };
}

/** Clicks a button (as found in a message) and returns what reached the click's response_url. */
async function click(button: { action_id: string; value: string }, user: string, target: Running = run, ephemeral = true): Promise<Record<string, unknown>> {
  const { id, url } = slack.newResponseUrl();
  const payload = blockActionPayload({ actionId: button.action_id, value: button.value, user, responseUrl: url, ephemeral });
  const res = await signedRequest(target.eventsUrl, { form: { payload: JSON.stringify(payload) } }, { secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  return slack.waitFor(() => slack.responsesTo(id)[0]);
}

function sectionTexts(message: Record<string, unknown>): string[] {
  return ((message.blocks ?? []) as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);
}

describe('startup', () => {
  it('uses the stand-in for auth.test and listens on a free port', () => {
    expect(run.slack.mode).toBe('http');
    expect(run.slack.port).toBeGreaterThan(0);
    expect(slack.callsOf('auth.test')[0]?.token).toBe(BOT_TOKEN);
  });

  it('fails with a clear startup error for a wrong bot token, not an unhandled rejection', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: slack.apiUrl });
    const logs = captureLogger(config);
    const error = await startSlack(await fixtureBot(), config, logs.logger, { retryConfig: FAST_RETRY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartupError);
    expect((error as Error).message).toMatch(/SLACK_BOT_TOKEN.*invalid_auth/);
  });

  it('fails with a clear startup error when the Web API cannot be reached', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const error = await startSlack(await fixtureBot(), config, captureLogger(config).logger, { retryConfig: FAST_RETRY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartupError);
    expect((error as Error).message).toContain('Could not connect to Slack at SLACK_API_URL=http://127.0.0.1:9/api/');
  });

  it('refuses HTTP mode without a signing secret', async () => {
    const config = { ...run.config, slack: { ...run.config.slack!, signingSecret: undefined } } as typeof run.config;
    const error = await startSlack(await fixtureBot(), config, run.logs.logger).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/SLACK_SIGNING_SECRET/);
  });
});

describe('/quote subcommands (HTTP mode)', () => {
  it('acks at once with an empty 200, then answers ephemerally on the response_url with a Post to channel button', async () => {
    const { body, reply } = await slash('scaling laws');
    expect(body).toBe('');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.unfurl_links).toBe(false);
    expect(reply.unfurl_media).toBe(false);
    expect(String(reply.text)).toContain('scaling laws');
    const sections = sectionTexts(reply);
    expect(sections[0]).toBe('*Quotes about "scaling laws"*');
    expect(sections[1]).toMatch(/^>.*scaling laws.*\n— <https:\/\/www\.youtube\.com\/watch\?v=scaleTalk01&t=\d+s\|from "Scaling Talk" at \d:\d\d>$/s);
    expect(buttonsOf(reply).map((b) => b.text)).toEqual(['More', 'Context', 'Post to channel', 'Share as image']);
    expect(textOf(reply)).toContain('Showing 1–3 of 5');
    // A slash command is answered on the response_url only.
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('random', async () => {
    const { reply } = await slash('random');
    expect(sectionTexts(reply)[0]).toMatch(/^\*A random quote from/);
    expect(sectionTexts(reply)[1]).toMatch(/^>/);
  });

  it('videos', async () => {
    const { reply } = await slash('videos');
    const text = textOf(reply);
    for (const id of ['scaleTalk01', 'hostileQA01', 'longWords01']) expect(text).toContain(`\`${id}\``);
  });

  it('verify "..."', async () => {
    const { reply } = await slash('verify "loss falls smoothly as you add compute"');
    expect(textOf(reply)).toContain('Said word for word');
    expect(textOf(reply)).toContain('loss falls smoothly as you add compute');
  });

  it('verify with smart quotes as typed on a phone', async () => {
    const { reply } = await slash('verify “the scaling laws predicted the new loss almost exactly”');
    expect(textOf(reply)).toContain('Said word for word');
  });

  it('timeline X (the picture is uploaded to the channel after the text)', async () => {
    const uploads = slack.callsOf('files.completeUploadExternal').length;
    const { reply } = await slash('timeline scaling laws');
    expect(sectionTexts(reply)[0]).toMatch(/^\*Timeline of "scaling laws"/);
    expect(textOf(reply)).toContain('*Scaling Talk*');
    const upload = await slack.waitFor(() => slack.callsOf('files.completeUploadExternal')[uploads]);
    expect(upload.params.channel_id).toBe('C0GENERAL');
  });

  it('context id@s', async () => {
    const { reply } = await slash('context scaleTalk01@13');
    expect(sectionTexts(reply)[0]).toBe('*Context of scaleTalk01@13*');
    expect(textOf(reply)).toContain('When we doubled the data');
  });

  it('help lists every public command as a /quote line', async () => {
    const { reply } = await slash('help');
    const text = textOf(reply);
    for (const usage of ['/quote &lt;topic&gt;', '/quote random', '/quote videos', '/quote verify &lt;claim&gt;', '/quote timeline &lt;topic&gt;', '/quote context &lt;citation&gt;', '/quote help', '`/quote scaling laws`']) {
      expect(text).toContain(usage);
    }
    expect(text).not.toContain('/quote reload');
    expect(text).not.toContain('resume');
    expect(buttonsOf(reply)).toHaveLength(0);
  });

  it('an empty /quote gets a prompt, not an error', async () => {
    const { reply } = await slash('');
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toMatch(/needs a topic/);
    expect(textOf(reply)).not.toMatch(/went wrong/);
  });

  it('more (typed) continues the last quote answer of that user', async () => {
    await slash('scaling laws', 'U0MORE');
    const { reply } = await slash('more', 'U0MORE');
    expect(textOf(reply)).toContain('Showing 4–5 of 5');
  });

  it('reload is for QUOTEBOT_ADMINS only', async () => {
    expect(textOf((await slash('reload', 'U0SOMEONE')).reply)).toContain('Only admins can use reload');
    expect(textOf((await slash('reload', ADMIN)).reply)).not.toContain('Only admins');
  });
});

describe('app_mention (HTTP mode)', () => {
  it('answers in the thread of the mention', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const event = appMentionPayload({ text: `<@${slack.botUserId}> scaling laws`, ts: '1700000100.000200' });
    const res = await signedRequest(run.eventsUrl, { json: event }, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const call = await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    expect(call.params.channel).toBe('C0GENERAL');
    expect(call.params.thread_ts).toBe('1700000100.000200');
    expect(call.params.unfurl_links).toBe(false);
    expect(call.token).toBe(BOT_TOKEN);
    expect(JSON.stringify(call.params.blocks)).toContain('scaling laws');
    // No share button in a thread everyone already sees.
    expect(buttonsOf(call.params).map((b) => b.text)).toEqual(['More', 'Context', 'Share as image']);
  });

  it('a mention inside a thread answers in that thread', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const event = appMentionPayload({ text: `<@${slack.botUserId}|quotebot> timeline scaling laws`, ts: '1700000200.000300', threadTs: '1700000150.000100' });
    await signedRequest(run.eventsUrl, { json: event }, { secret: SIGNING_SECRET });
    const call = await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    expect(call.params.thread_ts).toBe('1700000150.000100');
    expect(JSON.stringify(call.params.blocks)).toContain('Timeline of');
    const upload = await slack.waitFor(() => slack.callsOf('files.completeUploadExternal').find((c) => c.params.thread_ts === '1700000150.000100'));
    expect(upload.params.channel_id).toBe(call.params.channel);
  });

  it('ephemeral answers (help) go only to the asker, in the thread', async () => {
    const before = slack.callsOf('chat.postEphemeral').length;
    const event = appMentionPayload({ text: `<@${slack.botUserId}> help`, ts: '1700000300.000100', user: 'U0HELP' });
    await signedRequest(run.eventsUrl, { json: event }, { secret: SIGNING_SECRET });
    const call = await slack.waitFor(() => slack.callsOf('chat.postEphemeral')[before]);
    expect(call.params.user).toBe('U0HELP');
    expect(call.params.thread_ts).toBe('1700000300.000100');
  });

  it('a redelivered event (X-Slack-Retry-Num) never produces a second answer', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const event = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvRETRY0001' });
    await signedRequest(run.eventsUrl, { json: event }, { secret: SIGNING_SECRET });
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    const retry = await signedRequest(run.eventsUrl, { json: event }, {
      secret: SIGNING_SECRET,
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await expect.poll(() => run.logs.lines.some((l) => l.includes('dropped a redelivered event') && l.includes('EvRETRY0001'))).toBe(true);
    expect(slack.callsOf('chat.postMessage').length).toBe(before + 1);
  });
});

describe('request verification', () => {
  it('a bad signature gets 401, runs nothing and calls no Web API method', async () => {
    const callsBefore = slack.calls.length;
    const { id, url } = slack.newResponseUrl();
    const res = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text: 'scaling laws', responseUrl: url }) }, {
      secret: SIGNING_SECRET,
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(401);
    const mention = await signedRequest(run.eventsUrl, { json: appMentionPayload({ text: 'scaling laws' }) }, { secret: 'not-the-secret' });
    expect(mention.status).toBe(401);
    expect(slack.responsesTo(id)).toHaveLength(0);
    expect(slack.calls.length).toBe(callsBefore);
  });

  it('a stale timestamp (10 minutes old, correctly signed) gets 401 and runs nothing', async () => {
    const callsBefore = slack.calls.length;
    const { id, url } = slack.newResponseUrl();
    const res = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text: 'scaling laws', responseUrl: url }) }, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(res.status).toBe(401);
    expect(slack.responsesTo(id)).toHaveLength(0);
    expect(slack.calls.length).toBe(callsBefore);
  });
});

describe('buttons', () => {
  it('More pages in place for the asker', async () => {
    const { reply } = await slash('scaling laws', 'U0PAGER');
    const more = buttonsOf(reply).find((b) => b.text === 'More')!;
    const next = await click(more, 'U0PAGER');
    expect(next.replace_original).toBe(true);
    expect(textOf(next)).toContain('Showing 4–5 of 5');
    // The ephemeral page keeps its Post to channel button.
    expect(buttonsOf(next).map((b) => b.text)).toContain('Post to channel');
  });

  it('someone else gets an ephemeral explanation instead of paging or sharing', async () => {
    const { reply } = await slash('scaling laws', 'U0OWNER');
    for (const label of ['More', 'Post to channel']) {
      const button = buttonsOf(reply).find((b) => b.text === label)!;
      const answer = await click(button, 'U0INTRUDER');
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.replace_original).toBe(false);
      expect(String(answer.text)).toMatch(/Only the person who asked/);
    }
  });

  it('Post to channel posts the same page for everyone', async () => {
    const { reply } = await slash('scaling laws', 'U0SHARER');
    const share = buttonsOf(reply).find((b) => b.text === 'Post to channel')!;
    const posted = await click(share, 'U0SHARER');
    expect(posted.response_type).toBe('in_channel');
    expect(posted.replace_original).toBe(false);
    expect(sectionTexts(posted)[1]).toBe(sectionTexts(reply)[1]);
    expect(buttonsOf(posted).map((b) => b.text)).not.toContain('Post to channel');
  });

  it('Context shows the passages around the quote to whoever clicks', async () => {
    const { reply } = await slash('scaling laws', 'U0CTX');
    const context = buttonsOf(reply).find((b) => b.text === 'Context')!;
    const answer = await click(context, 'U0CURIOUS');
    expect(answer.response_type).toBe('ephemeral');
    expect(sectionTexts(answer)[0]).toMatch(/^\*Context of scaleTalk01@\d+\*$/);
  });

  it('buttons keep working after a restart (state is in the button value)', async () => {
    const { reply } = await slash('scaling laws', 'U0RESTART');
    const more = buttonsOf(reply).find((b) => b.text === 'More')!;
    await run.slack.stop();
    // A new process: new adapter, new bot, nothing remembered.
    run = await startAgainst(slack);
    const next = await click(more, 'U0RESTART');
    expect(textOf(next)).toContain('Showing 4–5 of 5');
  });

  it('a button value this adapter did not write gets a polite note', async () => {
    const answer = await click({ action_id: 'quotebot_more', value: 'garbage' }, 'U0ASKER');
    expect(String(answer.text)).toMatch(/no longer works/);
  });
});

describe('hostile text and limits', () => {
  it('quoted <!channel>, <!here>, <@U…>, <!subteam^…> and &<> are escaped, links stay intact', async () => {
    const { reply } = await slash('hostile fixture');
    const text = textOf(reply);
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('&lt;@U123ABC&gt;');
    expect(text).toContain('&lt;!subteam^S0TEAM|@team&gt;');
    expect(text).toContain('R&amp;D');
    expect(text).toContain('a &lt; b and b &gt; c');
    // Title with markup in the link label: label escaped, URL untouched (its & stays a raw &).
    expect(text).toContain('<https://www.youtube.com/watch?v=hostileQA01&t=1s|from \\"Q&amp;A &lt;live&gt; with &lt;!channel&gt; &amp; &lt;@U999&gt;\\" at 0:01>');
  });

  it('the same holds for a mention answered in a thread', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    await signedRequest(run.eventsUrl, { json: appMentionPayload({ text: `<@${slack.botUserId}> hostile fixture` }) }, { secret: SIGNING_SECRET });
    const call = await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    expect(JSON.stringify(call.params.blocks) + String(call.params.text)).not.toMatch(LIVE_MENTION);
  });

  it.each(['supercalifragilistic count:10', 'context longWords01@36 before:5 after:5'])('an oversized answer stays within Slack limits: %s', async (query) => {
    const { reply } = await slash(query);
    const blocks = reply.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.totalChars);
    for (const text of sectionTexts(reply)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(String(reply.text).length).toBeGreaterThan(0);
    expect(String(reply.text).length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(textOf(reply)).toContain('&amp;&lt;&gt;');
    // Outside link URLs, every & is an escape: no cut ever split an entity.
    for (const text of sectionTexts(reply)) expect(text.replace(/<https?:[^|>]*\|/g, '')).not.toMatch(/&(?!amp;|lt;|gt;)/);
    // The long text was cut (marked with …), not sent whole.
    expect(textOf(reply)).toContain('…');
  });
});

describe('Web API failures', () => {
  it('a 429 is retried after Retry-After and the answer is posted exactly once', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const limited = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429).length;
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    await signedRequest(run.eventsUrl, { json: appMentionPayload({ text: `<@${slack.botUserId}> scaling laws` }) }, { secret: SIGNING_SECRET });
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[before]);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429).length).toBe(limited + 1);
    expect(slack.callsOf('chat.postMessage').length).toBe(before + 1);
  });

  it('a 429 that does not end is logged and the adapter keeps serving', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 2);
    await signedRequest(run.eventsUrl, { json: appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvLIMITED01' }) }, { secret: SIGNING_SECRET });
    await expect.poll(() => run.logs.lines.some((l) => l.includes('Slack request failed'))).toBe(true);
    const { reply } = await slash('videos');
    expect(textOf(reply)).toContain('scaleTalk01');
  });
});

describe('logs', () => {
  it('never contain the token or the signing secret', () => {
    const text = run.logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(SIGNING_SECRET);
  });
});
