import { describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import { stripMentions } from '../../src/core/parse.ts';
import { consoleUser, FIXTURE_DIR, indexOf } from './helpers.ts';

const bot = new QuoteBot(await indexOf(FIXTURE_DIR));
const parse = (text: string) => {
  const { command, args } = bot.parse(text, consoleUser);
  return { command, args };
};

describe('text syntax', () => {
  it('reads slash commands, bare command words and aliases', () => {
    expect(parse('/quote scaling laws')).toEqual({ command: 'quote', args: { topic: 'scaling laws' } });
    expect(parse('quote scaling laws')).toEqual({ command: 'quote', args: { topic: 'scaling laws' } });
    expect(parse('!ask How did GPUs help?')).toEqual({ command: 'quote', args: { topic: 'How did GPUs help?' } });
    expect(parse('/QUOTE gpus')).toEqual({ command: 'quote', args: { topic: 'gpus' } });
  });

  it('reads key:value options, quoted values and integers', () => {
    expect(parse('quote scaling laws video:determinant count:2')).toEqual({
      command: 'quote',
      args: { topic: 'scaling laws', video: 'determinant', count: 2 },
    });
    expect(parse('/quote roast speaker:"Bob Smith" video:"coffee chemistry"')).toEqual({
      command: 'quote',
      args: { topic: 'roast', speaker: 'Bob Smith', video: 'coffee chemistry' },
    });
    // A word:thing that is no option of the command stays in the topic.
    expect(parse('quote time:space tradeoffs')).toEqual({ command: 'quote', args: { topic: 'time:space tradeoffs' } });
    // Non-numbers stay text so validation can say what is wrong.
    expect(parse('quote x count:lots').args.count).toBe('lots');
  });

  it('strips mention prefixes of every platform', () => {
    expect(parse('@quotebot what about GPUs?')).toEqual({ command: 'quote', args: { topic: 'what about GPUs?' } });
    expect(parse('<@123456789> /random')).toEqual({ command: 'random', args: {} });
    expect(parse('<@!123> quote coffee')).toEqual({ command: 'quote', args: { topic: 'coffee' } });
    expect(parse('<@U0LAN0Z89|quotebot>: timeline coffee')).toEqual({ command: 'timeline', args: { topic: 'coffee' } });
    expect(stripMentions('<@U1> <@U2>, hello')).toBe('hello');
  });

  it('treats plain text as a quote topic, keeping "phrases"', () => {
    expect(parse('how did GPUs help?')).toEqual({ command: 'quote', args: { topic: 'how did GPUs help?' } });
    expect(parse('"dark roast" bitterness')).toEqual({ command: 'quote', args: { topic: '"dark roast" bitterness' } });
    expect(parse('“smart quotes” too')).toEqual({ command: 'quote', args: { topic: '"smart quotes" too' } });
  });

  it('reads a bare command word only when the rest fits it', () => {
    expect(parse('random thoughts about coffee')).toEqual({ command: 'quote', args: { topic: 'random thoughts about coffee' } });
    expect(parse('/random coffee chemistry')).toEqual({ command: 'random', args: { video: 'coffee chemistry' } });
    expect(parse('random video:coffee')).toEqual({ command: 'random', args: { video: 'coffee' } });
    expect(parse('videos')).toEqual({ command: 'videos', args: {} });
    expect(parse('videos about coffee')).toEqual({ command: 'quote', args: { topic: 'videos about coffee' } });
    expect(parse('videos 2')).toEqual({ command: 'videos', args: { page: 2 } });
    expect(parse('videos coffee')).toEqual({ command: 'quote', args: { topic: 'videos coffee' } });
    expect(parse('help quote')).toEqual({ command: 'help', args: { command: 'quote' } });
    expect(parse('help me find the espresso part')).toEqual({ command: 'quote', args: { topic: 'help me find the espresso part' } });
    expect(parse('more')).toEqual({ command: 'more', args: {} });
  });

  it('reads verify claims, context citations and positional integers', () => {
    expect(parse('verify "dark roast coffee has less caffeine"')).toEqual({ command: 'verify', args: { claim: '"dark roast coffee has less caffeine"' } });
    expect(parse('context cOfFeE12345@208 1 3')).toEqual({ command: 'context', args: { citation: 'cOfFeE12345@208', before: 1, after: 3 } });
    expect(parse('context cOfFeE12345@3:28 after:4')).toEqual({ command: 'context', args: { citation: 'cOfFeE12345@3:28', after: 4 } });
  });

  it('keeps unknown slash commands for a helpful reply and never throws', () => {
    expect(parse('/frobnicate now').command).toBe('frobnicate');
    for (const text of ['', '   ', '/', '@', '<@>', '"', 'key:"', '\u0000\u0007', '🤖🤖🤖', 'x'.repeat(5000)]) {
      expect(() => parse(text)).not.toThrow();
    }
    expect(bot.parse('resume m:3:3:x', consoleUser).command).toBe('quote'); // hidden commands are not typed
  });
});
