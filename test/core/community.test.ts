/**
 * settings, feedback, forget-me and report through the bot, on SQLite and (when configured) PostgreSQL,
 * and quoting that keeps working when the database fails.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import { Memory } from '../../src/core/memory.ts';
import type { Requester } from '../../src/core/types.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { openStore, userHasher, type Store } from '../../src/store/index.ts';
import { databases, tempDir } from '../store/databases.ts';
import { indexOf, recordingLogger, SEED_DIR } from './helpers.ts';

let index: SearchIndex;
beforeAll(async () => {
  index = await indexOf(SEED_DIR);
});

const admin: Requester = { platform: 'discord', userId: '9001', isAdmin: true, space: 'G1', channel: 'C1' };
const member: Requester = { platform: 'discord', userId: '9002', space: 'G1', channel: 'C1' };
const otherChannel: Requester = { platform: 'discord', userId: '9003', space: 'G1', channel: 'C2' };
const otherServer: Requester = { platform: 'discord', userId: '9004', space: 'G2', channel: 'C9' };

describe.each(databases())('community commands on $name', (database) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  let clock = 1_000_000_000_000;
  async function bot(options: { file?: string; url?: string } | undefined = undefined, cooldownSeconds = 0) {
    const store = await openStore(options ?? (await database.fresh()));
    stores.push(store);
    const logger = recordingLogger();
    const memory = new Memory(store, { secret: 'test-secret', logger, now: () => clock });
    return { bot: new QuoteBot(index, { memory, logger, cooldownSeconds, now: () => clock }), store, logger };
  }
  const say = (b: QuoteBot, user: Requester, text: string) => b.handle(b.parse(text, user));

  it('settings: shows defaults, admins set per server and per channel, bad values change nothing, survive a restart', async () => {
    const options = await database.fresh();
    const { bot: b } = await bot(options);
    expect((await say(b, member, '/settings')).text).toContain('count: 3 (default)');
    expect((await say(b, member, '/settings count 5')).text).toMatch(/^Only admins can change settings/);
    expect((await say(b, admin, '/settings count 12')).text).toBe('count must be a whole number from 1 to 10, e.g. settings count 5. Nothing was changed.');
    expect((await say(b, admin, '/settings colour blue')).text).toMatch(/^There is no setting "colour"\. Settings: count, visibility, cooldown/);
    expect((await say(b, admin, '/settings visibility secret')).text).toContain('public or ephemeral');
    expect((await say(b, admin, '/settings count 5 where:everywhere')).text).toContain('where must be server or channel');
    expect((await say(b, admin, '/settings count 2')).text).toBe('count is now 2 for this server.');
    expect((await say(b, admin, '/settings count 1 where:channel')).text).toBe('count is now 1 for this channel.');

    const restarted = (await bot(options)).bot;
    expect((await say(restarted, member, '/settings')).text).toContain('count: 1 (this channel)');
    expect((await say(restarted, otherChannel, '/settings')).text).toContain('count: 2 (this server)');
    expect((await say(restarted, otherServer, '/settings')).text).toContain('count: 3 (default)');
    expect((await say(restarted, member, 'quote training')).quotes).toHaveLength(1);
    expect((await say(restarted, otherChannel, 'quote training')).quotes).toHaveLength(2);
    expect((await say(restarted, otherChannel, 'quote training count:3')).quotes).toHaveLength(3);
    expect((await say(restarted, admin, '/settings count default where:channel')).text).toBe('count is back to the default for this channel.');
    expect((await say(restarted, member, 'quote training')).quotes).toHaveLength(2);
  });

  it('visibility ephemeral makes answers private; the cooldown setting is shared by two bots on one database', async () => {
    const options = await database.fresh();
    const one = (await bot(options, 3)).bot;
    const two = (await bot(options, 3)).bot;
    expect((await say(one, member, 'quote training')).ephemeral).toBe(false);
    clock += 10_000;
    await say(one, admin, '/settings visibility ephemeral');
    clock += 10_000;
    expect((await say(two, member, 'quote training')).ephemeral).toBe(true);
    clock += 1000;
    expect((await say(one, member, 'quote deep learning')).text).toMatch(/^One moment, please/);
    clock += 10_000;
    await say(one, admin, '/settings cooldown 60');
    clock += 10_000;
    expect((await say(two, member, 'quote training')).kind).toBe('quotes');
    clock += 30_000;
    expect((await say(one, member, 'quote training')).text).toMatch(/^One moment, please/);
  });

  it('feedback: one changeable vote per user per answer, stored with question and citations, never the user id; forget-me deletes them', async () => {
    const { bot: b, store } = await bot();
    expect((await say(b, member, 'feedback helpful')).text).toMatch(/^There is no answer to vote on yet/);
    const answer = await say(b, member, 'quote training');
    expect(answer.feedback?.answerId).toMatch(/^a/);
    expect((await say(b, member, 'feedback helpful')).text).toBe('Thanks: recorded as helpful.');
    expect((await say(b, member, 'feedback helpful')).text).toBe('You already voted helpful.');
    expect((await say(b, member, 'feedback not-helpful')).text).toBe('Changed your vote to not helpful.');
    expect((await say(b, admin, `feedback helpful answer:${answer.feedback!.answerId}`)).text).toBe('Thanks: recorded as helpful.');
    expect((await say(b, member, 'feedback maybe')).text).toBe('Vote helpful or not-helpful, e.g. feedback helpful.');
    expect((await say(b, member, 'feedback helpful answer:nope')).text).toMatch(/no longer on record/);
    const votes = await store.votes.list(0, Number.MAX_SAFE_INTEGER);
    expect(votes).toHaveLength(2);
    expect(votes[0]).toMatchObject({ question: 'training', citations: answer.quotes!.map((q) => q.citation) });
    const dump = JSON.stringify(await store.db.selectFrom('votes').selectAll().execute());
    expect(dump).not.toContain('9002');
    expect(dump).toContain(userHasher('test-secret')('discord', '9002'));
    expect((await say(b, member, 'forget-me')).text).toBe('Deleted your 1 vote. quotebot keeps nothing else that names you.');
    expect((await say(b, member, 'forget-me')).text).toMatch(/^quotebot holds no votes of yours/);
    expect(await store.votes.countOf(userHasher('test-secret')('discord', '9001'))).toBe(1);
  });

  it('report: asked, share answered, most asked topics, unanswered topics grouped by content words, most and least helpful quotes', async () => {
    const { bot: b } = await bot();
    expect((await say(b, member, '/report')).text).toBe('Only admins can use report.');
    const tea = await say(b, member, 'quote training');
    await say(b, member, 'feedback helpful');
    await say(b, otherChannel, 'quote deep learning');
    await say(b, otherChannel, 'feedback not-helpful');
    await say(b, member, 'quote bananas');
    await say(b, otherChannel, 'what about quantum bananas?');
    await say(b, otherServer, 'what about a banana smoothie?');
    const report = (await say(b, admin, '/report 7')).text!;
    expect(report).toContain('Questions asked: 5; answered: 2 (40%)');
    expect(report).toMatch(/Most asked topics:\n {2}3 x bananas \/ banana smoothie \/ quantum bananas\n {2}1 x deep learning\n {2}1 x training/);
    expect(report).toMatch(/Nobody could answer \(add videos about these\):\n {2}3 x bananas \/ banana smoothie \/ quantum bananas\n {2}1 x deep learning\n/);
    const mostHelpful = report.split('Quotes voted most helpful:\n')[1]!.split('Quotes voted least helpful:')[0]!;
    for (const q of tea.quotes!) expect(mostHelpful).toContain(`  ${q.citation}: 1 helpful, 0 not helpful\n`);
    expect(report).toMatch(/Quotes voted least helpful:\n {2}\S+@\d+: 0 helpful, 1 not helpful/);
  });

  it('without a database the community commands say so and quoting is unchanged', async () => {
    const plain = new QuoteBot(index, { cooldownSeconds: 0 });
    expect((await say(plain, admin, '/settings')).text).toMatch(/needs the database, which is off/);
    expect((await say(plain, member, 'quote training')).kind).toBe('quotes');
  });

  it('help lists settings, feedback and forget-me; report only for admins', async () => {
    const { bot: b } = await bot();
    const forMember = (await say(b, member, 'help')).commands!.map((c) => c.name);
    expect(forMember).toEqual(expect.arrayContaining(['settings', 'feedback', 'forget-me']));
    expect(forMember).not.toContain('report');
    expect((await say(b, admin, 'help')).commands!.map((c) => c.name)).toContain('report');
  });
});

describe('when the database fails at run time', () => {
  it('answers still work, the failed write is logged, and settings fall back to the defaults', async () => {
    const file = join(tempDir(), 'busy.db');
    const store = await openStore({ file, busyTimeoutMs: 20 });
    const logger = recordingLogger();
    const memory = new Memory(store, { secret: 's', logger });
    const b = new QuoteBot(index, { memory, logger, cooldownSeconds: 0 });
    const other = new SQLite(file);
    try {
      other.exec('begin exclusive');
      // With an exclusive lock even reads fail: settings fall back, the question log write fails; the answer goes out.
      other.exec('create table if not exists hold (x)');
      const answer = await b.handle(b.parse('quote training', member));
      expect(answer.kind).toBe('quotes');
      expect(logger.lines.some((l) => l.level === 'warn' && /could not log a question; answering without it: database .*busy\.db: it is locked/.test(l.msg ?? ''))).toBe(true);
    } finally {
      other.exec('rollback');
      other.close();
      await store.close();
    }
  });
});
