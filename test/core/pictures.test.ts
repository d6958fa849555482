import { describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import { decodeToken, encodeToken } from '../../src/core/paging.ts';
import { CARD_TOKEN } from '../../src/core/commands/card.ts';
import { RESUMES } from '../../src/core/commands/index.ts';
import { timelinePicture } from '../../src/core/timeline-picture.ts';
import type { Hit } from '../../src/search/types.ts';
import { consoleUser, discordUser, indexOf, SEED_DIR, SEED_ID } from './helpers.ts';

const video = { id: 'v1', title: 'Talk', duration: 600 };
const hit = (start: number, end: number) => ({ start, end, score: 1, approximate: false, video, transcript: { cues: [] } }) as unknown as Hit;

describe('timeline picture data', () => {
  it('has one bar per video with every moment, weighted by the size of its stretch of discussion', () => {
    const hits = [hit(10, 20), hit(200, 210), hit(250, 260), hit(300, 320), hit(550, 560)];
    const picture = timelinePicture('Timeline of "x"', '5 moments in 1 video', [{ hits, stretch: { first: 1, last: 3 } }], 90);
    const [bar] = picture.bars;
    expect(bar!.duration).toBe(600);
    expect(bar!.moments.map((m) => m.start)).toEqual([10, 200, 250, 300, 550]);
    expect(bar!.moments.map((m) => m.weight)).toEqual([0.3, 1, 1, 1, 0.3]);
    expect(bar!.first).toEqual({ start: 10, label: '0:10' });
    expect(bar!.extensive).toEqual({ start: 200, end: 320, label: '3:20-5:20' });
    expect(picture.more).toBe(0);
  });

  it('keeps 20 videos and counts the rest', () => {
    const videos = Array.from({ length: 23 }, (_, i) => ({ hits: [{ ...hit(i, i + 5), video: { ...video, id: `v${i}` } } as Hit], stretch: { first: 0, last: 0 } }));
    const picture = timelinePicture('t', 's', videos, 90);
    expect(picture.bars).toHaveLength(20);
    expect(picture.more).toBe(3);
    expect(picture.bars[0]!.extensive).toBeUndefined();
  });

  it('uses the end of the last caption when the video has no known length', () => {
    const noLength = { start: 5, end: 9, score: 1, approximate: true, video: { id: 'v', title: 'T' }, transcript: { cues: [{ start: 0, end: 1234 }] } } as unknown as Hit;
    expect(timelinePicture('t', 's', [{ hits: [noLength], stretch: { first: 0, last: 0 } }], 90).bars[0]!.duration).toBe(1234);
  });
});

describe('timeline and card answers', () => {
  it('timeline carries a picture of every moment on its first page only', async () => {
    const bot = new QuoteBot(await indexOf(SEED_DIR));
    const answer = await bot.handle(bot.parse('timeline neural networks', consoleUser));
    expect(answer.kind).toBe('timeline');
    expect(answer.picture?.kind).toBe('timeline');
    if (answer.picture?.kind !== 'timeline') return;
    const moments = answer.picture.bars.flatMap((b) => b.moments.map((m) => m.start));
    expect(moments.length).toBe(answer.page!.total);
    const shown = answer.groups!.flatMap((g) => g.quotes.map((q) => q.start));
    for (const start of shown) expect(moments).toContain(start);
  });

  it('card <citation> answers with the passage and a card picture, public', async () => {
    const bot = new QuoteBot(await indexOf(SEED_DIR));
    const answer = await bot.handle(bot.parse(`card ${SEED_ID}@272`, discordUser));
    expect(answer.kind).toBe('quotes');
    expect(answer.ephemeral).toBe(false);
    expect(answer.picture).toEqual({ kind: 'card', quote: answer.quotes![0] });
    const bad = await bot.handle(bot.parse('card nonsense', consoleUser));
    expect(bad.kind).toBe('notice');
    expect(bad.text).toMatch(/citation like/);
    const unknown = await bot.handle(bot.parse('card nope@12', consoleUser));
    expect(unknown.text).toMatch(/No video has the id "nope"/);
  });

  it('quote answers offer Share as image, which resumes as the card of the first quote', async () => {
    const bot = new QuoteBot(await indexOf(SEED_DIR));
    const answer = await bot.handle(bot.parse('quote gpus', consoleUser));
    const card = answer.actions!.find((a) => a.kind === 'card')!;
    expect(card.label).toBe('Share as image');
    expect(decodeToken(card.token, RESUMES)?.state).toMatchObject({ videoId: SEED_ID, seconds: Math.floor(answer.quotes![0]!.start) });
    const resumed = await bot.handle({ command: 'resume', args: { token: card.token }, user: consoleUser });
    expect(resumed.picture?.kind).toBe('card');
    // The card is exactly the quote the user saw.
    expect(resumed.quotes![0]!.text).toBe(answer.quotes![0]!.text);
    expect(resumed.quotes![0]!.citation).toBe(answer.quotes![0]!.citation);
    expect(resumed.quotes![0]!.url).toBe(answer.quotes![0]!.url);
  });

  it('card tokens round-trip with the exact characters', () => {
    const token = encodeToken(CARD_TOKEN, { videoId: 'a:b c', seconds: 61.9, from: 100, to: 250 })!;
    expect(token).toBe('k:a%3Ab+c:61:100:250');
    expect(decodeToken(token, RESUMES)?.state).toMatchObject({ videoId: 'a:b c', seconds: 61, from: 100, to: 250 });
    expect(decodeToken('k:abc:5:100', RESUMES)).toBeUndefined();
  });

  it('a typed citation\'s card starts at the cited caption', async () => {
    const bot = new QuoteBot(await indexOf(SEED_DIR));
    const answer = await bot.handle(bot.parse('quote gpus', consoleUser));
    const quote = answer.quotes![0]!;
    const typed = await bot.handle(bot.parse(`card ${quote.citation}`, consoleUser));
    const text = typed.quotes![0]!.text;
    expect(text.length).toBeGreaterThanOrEqual(80);
    // It begins near where the quote begins (the caption containing the cited second), not a passage earlier.
    expect(Math.abs(typed.quotes![0]!.start - quote.start)).toBeLessThan(15);
  });
});
