/**
 * Deferring slow answers, the per-user cooldown notice, and a wrong token, against the stand-in.
 * (No timed assertions: only the order and kind of what the bot sent.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { QuoteBot } from '../../../src/core/bot.ts';
import type { Request } from '../../../src/core/types.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { startDiscord } from '../../../src/adapters/discord/index.ts';
import { callbackFor, configFor, editFor, FAST_REST, fixtureIndex, requestsFor, silentLogger, startAll, type Running } from './harness.ts';
import { DiscordStandIn } from './stand-in.ts';

/** The fixture index with a search that blocks the event loop for `ms` (a CPU-bound search). */
function blockingIndex(index: SearchIndex, ms: number): SearchIndex {
  return new Proxy(index, {
    get(target, prop, receiver) {
      if (prop === 'search') {
        return (...args: Parameters<SearchIndex['search']>) => {
          const until = Date.now() + ms;
          while (Date.now() < until) { /* busy: nothing else runs */ }
          return target.search(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

let run: Running | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('deferring', () => {
  it('defers (type 5) and edits @original when the core is slow to answer', async () => {
    const index = await fixtureIndex();
    run = await startAll({ adapter: { deferAfterMs: 200 } });
    // An answer that takes longer than the defer threshold without blocking the event loop.
    const slow = new (class extends QuoteBot {
      override async handle(req: Request) {
        await sleep(700);
        return super.handle(req);
      }
    })(index, { cooldownSeconds: 0 });
    await run.adapter.stop();
    run.bot = slow;
    run.adapter = await startDiscord(slow, configFor(run.discord), silentLogger, { rest: FAST_REST, deferAfterMs: 200 });

    const interaction = run.discord.slashCommand('timeline', { topic: 'gpus' });
    run.discord.injectInteraction(interaction);
    const cb = await callbackFor(run.discord, interaction);
    expect(cb.body.type).toBe(5);
    const edit = await editFor(run.discord, interaction);
    expect(edit.path).toMatch(/\/messages\/%40original$/);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const calls = requestsFor(run.discord, interaction).map((r) => r.route);
    expect(calls.filter((r) => r.startsWith('POST /interactions'))).toHaveLength(1);
  });

  it('a private answer after a public defer becomes an ephemeral follow-up', async () => {
    const index = await fixtureIndex();
    run = await startAll({ adapter: { deferAfterMs: 200 } });
    const slow = new (class extends QuoteBot {
      override async handle(req: Request) {
        await sleep(600);
        return super.handle(req);
      }
    })(index, { cooldownSeconds: 0 });
    await run.adapter.stop();
    run.adapter = await startDiscord(slow, configFor(run.discord), silentLogger, { rest: FAST_REST, deferAfterMs: 200 });
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' });
    run.discord.injectInteraction(interaction);
    expect((await callbackFor(run.discord, interaction)).body.type).toBe(5);
    const follow = await run.discord.waitForRequest((r) => r.route === 'POST /webhooks/:app/:token' && r.params.token === interaction.token);
    expect(follow.body.flags & MessageFlags.Ephemeral).toBeTruthy();
    // The "thinking" message is removed once the follow-up went through (so it comes after it).
    await run.discord.waitForRequest((r) => r.route === 'DELETE /webhooks/:app/:token/messages/@original' && r.params.token === interaction.token);
    expect(requestsFor(run.discord, interaction).map((r) => r.route).slice(-2)).toEqual(['POST /webhooks/:app/:token', 'DELETE /webhooks/:app/:token/messages/@original']);
  });

  it('a search that blocks the event loop is deferred up front once the command is known to be slow', async () => {
    run = await startAll({ index: blockingIndex(await fixtureIndex(), 600), adapter: { deferAfterMs: 200 } });
    const first = run.discord.slashCommand('quote', { topic: 'gpus' });
    run.discord.injectInteraction(first);
    // The loop was blocked, so no timer could fire: the answer goes out directly (still within 3 s).
    expect((await callbackFor(run.discord, first)).body.type).toBe(4);
    const second = run.discord.slashCommand('quote', { topic: 'memory' });
    run.discord.injectInteraction(second);
    const cb = await callbackFor(run.discord, second);
    expect(cb.body.type).toBe(5);
    const edit = await editFor(run.discord, second);
    expect(edit.path).toContain('%40original');
  });
});

describe('cooldown', () => {
  it("shows the core's cooldown notice ephemerally", async () => {
    run = await startAll({ bot: { cooldownSeconds: 60 } });
    const a = run.discord.slashCommand('quote', { topic: 'gpus' }, { userId: '200000000000000005' });
    run.discord.injectInteraction(a);
    await callbackFor(run.discord, a);
    const b = run.discord.slashCommand('quote', { topic: 'memory' }, { userId: '200000000000000005' });
    run.discord.injectInteraction(b);
    const cb = await callbackFor(run.discord, b);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(cb.body.data.content).toMatch(/One moment/);
    expect(cb.body.data.embeds).toEqual([]);
  });
});

describe('login', () => {
  it('a wrong token fails with one clear line that does not contain the token', async () => {
    const discord = await DiscordStandIn.start();
    try {
      const index = await fixtureIndex();
      const config = configFor(discord, { DISCORD_TOKEN: 'wrong-token-value-123' });
      const error = await startDiscord(new QuoteBot(index), config, silentLogger, { rest: FAST_REST }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/rejected the bot token/);
      expect(error?.message).not.toContain('wrong-token-value-123');
      expect(error?.message.split('\n')).toHaveLength(1);
      expect(discord.requests.filter((r) => r.route === 'GET /gateway/bot').map((r) => r.status)).toEqual([401]);
    } finally {
      await discord.stop();
    }
  });
});

describe('cooldown notices in public', () => {
  it('many mentions from one user within the window: one answer and one notice in the channel, no more', async () => {
    run = await startAll({ bot: { cooldownSeconds: 600 } });
    const user = '200000000000000077';
    const first = run.discord.injectMention('quote gpus', { userId: user });
    await run.discord.waitForRequest((r) => r.route === 'POST /channels/:channel/messages' && r.body?.message_reference?.message_id === first.id);
    const more = Array.from({ length: 6 }, () => run!.discord.injectMention('quote memory', { userId: user }));
    // A help request is exempt from the cooldown: once it is answered, every mention before it was handled.
    await sleep(50);
    const last = run.discord.injectMention('help', { userId: user });
    await run.discord.waitForRequest((r) => r.route === 'POST /channels/:channel/messages' && r.body?.message_reference?.message_id === last.id);
    const ids = new Set(more.map((m) => m.id));
    const replies = run.discord.requests.filter((r) => r.route === 'POST /channels/:channel/messages' && ids.has(r.body?.message_reference?.message_id));
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.body)).toMatch(/One moment/);
  });
});
