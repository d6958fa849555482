/** The admin chat command `add <url>`: admins only, answers at once, then the summary as a follow-up. */
import { describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import type { AddStart } from '../../src/core/commands/index.ts';
import { consoleUser, discordUser, FIXTURE_DIR, indexOf, recordingLogger, slackUser } from './helpers.ts';

const fixture = await indexOf(FIXTURE_DIR);

function botWith(addVideos?: (url: string) => Promise<AddStart>, admins: string[] = []) {
  const logger = recordingLogger();
  return { bot: new QuoteBot(fixture, { cooldownSeconds: 0, logger, admins, ...(addVideos ? { addVideos } : {}) }), logger };
}

describe('add (chat)', () => {
  it('only admins may add: others are told so and nothing starts', async () => {
    const calls: string[] = [];
    const { bot } = botWith(async (url) => {
      calls.push(url);
      return { videos: 1, done: Promise.resolve(['ok']) };
    }, ['U999']);
    for (const user of [discordUser, slackUser]) {
      const answer = await bot.handle(bot.parse('add https://www.youtube.com/@x', user));
      expect(answer).toEqual({ kind: 'notice', ephemeral: true, text: 'Only admins can use add.' });
    }
    expect(calls).toEqual([]);
    // Admins as for reload: the platform's flag, QUOTEBOT_ADMINS ids, the local console.
    for (const user of [{ ...discordUser, isAdmin: true }, { platform: 'slack' as const, userId: 'U999' }, consoleUser]) {
      expect((await bot.handle(bot.parse('add https://www.youtube.com/@x', user))).followUp).toBeDefined();
    }
    expect(calls).toEqual(['https://www.youtube.com/@x', 'https://www.youtube.com/@x', 'https://www.youtube.com/@x']);
    // Hidden from non-admins' help, listed in admins'.
    expect((await bot.handle(bot.parse('help', discordUser))).commands!.map((c) => c.name)).not.toContain('add');
    expect((await bot.handle(bot.parse('help', consoleUser))).commands!.map((c) => c.name)).toContain('add');
  });

  it('answers "fetching N videos" at once, then the summary; a refusal or an empty listing is one answer', async () => {
    let finish!: (lines: string[]) => void;
    const { bot, logger } = botWith(async (url) => {
      if (url === 'bad') return { videos: 0, refused: 'That is not a URL.', done: Promise.resolve([]) };
      if (url.endsWith('/empty')) return { videos: 0, done: Promise.resolve(['Added 0, already there 0, without captions 0, failed 1.', 'Failed: x: private video']) };
      return { videos: 12, done: new Promise((resolve) => (finish = resolve)) };
    });
    const first = await bot.handle(bot.parse('add https://www.youtube.com/@rivers', consoleUser));
    expect(first).toMatchObject({ kind: 'notice', ephemeral: true, text: 'Fetching 12 videos from https://www.youtube.com/@rivers ... the summary follows when they are done.' });
    finish(['Added 11, already there 0, without captions 1, failed 0.']);
    expect(await first.followUp).toEqual({ kind: 'notice', ephemeral: true, text: 'Added 11, already there 0, without captions 1, failed 0.' });
    expect(await bot.handle(bot.parse('add bad', consoleUser))).toEqual({ kind: 'notice', ephemeral: true, text: 'That is not a URL.' });
    const empty = await bot.handle(bot.parse('add https://example.org/empty', consoleUser));
    expect(empty).toEqual({ kind: 'notice', ephemeral: true, text: 'Added 0, already there 0, without captions 0, failed 1.\nFailed: x: private video' });
    expect((await bot.handle(bot.parse('add', consoleUser))).text).toMatch(/^add needs a url: /);
    expect(logger.lines.filter((l) => l.msg === 'admin command add')).toHaveLength(3); // the bare `add` was refused before
  });

  it('a follow-up that fails becomes an error answer with a reference id, the stack logged', async () => {
    const { bot, logger } = botWith(async () => ({ videos: 2, done: Promise.reject(new Error('disk full')) }));
    const first = await bot.handle(bot.parse('add https://www.youtube.com/@x', consoleUser));
    const next = await first.followUp!;
    expect(next.kind).toBe('error');
    expect(next.text).toContain(next.reference!);
    expect(logger.lines.find((l) => l.level === 'error')!.obj).toMatchObject({ reference: next.reference, command: 'add' });
  });

  it('without a downloader (one-shot modes) says so', async () => {
    const { bot } = botWith();
    expect((await bot.handle(bot.parse('add dQw4w9WgXcQ', consoleUser))).text).toBe('Adding videos is not available in this mode; run npx quotebot add <url> on the server.');
  });
});
