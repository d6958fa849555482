/**
 * The reloader wired into the real QuoteBot: the admin `reload` command, and chat queries answered from
 * the old index while a rebuild runs.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, loadFile } from '../../src/corpus/load.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import type { Answer, Requester } from '../../src/core/types.ts';
import { createReloader, type Reloader } from '../../src/reload/index.ts';
import { buildIndex } from '../../src/search/index.ts';
import { put, recordingLogger, talk, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

const admin: Requester = { platform: 'slack', userId: 'UADMIN' };
const member = (n: number): Requester => ({ platform: 'discord', userId: `member-${n}` });
const quotedFiles = (answer: Answer): string[] => (answer.quotes ?? []).map((q) => q.videoId).sort();

async function botWithReloader(gate?: Promise<void>, entered?: () => void): Promise<{ bot: QuoteBot; reloader: Reloader }> {
  let reloader!: Reloader;
  const bot = new QuoteBot(buildIndex(await loadCorpus(dir)), {
    cooldownSeconds: 0,
    admins: ['UADMIN'],
    reload: () => reloader.reload(),
  });
  reloader = createReloader({
    dir,
    bot,
    logger: recordingLogger(),
    loadFile: async (path, root, options) => {
      entered?.();
      await gate;
      return loadFile(path, root, options);
    },
  });
  return { bot, reloader };
}

describe('reloader + QuoteBot', () => {
  it('the admin reload command reports what changed; members may not reload', async () => {
    await put(dir, 'zebra.srt', talk('zebra'));
    const { bot } = await botWithReloader();
    await put(dir, 'walrus.srt', talk('walrus'));

    const denied = await bot.handle({ command: 'reload', args: {}, user: member(1) });
    expect(denied.kind).not.toBe('error');
    expect(denied.text ?? '').not.toMatch(/Reloaded/);
    expect(bot.index.corpus.transcripts.map((t) => t.file)).toEqual(['zebra.srt']);

    const answer = await bot.handle({ command: 'reload', args: {}, user: admin });
    expect(answer.text).toMatch(/Reloaded: 2 transcripts; added 1 \(walrus\.srt\)/);
    const found = await bot.handle(bot.parse('quote walrus', member(2)));
    expect(found.kind).toBe('quotes');
    expect(quotedFiles(found)).toContain('walrus');
  });

  it('answers chat queries from the old index while a rebuild reads files', async () => {
    await put(dir, 'zebra.srt', talk('zebra'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const { bot, reloader } = await botWithReloader(gate, entered);
    await put(dir, 'walrus.srt', talk('walrus'));
    const pending = reloader.reload();
    await inside;

    const during = await Promise.all(Array.from({ length: 20 }, (_, i) => bot.handle(bot.parse(i % 2 ? 'quote zebra' : 'quote walrus', member(i)))));
    for (const [i, answer] of during.entries()) {
      if (i % 2) expect(quotedFiles(answer)).toContain('zebra');
      else expect(quotedFiles(answer)).not.toContain('walrus');
    }
    release();
    expect((await pending).outcome).toBe('swapped');
    const after = await bot.handle(bot.parse('quote walrus', member(99)));
    expect(quotedFiles(after)).toContain('walrus');
  });

  it('the admin reload says so when an emptied folder is refused, and the bot keeps answering', async () => {
    await put(dir, 'zebra.srt', talk('zebra'));
    const { bot } = await botWithReloader();
    await unlink(join(dir, 'zebra.srt'));
    const answer = await bot.handle({ command: 'reload', args: {}, user: admin });
    expect(answer.text).toMatch(/^Not reloaded: the transcripts folder has no caption files\. Still serving the 1 transcript already loaded\./);
    expect(quotedFiles(await bot.handle(bot.parse('quote zebra', member(3))))).toContain('zebra');
  });
});
