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
