import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../../src/adapters/console/chat.ts';
import { QuoteBot } from '../../../src/core/bot.ts';
import { FIXTURE_DIR, indexOf } from '../../core/helpers.ts';

async function chat(lines: string, interactive = false): Promise<string> {
  const bot = new QuoteBot(await indexOf(FIXTURE_DIR));
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk));
  input.end(lines);
  await runConsoleChat(bot, { input, output, interactive });
  return text;
}

describe('console chat', () => {
  it('answers piped lines in order and returns at end of input', async () => {
    const text = await chat('/quote espresso\n\n@quotebot oolong tea?\nmore\n');
    const espresso = text.indexOf('espresso machine');
    const oolong = text.indexOf('Oolong tea sits between green and black');
    expect(espresso).toBeGreaterThan(-1);
    expect(oolong).toBeGreaterThan(espresso);
    expect(text).not.toContain('quotebot>');
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('stops at exit, and greets with a prompt when interactive', async () => {
    const text = await chat('exit\n/quote espresso\n', true);
    expect(text).toContain('quotebot: ask about anything said in 2 videos');
    expect(text).not.toContain('espresso machine');
  });
});

describe('console pictures', () => {
  it('prints the sparklines of a timeline and the path of the PNG it wrote, after the text', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'quotebot-pics-'));
    try {
      const bot = new QuoteBot(await indexOf(FIXTURE_DIR));
      const input = new PassThrough();
      const output = new PassThrough();
      let text = '';
      output.on('data', (chunk) => (text += chunk));
      input.end('timeline espresso\n');
      await runConsoleChat(bot, { input, output, interactive: false, picturesDir: dir });
      const path = /^Picture: (.+\.png)$/m.exec(text)?.[1];
      expect(path?.startsWith(dir)).toBe(true);
      const png = await readFile(path!);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(text.indexOf('Timeline of')).toBeLessThan(text.indexOf('Picture:'));
      // One sparkline per video: 40 block characters, then the title.
      expect(text).toMatch(/^[▁▂▃▄▅▆▇█]{40} {2}\S/mu);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
