/** `quotebot ask --json`: chat lines in, the core's Answer out, one line per input line, in order. */
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerAskLine, runAskJson } from '../../src/cli/ask-json.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import { indexOf, SEED_DIR } from '../core/helpers.ts';

describe('ask --json', () => {
  let bot: QuoteBot;
  beforeAll(async () => {
    bot = new QuoteBot(await indexOf(SEED_DIR));
  });

  it('answers chat lines in order, with errors for bad lines, and follows resume tokens', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c) => chunks.push(String(c)));
    const done = runAskJson(bot, input, output);
    input.end(
      [
        JSON.stringify({ id: 1, text: 'quote gpus count:2' }),
        '',
        'oops',
        JSON.stringify({ id: 'x', text: '' }),
        JSON.stringify({ id: 3, text: 'timeline gpus' }),
        JSON.stringify({ id: 4, text: 'verify "the gpus appeared in our lab"' }),
        JSON.stringify({ id: 5, text: 'what does he say about food?' }),
      ].join('\n'),
    );
    await done;
    const lines = chunks.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([1, null, 'x', 3, 4, 5]);
    expect(lines[0].answer.kind).toBe('quotes');
    expect(lines[1].error).toMatch(/not valid JSON/);
    expect(lines[2].error).toMatch(/text/);
    expect(lines[3].answer.kind).toBe('timeline');
    expect(lines[4].answer.verify.verdict).toBe('verbatim');
    expect(lines[5].answer.kind).toBe('notice');
    expect(lines[5].answer.quotes).toBeUndefined();
    // A timeline with pages: resume its More token until there is none; every moment says "gpu".
    const first = lines[3].answer;
    const more = first.actions.find((a: { kind: string }) => a.kind === 'more');
    if (more) {
      const next = JSON.parse(await answerAskLine(bot, JSON.stringify({ id: 9, text: `resume ${more.token}` })));
      expect(next.answer.kind).toBe('timeline');
    }
    for (const g of first.groups) for (const q of g.quotes) expect(q.text).toMatch(/gpu/i);
  });
});
