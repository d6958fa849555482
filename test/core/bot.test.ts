import { describe, expect, it } from 'vitest';
import { storedText } from '../../src/corpus/text.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import type { Answer, Quote } from '../../src/core/types.ts';
import { COFFEE_ID, consoleUser, discordUser, FIXTURE_DIR, indexOf, recordingLogger, SEED_DIR, SEED_ID, slackUser } from './helpers.ts';
import { expectAll } from '../helpers/expect-all.ts';

const seed = await indexOf(SEED_DIR);
const fixture = await indexOf(FIXTURE_DIR);

/** Every quote must be an exact slice of its transcript's stored text. */
function expectVerbatim(index: typeof seed, quotes: Quote[]) {
  for (const q of quotes) {
    const t = index.corpus.transcripts.find((tr) => tr.meta.id === q.videoId)!;
    expect(storedText(t).text).toContain(q.text);
    expect(q.citation).toBe(`${q.videoId}@${Math.floor(q.start)}`);
  }
}

const ask = (bot: QuoteBot, text: string, user = consoleUser) => bot.handle(bot.parse(text, user));

/** Throws like a broken index would. */
function failing(): never {
  throw new Error('disk on fire');
}

describe('quote', () => {
  it("leads /quote GPUs with Ilya's account of the GPUs in the Toronto lab, not the interviewer's question listing them", async () => {
    // README's headline example. The question ("...observations that a GPU ... Cuda GPU ... the Insight that the
    // GPU...") says the word most often; the answer is where the GPUs are discussed: the passages around it keep
    // saying it (discussion score), and the quote stays on the passage the ranker chose (snippet `beside`).
    const bot = new QuoteBot(seed);
    for (const text of ['/quote GPUs', 'how did GPUs help?', 'quote gpus count:5']) {
      const first = (await ask(bot, text)).quotes![0]!;
      expect(first.text, text).toMatch(/gpus appeared in our in our lab in our Toronto lab/);
      expect(first.text, text).not.toMatch(/observations that a GPU/);
    }
  });
  it('finds the GTX 580 passage on the seed, also misspelled and as a question, with a timed link', async () => {
    const bot = new QuoteBot(seed);
    for (const text of ['/quote GPUs', 'how did gpus help?', 'quote GTX 580']) {
      const answer = await ask(bot, text);
      expect(answer.kind).toBe('quotes');
      const first = answer.quotes![0]!;
      expect(answer.quotes!.some((q) => /gpu/i.test(q.text))).toBe(true);
      expect(first.url).toMatch(new RegExp(`^https://www\\.youtube\\.com/watch\\?v=${SEED_ID}&t=\\d+s$`));
      expect(first.approximate).toBe(true);
      expect(first.timeLabel).toMatch(/^≈\d+:\d\d$/);
      expectVerbatim(seed, answer.quotes!);
    }
  });

  it('honours count (1-10, out of range answered like a non-number), video and speaker filters on the fixture', async () => {
    const bot = new QuoteBot(fixture);
    const two = await ask(bot, 'quote coffee count:2');
    expect(two.quotes).toHaveLength(2);
    for (const count of ['0', '50', '-1']) {
      const answer = await ask(bot, `quote coffee count:${count}`);
      expect(answer.kind, count).toBe('notice');
      expect(answer.text, count).toBe('count must be a whole number from 1 to 10.');
    }
    expect((await ask(bot, 'quote coffee count:10')).quotes!.length).toBeGreaterThan(0);
    const tea = await ask(bot, 'quote oxidised video:tea-notes');
    expectAll(tea.quotes!, (q) => q.videoId === 'tea-notes' && q.url === undefined && q.timeLabel === q.timeLabel.replace('≈', ''));
    const bob = await ask(bot, 'quote roast speaker:Bob');
    expect(bob.quotes!.length).toBeGreaterThan(0);
    expectAll(bob.quotes!, (q) => q.speaker === 'Bob');
    expect((await ask(bot, 'quote coffee video:zzzqqqxxx')).text).toMatch(/No video matches "zzzqqqxxx"/);
    expect((await ask(bot, 'quote coffee count:lots')).text).toMatch(/count must be a whole number/);
  });

  it('answers empty, huge, emoji-only and nonsense topics helpfully', async () => {
    const bot = new QuoteBot(seed);
    expect((await bot.handle({ command: 'quote', args: { topic: '' }, user: consoleUser })).text).toMatch(/quote needs a topic/);
    // Nonsense: a helpful "no passage" notice (or whatever typo correction finds), never an error.
    for (const topic of ['🤖🎉🔥', 'qqxzv blorptang', 'x'.repeat(4000), '(?:[a-z]+)*$ !^=|\'']) {
      const answer = await bot.handle({ command: 'quote', args: { topic }, user: consoleUser });
      expect(['quotes', 'notice'], topic.slice(0, 40)).toContain(answer.kind);
      if (answer.kind === 'notice') expect(answer.text).toMatch(/^No passage mentions ".{1,61}"\.|^".{1,41}" has no word to search for/);
      if (answer.actions) for (const a of answer.actions) expect(a.token.length).toBeLessThanOrEqual(64);
    }
    expect((await bot.handle({ command: 'quote', args: { topic: 'x'.repeat(4000) }, user: consoleUser })).text).toMatch(/^No passage mentions/);
    expect((await bot.handle({ command: 'quote', args: { topic: '🤖🎉🔥' }, user: consoleUser })).text).toMatch(/^"🤖🎉🔥" has no word to search for/);
    // A huge topic made of words that were said is still answered with quotes, and its tokens fit.
    const huge = await bot.handle({ command: 'quote', args: { topic: 'scaling laws '.repeat(300) }, user: consoleUser });
    expect(huge.kind).toBe('quotes');
    expectAll(huge.quotes, (q) => /scal/i.test(q.text), 'quotes about scaling');
    expectAll(huge.actions, (a) => a.token.length <= 64, 'button tokens of at most 64 characters');
    // A question about something never said names the subject, not the whole question.
    const asked = await bot.handle({ command: 'quote', args: { topic: 'what does he think about reliability?' }, user: consoleUser });
    expect(asked.text).toMatch(/^No passage mentions "reliability"\./);
  });

  it('suggests vocabulary words for a typo that finds nothing', async () => {
    const bot = new QuoteBot(fixture);
    const answer = await ask(bot, 'quote expresso machne');
    if (answer.kind === 'notice') expect(answer.text).toMatch(/Did you mean|Try other words/);
    else expect(answer.quotes!.some((q) => /espresso/i.test(q.text))).toBe(true);
  });
});

describe('paging', () => {
  it('More continues where page 1 ended, also in a new QuoteBot (a restart), without repeating', async () => {
    const first = await new QuoteBot(fixture).handle({ command: 'quote', args: { topic: 'coffee', count: 2 }, user: discordUser });
    const more = first.actions!.find((a) => a.kind === 'more')!;
    expect(more.token.length).toBeLessThanOrEqual(64);
    expect(more.token).not.toContain('|');
    const restarted = new QuoteBot(fixture);
    const second = await restarted.handle({ command: 'resume', args: { token: more.token }, user: discordUser });
    expect(second.kind).toBe('quotes');
    expect(second.page!.offset).toBe(2);
    const seen = new Set(first.quotes!.map((q) => q.citation));
    for (const q of second.quotes!) expect(seen.has(q.citation)).toBe(false);
  });

  it('typed "more" follows the same user\'s last answer; share re-posts publicly; bad tokens are refused politely', async () => {
    const bot = new QuoteBot(fixture);
    const first = await ask(bot, 'quote coffee count:2');
    const typed = await ask(bot, 'more');
    expect(typed.page?.offset).toBe(2);
    expect((await ask(bot, 'more', { platform: 'console', userId: 'someone-else' })).text).toMatch(/nothing more/);
    // Past the last page "more" says the answer is complete, not "ask something first".
    let last = typed;
    for (let i = 0; i < 10 && last.kind === 'quotes'; i++) last = await ask(bot, 'more');
    expect(last.text).toMatch(/^That was all: your last answer has no more pages/);
    const share = first.actions!.find((a) => a.kind === 'share')!;
    const shared = await bot.handle({ command: 'resume', args: { token: share.token }, user: consoleUser });
    expect(shared.ephemeral).toBe(false);
    expect(shared.quotes!.map((q) => q.citation)).toEqual(first.quotes!.map((q) => q.citation));
    expect(shared.actions!.some((a) => a.kind === 'share')).toBe(false);
    expect((await bot.handle({ command: 'resume', args: { token: 'garbage|x' }, user: consoleUser })).text).toMatch(/no longer works/);
  });
});

describe('random, videos', () => {
  it('random returns a verbatim passage, from the chosen video, deterministic with an injected rng', async () => {
    const bot = new QuoteBot(fixture, { rng: () => 0.42 });
    const a = await ask(bot, '/random coffee chemistry');
    expect(a.kind).toBe('quotes');
    expect(a.quotes![0]!.videoId).toBe(COFFEE_ID);
    expectVerbatim(fixture, a.quotes!);
    const b = await ask(bot, '/random coffee chemistry');
    expect(b.quotes![0]!.citation).toBe(a.quotes![0]!.citation);
    const share = a.actions!.find((x) => x.kind === 'share')!;
    const shared = await new QuoteBot(fixture).handle({ command: 'resume', args: { token: share.token }, user: consoleUser });
    expect(shared.quotes![0]!.videoId).toBe(COFFEE_ID);
  });

  it('videos lists title, duration and link', async () => {
    const answer = await ask(new QuoteBot(fixture), 'videos');
    expect(answer.kind).toBe('videos');
    expect(answer.videos).toEqual([
      { id: COFFEE_ID, title: 'Coffee Chemistry with Alice and Bob', channel: 'Kitchen Science', duration: 460, durationLabel: '7:40', url: `https://www.youtube.com/watch?v=${COFFEE_ID}` },
      { id: 'tea-notes', title: 'tea-notes' },
    ]);
  });

  it('videos N is page N of the list, or a clear reply past the end (never a quote topic)', async () => {
    const bot = new QuoteBot(fixture);
    expect((await ask(bot, 'videos 1')).videos).toEqual((await ask(bot, 'videos')).videos);
    const past = await ask(bot, 'videos 2');
    expect(past.kind).toBe('notice');
    expect(past.text).toBe('There is no page 2: the list has 2 videos (1 page). Type videos for the first.');
    expect((await ask(bot, 'videos page:0')).text).toBe('page must be a whole number of at least 1.');
  });
});

describe('verify, timeline, context', () => {
  it('verify: verbatim, near with differences, none', async () => {
    const bot = new QuoteBot(fixture);
    const exact = await ask(bot, 'verify "Dark roast coffee has slightly less caffeine by weight"');
    expect(exact.verify?.verdict).toBe('verbatim');
    expect(exact.quotes![0]!.videoId).toBe(COFFEE_ID);
    const near = await ask(bot, 'verify "dark roast coffee has a little less caffeine by weight"');
    expect(near.verify?.verdict).toBe('near');
    expect(near.verify!.differences.length).toBeGreaterThan(0);
    expect(near.text).toMatch(/claimed/);
    const none = await ask(bot, 'verify "penguins compose symphonies underwater"');
    expect(none.verify?.verdict).toBe('none');
    expect((await ask(bot, 'verify ""')).text).toMatch(/Give the quote to check/);
  });

  it('timeline: every moment in time order, first / most extensive / last marked', async () => {
    const answer = await ask(new QuoteBot(fixture), 'timeline coffee');
    expect(answer.kind).toBe('timeline');
    const group = answer.groups!.find((g) => g.quotes[0]!.videoId === COFFEE_ID)!;
    const starts = group.quotes.map((q) => q.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(group.quotes.length).toBeGreaterThanOrEqual(3);
    expectAll(group.quotes, (q) => /coffee/i.test(q.text));
    expect(group.quotes[0]!.note).toMatch(/first mention/);
    expect(group.quotes.at(-1)!.note).toMatch(/last mention/);
    const extensive = group.quotes.find((q) => /most extensive/.test(q.note ?? ''))!;
    // The 3:20-3:52 stretch has the most mentions of coffee.
    expect(extensive.start).toBeGreaterThanOrEqual(195);
    expect(extensive.start).toBeLessThan(240);
    expect(group.notes!.join(' ')).toMatch(/moments: first/);
  });

  it('context: the cited passage marked, with neighbours, from a citation of an answer', async () => {
    const bot = new QuoteBot(seed);
    const quote = (await ask(bot, 'quote GTX 580')).quotes![0]!;
    const answer = await ask(bot, `context ${quote.citation} before:1 after:1`);
    expect(answer.kind).toBe('context');
    const quotes = answer.groups![0]!.quotes;
    expect(quotes.length).toBeGreaterThanOrEqual(2);
    expect(quotes.filter((q) => q.note === 'cited moment')).toHaveLength(1);
    expect(quotes.map((q) => q.start)).toEqual([...quotes.map((q) => q.start)].sort((a, b) => a - b));
    expectVerbatim(seed, quotes);
    expect((await ask(bot, 'context nonsense')).text).toMatch(/citation like/);
    expect((await ask(bot, 'context nope@12')).text).toMatch(/No video has the id "nope"/);
  });
});

describe('QuoteBot', () => {
  it('answers a throwing handler with kind error and a reference that is logged with the stack', async () => {
    const logger = recordingLogger();
    const bot = new QuoteBot(seed, { logger });
    // An index whose listing fails: the `videos` handler throws.
    bot.setIndex(new Proxy(seed, { get: (target, key) => (key === 'corpus' ? failing() : Reflect.get(target, key)) }));
    const answer = await ask(bot, 'videos');
    expect(answer.kind).toBe('error');
    expect(answer.reference).toMatch(/^E[0-9A-Z]{6}$/);
    expect(answer.text).toContain(answer.reference);
    expect(answer.text).not.toContain('disk on fire');
    const logged = logger.lines.find((l) => l.level === 'error')!;
    expect(logged.obj.reference).toBe(answer.reference);
    expect((logged.obj.err as Error).stack).toContain('disk on fire');
    // The bot keeps serving.
    bot.setIndex(seed);
    expect((await ask(bot, 'quote gpus')).kind).toBe('quotes');
  });

  it('answers a failing search with kind error and a logged reference, never "no passage mentions"', async () => {
    const logger = recordingLogger();
    const bot = new QuoteBot(seed, { logger });
    const broken = (method: 'search' | 'mentions' | 'verify') =>
      new Proxy(seed, { get: (target, key) => (key === method ? () => failing() : Reflect.get(target, key)) });
    for (const [method, text] of [['search', 'quote gpus'], ['mentions', 'timeline gpus'], ['verify', 'verify "the gpus appeared in our lab"']] as const) {
      bot.setIndex(broken(method));
      const answer = await ask(bot, text);
      expect(answer.kind, text).toBe('error');
      expect(answer.text).toContain(answer.reference);
      const logged = logger.lines.find((l) => l.level === 'error' && l.obj.reference === answer.reference)!;
      expect((logged.obj.err as Error).stack).toContain('disk on fire');
    }
  });

  it('rate-limits chat users per platform with a polite notice; help and the console are exempt', async () => {
    let now = 0;
    const bot = new QuoteBot(fixture, { cooldownSeconds: 3, now: () => now });
    expect((await ask(bot, 'quote coffee', discordUser)).kind).toBe('quotes');
    const refused = await ask(bot, 'quote tea', discordUser);
    expect(refused).toMatchObject({ kind: 'notice', ephemeral: true });
    expect(refused.text).toMatch(/ask again in 3 seconds/);
    expect((await ask(bot, 'help', discordUser)).kind).toBe('help');
    expect((await ask(bot, 'quote tea', slackUser)).kind).toBe('quotes');
    expect((await ask(bot, 'quote tea')).kind).toBe('quotes');
    expect((await ask(bot, 'quote tea')).kind).toBe('quotes');
    now = 3000;
    expect((await ask(bot, 'quote tea', discordUser)).kind).toBe('quotes');
  });

  it('reload is admin-only, calls the injected function, reports the change and logs it', async () => {
    const logger = recordingLogger();
    let calls = 0;
    const bot = new QuoteBot(fixture, {
      logger,
      admins: ['U999'],
      reload: async () => {
        calls++;
        return { transcripts: 3, added: ['new [x].vtt'], changed: [], removed: ['old.srt'], skipped: ['bad.vtt:3: no cues'] };
      },
    });
    expect((await ask(bot, '/reload', slackUser)).text).toMatch(/Only admins/);
    expect(calls).toBe(0);
    const ok = await ask(bot, '/reload', { platform: 'slack', userId: 'U999' });
    expect(ok.text).toMatch(/Reloaded: 3 transcripts; added 1 \(new \[x\]\.vtt\), removed 1 \(old\.srt\)/);
    expect(ok.text).toMatch(/Skipped 1: bad\.vtt:3: no cues/);
    expect((await ask(bot, '/reload', { platform: 'discord', userId: '5', isAdmin: true })).kind).toBe('notice');
    expect(calls).toBe(2);
    expect(logger.lines.some((l) => l.level === 'info' && l.msg === 'admin command reload')).toBe(true);
  });

  it('setIndex swaps atomically; unknown commands and closing are answered, never thrown', async () => {
    const bot = new QuoteBot(fixture);
    expect((await ask(bot, '/videos')).videos!.length).toBe(2);
    bot.setIndex(seed);
    expect(bot.index).toBe(seed);
    expect((await ask(bot, '/videos')).videos!.map((v) => v.id)).toEqual([SEED_ID]);
    expect((await ask(bot, '/frobnicate')).text).toMatch(/Unknown command "frobnicate"/);
    expect((await bot.handle({ command: undefined as unknown as string, args: undefined as never, user: consoleUser })).kind).toBe('notice');
    bot.close();
    expect((await ask(bot, 'quote gpus')).text).toMatch(/restarting/);
    expect(await bot.drain(10)).toBe(true);
  });

  it('complete(): topics, videos (value = id) and speakers, at most 25, <= 100 characters', () => {
    const bot = new QuoteBot(fixture);
    const videos = bot.complete('video', 'coffee');
    expect(videos[0]).toEqual({ name: 'Coffee Chemistry with Alice and Bob', value: COFFEE_ID });
    expect(bot.complete('video', '').length).toBe(2);
    expect(bot.complete('speaker', 'b')).toEqual([{ name: 'Bob', value: 'Bob' }]);
    const topics = bot.complete('topic', 'cof');
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.length).toBeLessThanOrEqual(25);
    for (const c of [...topics, ...bot.complete('topic', ''), ...bot.complete('topic', 'x'.repeat(500), 99)]) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });
});

/** Keeps TypeScript from flagging the Answer import as unused in editors that check tests. */
export type _A = Answer;

describe('cooldown notices', () => {
  it('20 requests in 2 s from one user: one answer, one notice, then quiet notices (adapters stay silent)', async () => {
    let now = 5_000_000;
    const bot = new QuoteBot(seed, { cooldownSeconds: 3, now: () => now });
    const answers: Answer[] = [];
    for (let i = 0; i < 20; i++, now += 100) answers.push(await bot.handle({ command: 'quote', args: { topic: 'GPUs' }, user: discordUser }));
    expect(answers[0]!.kind).toBe('quotes');
    expect(answers[1]).toMatchObject({ kind: 'notice', ephemeral: true });
    expect(answers[1]!.quiet).toBeUndefined();
    expect(answers.slice(2).every((a) => a.kind === 'notice' && a.ephemeral === true && a.quiet === true)).toBe(true);
  });
});
