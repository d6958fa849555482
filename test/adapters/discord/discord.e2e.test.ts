/**
 * End to end against the local Discord stand-in: login, registration, every command, autocomplete,
 * mentions, buttons across a restart, hostile transcript text, limits, deferring, 429s and gateway resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits, MessageFlags } from 'discord.js';
import { slashCommands } from '../../../src/adapters/discord/commands.ts';
import { embedLength } from '../../../src/adapters/discord/render.ts';
import { answerFor, editFor, requestsFor, startAll, type Running } from './harness.ts';

const ASKER = '200000000000000001';
const STRANGER = '200000000000000002';

/** Asserts a message payload respects Discord's limits and never pings. */
function expectSafe(data: any): void {
  expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect((data.content ?? '').length).toBeLessThanOrEqual(2000);
  const embeds = data.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  expect(embeds.reduce((n: number, e: any) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(256);
    expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
  }
  const text = JSON.stringify({ c: data.content, e: embeds });
  expect(text).not.toMatch(/@(everyone|here)/);
  expect(text).not.toMatch(/<@[!&]?\d/);
}

describe('Discord adapter against the stand-in', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startAll();
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('identifies with minimal intents and registers the command table', async () => {
    const identify = run.discord.gateway.find((g) => g.op === 'identify')!;
    expect(identify.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
    expect(identify.intents! & GatewayIntentBits.MessageContent).toBe(0);
    const put = await run.discord.waitForRequest((r) => r.route === 'PUT /applications/:app/commands');
    expect(put.params.app).toBe(run.discord.applicationId);
    expect(put.body).toEqual(slashCommands(run.bot.commands));
    const names = put.body.map((c: any) => c.name);
    for (const name of ['quote', 'random', 'videos', 'verify', 'timeline', 'context', 'help']) expect(names).toContain(name);
    expect(names).not.toContain('resume');
  });

  it('acknowledges heartbeats', async () => {
    await run.discord.waitUntil(() => run.discord.gateway.some((g) => g.op === 'heartbeat') || undefined, 5000, 'a heartbeat');
  });

  it('/quote answers with a quote embed, a timed link and buttons; the @everyone line is inert', async () => {
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' }, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const cb = await answerFor(run.discord, interaction);
    expect(cb.body.type).toBe(4);
    const data = cb.body.data;
    expectSafe(data);
    const embed = data.embeds[0];
    expect(embed.url).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=gpu_Talk-01&t=\d+s$/);
    // The link inside the description is never escaped (the id has an underscore).
    expect(embed.description).toContain('(https://www.youtube.com/watch?v=gpu_Talk-01&t=');
    expect(embed.description.startsWith('> ')).toBe(true);
    expect(embed.description).toContain('@\u200Beveryone');
    expect(embed.description).toContain('<@\u200B123456789012345678>');
    expect(embed.description).toContain('https://example.com/gpu_kernels_v2/a_b_c');
    expect(embed.title).toBe('GPUs \\*and\\* the \\_\\_lab\\_\\_ \\| Part\\_1');
    expect(embed.footer.text).toMatch(/^gpu_Talk-01@\d+/);
    expect(embed.fields).toContainEqual({ name: 'Chapter', value: 'Early days', inline: true });
    const ids = data.components.flatMap((row: any) => row.components.map((b: any) => b.custom_id));
    expect(ids.some((id: string) => id.startsWith(`context|${ASKER}|`))).toBe(true);
    expect(ids.some((id: string) => id.startsWith(`share|${ASKER}|`))).toBe(true);
    expect(data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(requestsFor(run.discord, interaction)).toHaveLength(1);
  });

  it.each([
    ['random', {}],
    ['videos', {}],
    ['verify', { claim: 'the GPUs appeared in our lab' }],
    ['timeline', { topic: 'gpus' }],
    ['context', { citation: 'gpu_Talk-01@25', before: 1, after: 1 }],
    ['help', {}],
  ] as Array<[string, Record<string, string | number>]>)('/%s answers once, within limits', async (name, options) => {
    const interaction = run.discord.slashCommand(name, options, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const cb = await answerFor(run.discord, interaction);
    expect(cb.body.type).toBe(4);
    expectSafe(cb.body.data);
    expect(cb.body.data.embeds.length + cb.body.data.content.length).toBeGreaterThan(0);
    if (name === 'verify') expect(cb.body.data.embeds[0].title).toBe('Said word for word');
    if (name === 'videos') expect(cb.body.data.embeds[0].description).toContain('[GPUs \\*and\\* the \\_\\_lab\\_\\_ \\| Part\\_1](https://www.youtube.com/watch?v=gpu_Talk-01)');
    if (name === 'context') expect(cb.body.data.embeds[0].description).toContain('watch?v=gpu_Talk-01&t=');
    expect(requestsFor(run.discord, interaction)).toHaveLength(1);
  });

  it('/reload is refused without Manage Server and runs with it', async () => {
    const denied = run.discord.slashCommand('reload', {}, { userId: STRANGER, permissions: '0' });
    run.discord.injectInteraction(denied);
    const cb = await answerFor(run.discord, denied);
    expect(cb.body.data.content).toContain('Only admins');
    expect(cb.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
    const allowed = run.discord.slashCommand('reload', {}, { userId: ASKER, permissions: String(1 << 5) });
    run.discord.injectInteraction(allowed);
    const ok = await answerFor(run.discord, allowed);
    expect(ok.body.data.content).not.toContain('Only admins');
  });

  it('autocompletes video titles and topics within Discord limits', async () => {
    const video = run.discord.autocomplete('quote', 'video', 'gpu', { topic: 'x' });
    run.discord.injectInteraction(video);
    const v = await answerFor(run.discord, video);
    expect(v.body.type).toBe(8);
    expect(v.body.data.choices[0]).toEqual({ name: 'GPUs *and* the __lab__ | Part_1', value: 'gpu_Talk-01' });
    const topic = run.discord.autocomplete('quote', 'topic', 'gp');
    run.discord.injectInteraction(topic);
    const t = await answerFor(run.discord, topic);
    expect(t.body.data.choices.map((c: any) => c.value)).toContain('gpus');
    const long = run.discord.autocomplete('quote', 'video', '');
    run.discord.injectInteraction(long);
    const l = await answerFor(run.discord, long);
    expect(l.body.data.choices.length).toBeLessThanOrEqual(25);
    for (const c of l.body.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('replies to a mention with a public embed that pings nobody', async () => {
    const since = run.discord.requests.length;
    const message = run.discord.injectMention('what did he say about GPUs?', { userId: ASKER });
    const post = await run.discord.waitForRequest((r) => r.route === 'POST /channels/:channel/messages', { since });
    expect(post.params.channel).toBe(message.channel_id);
    expect(post.body.message_reference.message_id).toBe(message.id);
    expectSafe(post.body);
    expect(post.body.flags ?? 0).toBe(0);
    expect(post.body.embeds[0].url).toContain('watch?v=gpu_Talk-01&t=');
    const ids = (post.body.components ?? []).flatMap((row: any) => row.components.map((b: any) => b.custom_id));
    expect(ids.some((id: string) => id.startsWith('share|'))).toBe(false);
  });

  it('ignores messages that do not mention the bot', async () => {
    const since = run.discord.requests.length;
    const guild = run.discord.guilds[0]!;
    run.discord.dispatch('MESSAGE_CREATE', {
      id: '300000000000000001', channel_id: guild.channelId, guild_id: guild.id, content: 'gpus gpus', author: { id: ASKER, username: 'a', discriminator: '0', avatar: null },
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, type: 0,
    });
    const probe = run.discord.slashCommand('help', {}, { userId: ASKER });
    run.discord.injectInteraction(probe);
    await answerFor(run.discord, probe);
    expect(run.discord.requests.slice(since).filter((r) => r.route === 'POST /channels/:channel/messages')).toHaveLength(0);
  });

  it('keeps every answer within the limits even for huge passages and titles', async () => {
    const interaction = run.discord.slashCommand('quote', { topic: 'attention transformers', count: 10 }, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const cb = await answerFor(run.discord, interaction);
    expectSafe(cb.body.data);
    expect(cb.body.data.embeds.length).toBeGreaterThan(1);
  });

  it('pages with More across a restart; strangers and unknown buttons get an ephemeral explanation', async () => {
    const interaction = run.discord.slashCommand('quote', { topic: 'attention', count: 2 }, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const first = await answerFor(run.discord, interaction);
    const more = first.body.data.components.flatMap((r: any) => r.components).find((b: any) => b.custom_id.startsWith('more|'));
    expect(more?.custom_id.length).toBeLessThanOrEqual(100);
    const message = run.discord.messages.get([...run.discord.messages.keys()].pop()!);

    await run.restart();

    const stranger = run.discord.button(more.custom_id, message, { userId: STRANGER });
    run.discord.injectInteraction(stranger);
    const refused = await answerFor(run.discord, stranger);
    expect(refused.body.type).toBe(4);
    expect(refused.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(refused.body.data.content).toContain('Only the person who asked');

    const click = run.discord.button(more.custom_id, message, { userId: ASKER });
    run.discord.injectInteraction(click);
    const next = await answerFor(run.discord, click);
    expect(next.body.type).toBe(7);
    expectSafe(next.body.data);
    expect(next.body.data.content).toMatch(/Showing 3–4 of \d+/);
    expect(next.body.data.embeds[0].footer.text).not.toBe(first.body.data.embeds[0].footer.text);

    const old = run.discord.button('quotebot:v0:more', message, { userId: ASKER });
    run.discord.injectInteraction(old);
    const expired = await answerFor(run.discord, old);
    expect(expired.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(expired.body.data.content).toContain('no longer works');

    const bad = run.discord.button(`more|${ASKER}|zz:not-a-token`, message, { userId: ASKER });
    run.discord.injectInteraction(bad);
    const badReply = await answerFor(run.discord, bad);
    expect(badReply.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
  });

  it('Share re-posts the private answer publicly; Context answers with the surrounding passages', async () => {
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' }, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const first = await answerFor(run.discord, interaction);
    const buttons = first.body.data.components.flatMap((r: any) => r.components);
    const message = { id: '300000000000000009', channel_id: run.discord.guilds[0]!.channelId, author: run.discord.botUser, content: '', timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [], pinned: false, type: 20, flags: MessageFlags.Ephemeral };

    const share = run.discord.button(buttons.find((b: any) => b.custom_id.startsWith('share|')).custom_id, message, { userId: ASKER });
    run.discord.injectInteraction(share);
    const shared = await answerFor(run.discord, share);
    expect(shared.body.type).toBe(4);
    expect(shared.body.data.flags ?? 0).toBe(0);
    expectSafe(shared.body.data);
    expect(shared.body.data.embeds[0].footer.text).toBe(first.body.data.embeds[0].footer.text);

    const context = run.discord.button(buttons.find((b: any) => b.custom_id.startsWith('context|')).custom_id, message, { userId: STRANGER });
    run.discord.injectInteraction(context);
    const ctx = await answerFor(run.discord, context);
    expect(ctx.body.type).toBe(4);
    expect(ctx.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(JSON.stringify(ctx.body.data.embeds)).toContain('watch?v=gpu_Talk-01&t=');
  });

  it('retries after a REST 429 with Retry-After', async () => {
    run.discord.failNext('POST /interactions/:id/:token/callback', { retryAfter: 0.3 });
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' }, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const cb = await answerFor(run.discord, interaction);
    const attempts = requestsFor(run.discord, interaction).filter((r) => r.route === 'POST /interactions/:id/:token/callback');
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(cb.at - attempts[0]!.at).toBeGreaterThanOrEqual(250);
  });

  it('resumes after the gateway closes and keeps answering', async () => {
    run.discord.closeGateway(4000);
    await run.discord.waitUntil(() => run.discord.gateway.find((g) => g.op === 'resume') || undefined, 15_000, 'RESUME');
    const resume = run.discord.gateway.find((g) => g.op === 'resume')!;
    expect(resume.seq).toBeGreaterThan(0);
    const interaction = run.discord.slashCommand('help', {}, { userId: ASKER });
    run.discord.injectInteraction(interaction);
    const cb = await answerFor(run.discord, interaction);
    expect(cb.body.type).toBe(4);
  });
});
