import { describe, expect, it } from 'vitest';
import { quotesAnswer } from '../../src/core/commands/quote.ts';
import { timelineAnswer } from '../../src/core/commands/timeline.ts';
import { indexOf, SEED_DIR } from './helpers.ts';

describe('topics that cannot be answered (bundled transcript)', () => {
  it('timeline says a never-said real word is not covered, never "did you mean" a look-alike (food is not good)', async () => {
    const index = await indexOf(SEED_DIR);
    const answer = timelineAnswer(index, { topic: 'food', offset: 0 });
    expect(answer.kind).toBe('notice');
    expect(answer.text).toMatch(/^No passage mentions "food"\. Not covered/);
    expect(answer.text).not.toMatch(/good|Did you mean/);
  });
  it('says a topic of only common words or symbols has nothing to search for, instead of "no passage mentions the"', async () => {
    const index = await indexOf(SEED_DIR);
    for (const topic of ['the', 'what is it', '🤖🤖🤖']) {
      const quote = quotesAnswer(index, { topic, count: 3, offset: 0 });
      expect(quote.kind).toBe('notice');
      expect(quote.text).toMatch(/has no word to search for.*e\.g\. quote scaling laws/);
      const timeline = timelineAnswer(index, { topic, offset: 0 });
      expect(timeline.text).toMatch(/has no word to search for.*e\.g\. timeline scaling laws/);
    }
    // A quoted phrase is searched as typed.
    expect(quotesAnswer(index, { topic: '"the"', count: 3, offset: 0 }).kind).toBe('quotes');
  });
  it('names each missing word once (<script>alert(1)</script> lists "script" once)', async () => {
    const index = await indexOf(SEED_DIR);
    const answer = quotesAnswer(index, { topic: '<script>alert(1)</script>', count: 3, offset: 0 });
    expect(answer.text).toMatch(/^No passage mentions "script" or "alert"\. Not covered/);
  });
  it('lists the words they do say as said, not as typed ("compresion" -> "compression")', async () => {
    const index = await indexOf(SEED_DIR);
    const answer = quotesAnswer(index, { topic: 'food compresion', count: 3, offset: 0 });
    expect(answer.text).toMatch(/^No passage mentions "food"\. Not covered: the transcripts never say it in any form \(they do say "compression"\)/);
  });
});
