/**
 * The bot-over-a-channel seam (src/core/remote.ts) with an in-memory channel pair that, like Node's IPC,
 * delivers asynchronously and through JSON.
 */
import { describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import { RemoteBot, serveBot, type Channel, type ServedBot } from '../../src/core/remote.ts';
import type { Answer, Request } from '../../src/core/types.ts';
import { FIXTURE_DIR, indexOf } from './helpers.ts';

/** Two connected ends; `cut()` drops everything from then on and reports the close to the shard end. */
function pair() {
  const listeners = { manager: new Set<(m: unknown) => void>(), shard: new Set<(m: unknown) => void>() };
  const closers = new Set<() => void>();
  const sent: unknown[] = [];
  let open = true;
  const end = (self: 'manager' | 'shard', other: 'manager' | 'shard'): Channel => ({
    send(message) {
      if (!open) throw new Error('channel closed');
      sent.push(message);
      const copy = JSON.parse(JSON.stringify(message));
      setImmediate(() => {
        if (open) for (const l of listeners[other]) l(copy);
      });
    },
    onMessage(listener) {
      listeners[self].add(listener);
      return () => void listeners[self].delete(listener);
    },
    ...(self === 'shard'
      ? {
          onClose(listener: () => void) {
            closers.add(listener);
            return () => void closers.delete(listener);
          },
        }
      : {}),
  });
  return {
    manager: end('manager', 'shard'),
    shard: end('shard', 'manager'),
    sent,
    listeners,
    cut() {
      open = false;
      for (const c of closers) c();
    },
  };
}

const user = { platform: 'discord' as const, userId: '42' };

async function realBot(options: ConstructorParameters<typeof QuoteBot>[1] = {}) {
  return new QuoteBot(await indexOf(FIXTURE_DIR), { cooldownSeconds: 0, ...options });
}

describe('RemoteBot + serveBot', () => {
  it('answers exactly what the served QuoteBot answers, and completes through the channel', async () => {
    const bot = await realBot();
    const link = pair();
    serveBot(bot, link.manager);
    const remote = new RemoteBot(link.shard);
    const request = remote.parse('quote coffee', user);
    expect(request).toEqual(bot.parse('quote coffee', user));
    const [viaChannel, direct] = await Promise.all([remote.handle(request), bot.handle(request)]);
    expect(direct.kind).toBe('quotes');
    expect(viaChannel).toEqual(JSON.parse(JSON.stringify(direct)));
    const choices = await remote.complete('video', '', 25);
    expect(choices).toEqual(bot.complete('video', '', 25));
    expect(choices.length).toBeGreaterThan(0);
    expect(remote.waiting).toBe(0);
  });

  it('passes who is typing to complete (the collections bound there limit the choices)', async () => {
    const seen: unknown[] = [];
    const link = pair();
    serveBot({ handle: async () => ({ kind: 'notice', text: '' }), complete: (...args) => (seen.push(args), []) }, link.manager);
    const remote = new RemoteBot(link.shard);
    const where = { ...user, space: 'G1', channel: 'C1' };
    await remote.complete('video', 'comp', 5, where);
    await remote.complete('topic', 'x');
    expect(seen).toEqual([['video', 'comp', 5, where], ['topic', 'x', 25, undefined]]);
  });

  it('derives the same command table as QuoteBot without an index', async () => {
    const bot = await realBot();
    const remote = new RemoteBot(pair().shard);
    expect(remote.commands).toEqual(bot.commands);
    expect(remote.parse('/random', user)).toEqual(bot.parse('/random', user));
  });

  it('keeps cooldown and paging in the one served bot, whichever shard asks', async () => {
    const bot = await realBot({ cooldownSeconds: 60 });
    const a = pair();
    const b = pair();
    serveBot(bot, a.manager);
    serveBot(bot, b.manager);
    const first = await new RemoteBot(a.shard).handle({ command: 'quote', args: { topic: 'coffee' }, user });
    expect(first.kind).toBe('quotes');
    const second = await new RemoteBot(b.shard).handle({ command: 'quote', args: { topic: 'coffee' }, user });
    expect(second.kind).toBe('notice');
    expect(second.text).toMatch(/One moment/);
  });

  it('turns a failing served bot into an error Answer carrying the reference the manager logged', async () => {
    const logged: Array<{ obj: Record<string, unknown>; msg?: string }> = [];
    const logger = { info() {}, warn() {}, error: (obj: object, msg?: string) => void logged.push({ obj: obj as Record<string, unknown>, msg }) };
    const broken: ServedBot = {
      handle: async () => {
        throw new Error('index exploded');
      },
      complete: () => {
        throw new Error('vocabulary exploded');
      },
    };
    const link = pair();
    serveBot(broken, link.manager, { logger, peer: 'shard 1' });
    const remote = new RemoteBot(link.shard);
    const answer = await remote.handle({ command: 'quote', args: { topic: 'coffee' }, user });
    expect(answer.kind).toBe('error');
    expect(answer.ephemeral).toBe(true);
    expect(answer.reference).toMatch(/^E[0-9A-Z]{6}$/);
    expect(answer.text).toContain(answer.reference!);
    expect(logged[0]!.obj.reference).toBe(answer.reference);
    expect(String((logged[0]!.obj.err as Error).message)).toBe('index exploded');
    expect(logged[0]!.msg).toContain('shard 1');
    expect(await remote.complete('topic', 'gp')).toEqual([]);
  });

  it('answers with an error when the manager does not answer in time, and ignores the late reply', async () => {
    const link = pair();
    let release!: (a: Answer) => void;
    const slow: ServedBot = { handle: () => new Promise<Answer>((r) => (release = r)), complete: () => [] };
    serveBot(slow, link.manager);
    const warned: object[] = [];
    const remote = new RemoteBot(link.shard, { timeoutMs: 50, logger: { info() {}, error() {}, warn: (o: object) => void warned.push(o) } });
    const answer = await remote.handle({ command: 'quote', args: { topic: 'coffee' }, user });
    expect(answer.kind).toBe('error');
    expect(answer.text).toMatch(/could not reach/);
    expect(answer.text).toContain(answer.reference!);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ reference: answer.reference, command: 'quote', user: '42' });
    expect(remote.waiting).toBe(0);
    release({ kind: 'notice', text: 'too late' });
    await new Promise((r) => setTimeout(r, 20));
    expect(remote.waiting).toBe(0);
  });

  it('fails waiting and later requests at once when the channel closes or cannot send', async () => {
    const link = pair();
    const never: ServedBot = { handle: () => new Promise<Answer>(() => {}), complete: () => new Promise(() => {}) };
    serveBot(never, link.manager);
    const remote = new RemoteBot(link.shard, { timeoutMs: 60_000, completeTimeoutMs: 60_000 });
    const waiting = [remote.handle({ command: 'random', args: {}, user }), remote.complete('topic', 'x')];
    await new Promise((r) => setImmediate(r));
    expect(remote.waiting).toBe(2);
    link.cut();
    const [answer, choices] = await Promise.all(waiting);
    expect((answer as Answer).kind).toBe('error');
    expect(choices).toEqual([]);
    const later = await remote.handle({ command: 'random', args: {}, user });
    expect(later.kind).toBe('error');

    // A channel whose send throws (the manager's end is gone but no close event came).
    const dead: Channel = { send: () => Promise.reject(new Error('EPIPE')), onMessage: () => () => {} };
    const orphan = new RemoteBot(dead, { timeoutMs: 60_000 });
    const failed = await orphan.handle({ command: 'random', args: {}, user });
    expect(failed.kind).toBe('error');
  });

  it('ignores foreign messages (discord.js internals) on both sides and answers unknown methods with an error', async () => {
    const link = pair();
    const calls: string[] = [];
    const bot: ServedBot = {
      handle: async (req: Request) => (calls.push(req.command), { kind: 'notice', text: 'ok' }),
      complete: () => [],
    };
    serveBot(bot, link.manager);
    const remote = new RemoteBot(link.shard);
    for (const l of link.listeners.manager) {
      l({ _eval: '1 + 1' });
      l({ _sFetchProp: 'guilds.cache.size', _sFetchPropShard: 0 });
      l({ quotebotRpc: 1, id: 'x', method: 'handle', args: [] });
      l(null);
      l('text');
    }
    for (const l of link.listeners.shard) {
      l({ _fetchProp: 'x', _result: 1 });
      l({ quotebotRpc: 1, id: 999, result: { kind: 'notice', text: 'stray' } });
    }
    expect(calls).toEqual([]);
    expect((await remote.handle({ command: 'help', args: {}, user })).text).toBe('ok');
    link.shard.send({ quotebotRpc: 1, id: 77, method: 'drop' as 'handle', args: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(link.sent.at(-1)).toMatchObject({ quotebotRpc: 1, id: 77, error: expect.stringMatching(/unknown method/) });
    expect(calls).toEqual(['help']);
    // Every message either side sent carries the tag and no discord.js-style key.
    for (const m of link.sent) expect(Object.keys(m as object).some((k) => k.startsWith('_'))).toBe(false);
  });
});

describe('follow-up answers across the channel (the chat add summary)', () => {
  it('the first answer comes at once, the follow-up when the manager has it; a lost manager ends it with an error answer', async () => {
    let finish!: (lines: string[]) => void;
    const bot = await realBot({ addVideos: async () => ({ videos: 3, done: new Promise((resolve) => (finish = resolve)) }) });
    const link = pair();
    serveBot(bot, link.manager);
    const remote = new RemoteBot(link.shard);
    const admin = { ...user, isAdmin: true };
    const first = await remote.handle(remote.parse('add https://www.youtube.com/@rivers', admin));
    expect(first.text).toBe('Fetching 3 videos from https://www.youtube.com/@rivers ... the summary follows when they are done.');
    expect(first.followUp).toBeInstanceOf(Promise);
    finish(['Added 3, already there 0, without captions 0, failed 0.']);
    expect(await first.followUp).toEqual({ kind: 'notice', ephemeral: true, text: 'Added 3, already there 0, without captions 0, failed 0.' });
    // No follow-up object ever crosses the channel itself.
    expect(JSON.stringify(link.sent)).not.toContain('"followUp":{}');

    const second = await remote.handle(remote.parse('add https://www.youtube.com/@rivers', admin));
    link.cut();
    const lost = await second.followUp!;
    expect(lost.kind).toBe('error');
    expect(lost.text).toMatch(/the rest of this answer was lost \(the manager process is gone\)/);
  });
});
