import { afterEach, describe, expect, it } from 'vitest';
import { openStore, userHasher, type Store } from '../../src/store/index.ts';
import { databases } from './databases.ts';

const hash = userHasher('test-secret');

describe.each(databases())('store on $name', (database) => {
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  async function fresh(): Promise<Store> {
    const store = await openStore(await database.fresh());
    open.push(store);
    return store;
  }

  it('creates and migrates an empty database, and opening it again migrates nothing twice', async () => {
    const options = await database.fresh();
    const first = await openStore(options);
    await first.settings.write('discord:guild:1', 'count', '5');
    await first.close();
    const second = await openStore(options);
    open.push(second);
    expect(second.dialect).toBe(database.name);
    expect(await second.settings.read(['discord:guild:1'])).toEqual({ 'discord:guild:1': { count: '5' } });
  });

  it('settings: write replaces, read returns only the asked scopes, remove falls back', async () => {
    const store = await fresh();
    await store.settings.write('slack:team:T1', 'count', '3');
    await store.settings.write('slack:team:T1', 'count', '4');
    await store.settings.write('slack:channel:C1', 'style', 'exact');
    await store.settings.write('slack:team:T2', 'count', '9');
    expect(await store.settings.read(['slack:team:T1', 'slack:channel:C1'])).toEqual({
      'slack:team:T1': { count: '4' },
      'slack:channel:C1': { style: 'exact' },
    });
    expect(await store.settings.remove('slack:team:T1', 'count')).toBe(true);
    expect(await store.settings.remove('slack:team:T1', 'count')).toBe(false);
    expect(await store.settings.read(['slack:team:T1'])).toEqual({});
    expect(await store.settings.read([])).toEqual({});
  });

  it('questions: records once per answer id and lists a period in time order with its fields intact', async () => {
    const store = await fresh();
    const base = { platform: 'discord', scope: 'discord:guild:1', command: 'quote', collections: ['lectures'] };
    await store.questions.record({ ...base, answerId: 'a2', askedAt: 2000, question: 'gpus', answered: true, citations: ['v1@12', 'v2@40'] });
    await store.questions.record({ ...base, answerId: 'a1', askedAt: 1000, question: 'quantum bananas', answered: false, citations: [] });
    await store.questions.record({ ...base, answerId: 'a1', askedAt: 1500, question: 'duplicate', answered: true, citations: [] });
    await store.questions.record({ ...base, answerId: 'a3', askedAt: 9000, question: 'later', answered: true, citations: [], collections: [] });
    const listed = await store.questions.list(0, 5000);
    expect(listed.map((q) => q.answerId)).toEqual(['a1', 'a2']);
    expect(listed[1]).toEqual({ ...base, answerId: 'a2', askedAt: 2000, question: 'gpus', answered: true, citations: ['v1@12', 'v2@40'] });
    expect(listed[0]!.answered).toBe(false);
    expect((await store.questions.find('a3'))?.collections).toEqual([]);
    expect(await store.questions.find('nope')).toBeUndefined();
  });

  it('votes: one per user per answer, changeable, and forget-me deletes only that user', async () => {
    const store = await fresh();
    const alice = hash('discord', '1001');
    const bob = hash('discord', '1002');
    const vote = { answerId: 'a1', question: 'gpus', citations: ['v1@12'], collections: ['lectures'] };
    expect(await store.votes.cast({ ...vote, userHash: alice, helpful: true, votedAt: 10 })).toBe('new');
    expect(await store.votes.cast({ ...vote, userHash: alice, helpful: true, votedAt: 11 })).toBe('same');
    expect(await store.votes.cast({ ...vote, userHash: alice, helpful: false, votedAt: 12 })).toBe('changed');
    expect(await store.votes.cast({ ...vote, userHash: bob, helpful: true, votedAt: 13 })).toBe('new');
    expect(await store.votes.cast({ ...vote, answerId: 'a2', userHash: alice, helpful: true, votedAt: 14 })).toBe('new');
    const listed = await store.votes.list(0, 100);
    expect(listed).toHaveLength(3);
    expect(listed.find((v) => v.answerId === 'a1' && !v.helpful)).toMatchObject({ question: 'gpus', citations: ['v1@12'], collections: ['lectures'], votedAt: 12 });
    expect(JSON.stringify(listed)).not.toContain('u1:');
    expect(await store.votes.forget(alice)).toBe(2);
    expect(await store.votes.countOf(alice)).toBe(0);
    expect(await store.votes.countOf(bob)).toBe(1);
    expect(await store.votes.forget(alice)).toBe(0);
  });

  it('events: only the first claim of an id wins, also from a second connection', async () => {
    const options = await database.fresh();
    const one = await openStore(options);
    const two = await openStore(options);
    open.push(one, two);
    const claims = await Promise.all([one.events.claim('Ev1'), two.events.claim('Ev1'), one.events.claim('Ev1'), two.events.claim('Ev1')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await two.events.claim('Ev2')).toBe(true);
  });

  it('cooldowns: a window per key, shared by two connections, with the time left', async () => {
    const options = await database.fresh();
    const one = await openStore(options);
    const two = await openStore(options);
    open.push(one, two);
    const key = hash('slack', 'U1');
    expect(await one.cooldowns.take(key, 3000, 1000)).toEqual({ ok: true });
    expect(await two.cooldowns.take(key, 3000, 2000)).toEqual({ ok: false, retryAfterMs: 2000 });
    expect(await one.cooldowns.take(hash('slack', 'U2'), 3000, 2000)).toEqual({ ok: true });
    expect(await two.cooldowns.take(key, 3000, 4000)).toEqual({ ok: true });
    expect(await one.cooldowns.take(key, 3000, 4001)).toEqual({ ok: false, retryAfterMs: 2999 });
    expect(await one.cooldowns.take(key, 0, 4002)).toEqual({ ok: true });
    const together = await Promise.all([one.cooldowns.take('k', 3000, 10_000), two.cooldowns.take('k', 3000, 10_000)]);
    expect(together.filter((r) => r.ok)).toHaveLength(1);
  });

  it('prune deletes old questions, votes, event ids and expired cooldowns, and keeps settings', async () => {
    const store = await fresh();
    const day = 24 * 3600 * 1000;
    const now = 100 * day;
    const q = { platform: 'console', scope: 'console', command: 'quote', answered: true, citations: [], collections: [] };
    await store.questions.record({ ...q, answerId: 'old', askedAt: now - 91 * day, question: 'old' });
    await store.questions.record({ ...q, answerId: 'new', askedAt: now - day, question: 'new' });
    const v = { question: 'x', citations: [], collections: [], helpful: true, userHash: hash('console', 'a') };
    await store.votes.cast({ ...v, answerId: 'old', votedAt: now - 91 * day });
    await store.votes.cast({ ...v, answerId: 'new', votedAt: now - day });
    await store.events.claim('old-event', now - 2 * day);
    await store.events.claim('new-event', now - 1000);
    await store.cooldowns.take('expired', 1000, now - 5000);
    await store.settings.write('console', 'count', '2', now - 200 * day);
    expect(await store.prune(now - 90 * day, now)).toEqual({ questions: 1, votes: 1, events: 1, cooldowns: 1 });
    expect((await store.questions.list(0, now)).map((r) => r.answerId)).toEqual(['new']);
    expect(await store.events.claim('old-event', now)).toBe(true);
    expect(await store.events.claim('new-event', now)).toBe(false);
    expect(await store.settings.read(['console'])).toEqual({ console: { count: '2' } });
  });

  it('keeps text exactly, including quotes, unicode and SQL-looking input', async () => {
    const store = await fresh();
    const question = `it's "Bobby'); DROP TABLE votes;--" ≈ café 🎉`;
    await store.questions.record({ answerId: 'x', askedAt: 1, platform: 'slack', scope: 's', command: 'quote', question, answered: true, citations: ['a@1'], collections: [] });
    await store.settings.write('s', 'collections', question);
    expect((await store.questions.find('x'))?.question).toBe(question);
    expect((await store.settings.read(['s'])).s?.collections).toBe(question);
    expect(await store.votes.countOf('anyone')).toBe(0);
  });
});

describe('userHasher', () => {
  it('is keyed: same id and secret give the same hash, another secret or platform another one, and the id never shows', () => {
    const a = userHasher('one');
    const b = userHasher('two');
    expect(a('discord', '42')).toBe(a('discord', '42'));
    expect(a('discord', '42')).not.toBe(b('discord', '42'));
    expect(a('discord', '42')).not.toBe(a('slack', '42'));
    expect(a('discord', '80351110224678912')).not.toContain('80351110224678912');
    expect(() => userHasher('')).toThrow(/secret/);
  });
});
