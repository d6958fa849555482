/**
 * The renderer: Discord limits by construction, mentions never live, links never escaped, for any answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import type { Answer, Quote } from '../../../src/core/types.ts';
import { DISCORD_LIMITS, embedLength, renderAnswer, type DiscordPayload } from '../../../src/adapters/discord/render.ts';
import { fitText, safeText } from '../../../src/adapters/discord/markdown.ts';
import { decodeCustomId, encodeCustomId } from '../../../src/adapters/discord/custom-id.ts';

const LIVE_MENTION = /@(everyone|here)|<@[!&]?\d/i;

function expectWithinLimits(p: DiscordPayload): void {
  expect(p.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  expect(p.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(p.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const e of p.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.value.length).toBeGreaterThan(0);
    }
  }
  expect(p.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.actionRows);
  for (const row of p.components) {
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  }
  expect(p.allowed_mentions).toEqual({ parse: [], replied_user: false });
  const visible = JSON.stringify([p.content, p.embeds.map((e) => [e.title, e.description, e.footer, e.fields, e.author])]);
  expect(visible).not.toMatch(LIVE_MENTION);
}

const hostile = fc.oneof(
  fc.string({ maxLength: 6000 }),
  fc.constantFrom('@everyone', '@here', '<@123456789012345678>', '<@&456>', '<@!99>', '*', '_', '`', '[a](https://x.y)', '|', '\\', '> ', '# ', 'https://www.youtube.com/watch?v=a_b_c-d&t=5s', '\n', '😀', '≈'),
  fc.array(fc.constantFrom('@everyone ', '<@1> ', '**', '__', '~~', '```', 'word ', 'https://a.b/c_d ', '\\'), { maxLength: 900 }).map((a) => a.join('')),
);

const quoteArb: fc.Arbitrary<Quote> = fc.record({
  text: hostile,
  videoId: fc.constantFrom('gpu_Talk-01', 'abc'),
  videoTitle: hostile,
  channel: fc.option(hostile, { nil: undefined }),
  start: fc.nat(100_000),
  end: fc.nat(100_000),
  approximate: fc.boolean(),
  url: fc.option(fc.constantFrom('https://www.youtube.com/watch?v=gpu_Talk-01&t=25s', 'https://example.com/a (b)_c'), { nil: undefined }),
  timeLabel: fc.constantFrom('0:25', '≈1:02:03'),
  speaker: fc.option(hostile, { nil: undefined }),
  chapter: fc.option(hostile, { nil: undefined }),
  citation: fc.constantFrom('gpu_Talk-01@25', 'abc@0'),
});

const answerArb: fc.Arbitrary<Answer> = fc.record(
  {
    kind: fc.constantFrom('quotes', 'videos', 'help', 'verify', 'timeline', 'context', 'notice', 'error'),
    title: hostile,
    text: hostile,
    quotes: fc.array(quoteArb, { maxLength: 14 }),
    groups: fc.array(fc.record({ heading: hostile, quotes: fc.array(quoteArb, { maxLength: 30 }), notes: fc.array(hostile, { maxLength: 3 }) }), { maxLength: 12 }),
    videos: fc.array(fc.record({ id: fc.string(), title: hostile, url: fc.option(fc.webUrl(), { nil: undefined }), durationLabel: fc.constantFrom('3:20', undefined) }), { maxLength: 300 }),
    commands: fc.array(fc.record({ name: fc.constantFrom('quote', 'help'), usage: hostile, description: hostile, examples: fc.array(hostile, { maxLength: 2 }) }), { maxLength: 40 }),
    verify: fc.record({
      verdict: fc.constantFrom('verbatim', 'near', 'none'),
      label: hostile,
      similarity: fc.double({ min: -1, max: 2, noNaN: true }),
      differences: fc.array(fc.record({ claimed: hostile, said: hostile }), { maxLength: 30 }),
    }),
    page: fc.record({ offset: fc.nat(100), count: fc.nat(10), total: fc.nat(1000) }),
    actions: fc.array(fc.record({ kind: fc.constantFrom('more', 'context', 'share'), label: fc.string({ maxLength: 200 }), token: fc.string({ minLength: 1, maxLength: 64 }) }), { maxLength: 30 }),
    ephemeral: fc.boolean(),
    reference: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['kind'] },
) as fc.Arbitrary<Answer>;

describe('renderAnswer', () => {
  it('stays within every Discord limit and never contains a live mention, for any answer', () => {
    fc.assert(
      fc.property(answerArb, fc.constantFrom('interaction', 'message') as fc.Arbitrary<'interaction' | 'message'>, (answer, surface) => {
        expectWithinLimits(renderAnswer(answer, { askerId: '123456789012345678', surface }));
      }),
      { numRuns: 150 },
    );
  });

  it('cuts ten huge quotes fairly: every quote keeps its link and footer, the total stays under 6,000', () => {
    const quote = (i: number): Quote => ({
      text: `word${i} `.repeat(2000), videoId: 'gpu_Talk-01', videoTitle: 'T'.repeat(400), start: i, end: i + 1, approximate: false,
      url: `https://www.youtube.com/watch?v=gpu_Talk-01&t=${i}s`, timeLabel: `0:0${i}`, citation: `gpu_Talk-01@${i}`,
    });
    const p = renderAnswer({ kind: 'quotes', quotes: Array.from({ length: 10 }, (_, i) => quote(i)) }, { askerId: '1', surface: 'interaction' });
    expectWithinLimits(p);
    expect(p.embeds).toHaveLength(10);
    p.embeds.forEach((e, i) => {
      expect(e.description).toMatch(/^> word/);
      expect(e.description).toContain('…');
      expect(e.description).toContain(`(https://www.youtube.com/watch?v=gpu_Talk-01&t=${i}s)`);
      expect(e.footer?.text).toBe(`gpu_Talk-01@${i}`);
      expect(e.description!.length).toBeGreaterThan(250);
    });
  });

  it('counts what did not fit', () => {
    const quotes = Array.from({ length: 12 }, (_, i): Quote => ({
      text: 'x', videoId: 'v', videoTitle: 't', start: i, end: i, approximate: false, timeLabel: '0:00', citation: `v@${i}`,
    }));
    const p = renderAnswer({ kind: 'quotes', quotes }, { askerId: '1', surface: 'message' });
    expect(p.embeds).toHaveLength(10);
    expect(p.content).toContain('…and 2 more not shown');
  });

  it('marks shareable and private answers ephemeral on interactions only, and drops Share on mentions', () => {
    const answer: Answer = { kind: 'quotes', quotes: [], actions: [{ kind: 'share', label: 'Share', token: 's:0:3:gpus' }, { kind: 'more', label: 'More', token: 'm:1' }] };
    const slash = renderAnswer(answer, { askerId: '42', surface: 'interaction' });
    expect(slash.flags).toBe(MessageFlags.Ephemeral);
    expect(slash.components[0]!.components.map((b) => b.custom_id)).toEqual(['share|42|s:0:3:gpus', 'more|42|m:1']);
    const mention = renderAnswer(answer, { askerId: '42', surface: 'message' });
    expect(mention.flags).toBe(0);
    expect(mention.components[0]!.components.map((b) => b.custom_id)).toEqual(['more|42|m:1']);
  });
});

describe('safeText', () => {
  it('escapes markdown outside links and never inside them', () => {
    expect(safeText('*a* see https://www.youtube.com/watch?v=a_b_c-d&t=5s _b_')).toBe('\\*a\\* see https://www.youtube.com/watch?v=a_b_c-d&t=5s \\_b\\_');
    expect(safeText('go to https://x.y/a_b', { wrapUrls: true })).toBe('go to <https://x.y/a_b>');
  });
  it('defuses mentions', () => {
    expect(safeText('@everyone @HERE <@123> <@&456> <@!7>')).not.toMatch(LIVE_MENTION);
  });
});

describe('fitText', () => {
  it('never exceeds the limit and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.nat(300), (text, max) => {
        const out = fitText(text, max, safeText);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
    );
  });
});

describe('custom ids', () => {
  it('round-trip and stay within 100 characters', () => {
    fc.assert(
      fc.property(fc.constantFrom('more', 'context', 'share') as fc.Arbitrary<'more' | 'context' | 'share'>, fc.stringMatching(/^\d{17,20}$/), fc.stringMatching(/^[\x21-\x7b\x7d\x7e]{1,64}$/), (kind, userId, token) => {
        const id = encodeCustomId({ kind, userId, token })!;
        expect(id.length).toBeLessThanOrEqual(100);
        expect(decodeCustomId(id)).toEqual({ kind, userId, token });
      }),
    );
    expect(encodeCustomId({ kind: 'more', userId: '1', token: 'a|b' })).toBeUndefined();
    expect(decodeCustomId('quotebot:old')).toBeUndefined();
  });
});

describe('embed links Discord would refuse', () => {
  it('a link over 2,048 characters is not sent as embed.url (Discord refuses the whole message)', async () => {
    const { sampleQuote } = await import('../sample-quote.ts');
    const long = `https://example.com/watch?v=abc&t=1s&pad=${'x'.repeat(3000)}`;
    for (const answer of [
      { kind: 'quotes', quotes: [sampleQuote({ url: long })] },
      { kind: 'timeline', groups: [{ heading: 'A talk', quotes: [sampleQuote({ url: long })] }] },
    ] as Answer[]) {
      const payload = renderAnswer(answer, { askerId: '1', surface: 'interaction' });
      for (const embed of payload.embeds) expect((embed.url ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedUrl);
    }
  });
});
