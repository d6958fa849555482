import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeActionValue } from '../../../src/adapters/slack/actions.ts';
import { renderAnswer, SLACK_LIMITS, type SlackMessage } from '../../../src/adapters/slack/render.ts';
import type { Answer, Quote } from '../../../src/core/types.ts';
import { sampleQuote } from '../sample-quote.ts';
import { LIVE_MENTION } from './harness.ts';

const quote = sampleQuote;

type AnyBlock = { type: string; text?: { text: string }; elements?: Array<{ type: string; text?: string | { text: string }; value?: string; action_id?: string }> };

/** Every mrkdwn string in a message (section texts and context elements). */
function mrkdwnTexts(message: SlackMessage): string[] {
  const out = [message.text];
  for (const block of message.blocks as AnyBlock[]) {
    if (block.type === 'section' && block.text) out.push(block.text.text);
    if (block.type === 'context') for (const e of block.elements ?? []) if (typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

/** Slack's limits and the "never markup" rules, checked on one rendered message. */
function checkMessage(message: SlackMessage): void {
  const blocks = message.blocks as AnyBlock[];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.totalChars);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(message.unfurl_links).toBe(false);
  expect(message.unfurl_media).toBe(false);
  for (const block of blocks) {
    if (block.type === 'section') {
      expect(block.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(block.text!.text.trim()).not.toBe('');
    }
    if (block.type === 'context') {
      expect(block.elements!.length).toBeGreaterThan(0);
      expect(block.elements!.length).toBeLessThanOrEqual(10);
      for (const e of block.elements!) {
        expect(String(e.text).length).toBeLessThanOrEqual(3000);
        expect(String(e.text).trim()).not.toBe('');
      }
    }
    if (block.type === 'actions') {
      const ids = block.elements!.map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const e of block.elements!) {
        expect((e.text as { text: string }).text.length).toBeLessThanOrEqual(75);
        expect(e.value!.length).toBeLessThanOrEqual(2000);
        expect(decodeActionValue(e.value)).toBeDefined();
      }
    }
  }
  expect(JSON.stringify(blocks) + message.text).not.toMatch(LIVE_MENTION);
  for (const text of mrkdwnTexts(message)) {
    // Remove well-formed links; nothing else may use < or >, and every & outside a URL is an entity
    // (A `>` at the start of a line is block-quote markup.)
    const withoutLinks = text.replace(/<https?:\/\/[^\s|<>]+(\|[^<>]*)?>/g, 'LINK').replace(/^>/gm, '');
    expect(withoutLinks).not.toMatch(/[<>]/);
    expect(withoutLinks).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

describe('renderAnswer', () => {
  it('renders a quote as a block quote with a linked source, details and state-carrying buttons', () => {
    const answer: Answer = {
      kind: 'quotes',
      title: 'Quotes about "gpus"',
      quotes: [quote({ speaker: 'Ilya', chapter: 'Early days' })],
      page: { offset: 0, count: 1, total: 4 },
      actions: [
        { kind: 'more', label: 'More', token: 'm:1:1:gpus' },
        { kind: 'context', label: 'Context', token: 'c:f96Xrg4uNik:272:2:2' },
        { kind: 'share', label: 'Share', token: 's:0:1:gpus' },
      ],
    };
    const message = renderAnswer(answer, { asker: 'U0ASKER', share: true });
    checkMessage(message);
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Quotes about "gpus"*' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '>the gpus appeared in our lab\n— Ilya, <https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s|from "Ilya Sutskever | The era of AI" at ≈4:32>' },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'Speaker: Ilya' },
          { type: 'mrkdwn', text: 'Chapter: Early days' },
          { type: 'mrkdwn', text: 'Cite: `f96Xrg4uNik@272`' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Showing 1–1 of 4' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'quotebot_more', text: { type: 'plain_text', text: 'More', emoji: false }, value: 'more|U0ASKER|m:1:1:gpus' },
          { type: 'button', action_id: 'quotebot_context', text: { type: 'plain_text', text: 'Context', emoji: false }, value: 'context|U0ASKER|c:f96Xrg4uNik:272:2:2' },
          { type: 'button', action_id: 'quotebot_share', text: { type: 'plain_text', text: 'Post to channel', emoji: false }, value: 'share|U0ASKER|s:0:1:gpus' },
        ],
      },
    ]);
    expect(message.text).toBe('Quotes about "gpus": “the gpus appeared in our lab” (Ilya Sutskever | The era of AI ≈4:32)');
  });

  it('shows the share button only when asked to, and no buttons with buttons: false', () => {
    const answer: Answer = { kind: 'quotes', quotes: [quote()], actions: [{ kind: 'share', label: 'Share', token: 'p:x:1' }, { kind: 'context', label: 'Context', token: 'c:x:1:2:2' }] };
    const labels = (m: SlackMessage) => (m.blocks as AnyBlock[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => (e.text as { text: string }).text));
    expect(labels(renderAnswer(answer, { asker: 'U1' }))).toEqual(['Context']);
    expect(labels(renderAnswer(answer, { asker: 'U1', share: true }))).toEqual(['Post to channel', 'Context']);
    expect(labels(renderAnswer(answer, { asker: 'U1', share: true, buttons: false }))).toEqual([]);
  });

  it('escapes mention markup and &<> in text, labels and details, and keeps the URL intact', () => {
    const message = renderAnswer(
      {
        kind: 'quotes',
        title: 'About <!here> & co',
        quotes: [quote({ text: 'tell <!channel> & <@U123|bob> that a<b, and <!subteam^S1|@eng>', videoTitle: 'Q&A <live>', speaker: '<!everyone>', chapter: '@here > all' })],
      },
      { asker: 'U1' },
    );
    checkMessage(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('*About &lt;!here&gt; &amp; co*');
    expect(json).toContain('>tell &lt;!channel&gt; &amp; &lt;@U123|bob&gt; that a&lt;b, and &lt;!subteam^S1|@eng&gt;');
    expect(json).toContain('<https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s|from \\"Q&amp;A &lt;live&gt;\\" at ≈4:32>');
    expect(json).toContain('Speaker: &lt;!everyone&gt;');
    expect(json).toContain('Chapter: @\u2060here &gt; all');
  });

  it('does not link javascript: URLs and encodes characters that would end the link', () => {
    const bad = renderAnswer({ kind: 'quotes', quotes: [quote({ url: 'javascript:alert(1)' })] }, { asker: 'U1' });
    expect(JSON.stringify(bad.blocks)).not.toContain('javascript:');
    const odd = renderAnswer({ kind: 'quotes', quotes: [quote({ url: 'https://example.test/a|b>c d' })] }, { asker: 'U1' });
    expect(JSON.stringify(odd.blocks)).toContain('<https://example.test/a%7Cb%3Ec%20d|');
  });

  it('renders without a URL as plain text with the time', () => {
    const message = renderAnswer({ kind: 'quotes', quotes: [quote({ url: undefined, approximate: false, timeLabel: '4:32' })] }, { asker: 'U1' });
    expect((message.blocks[0] as AnyBlock).text!.text).toBe('>the gpus appeared in our lab\n— from "Ilya Sutskever | The era of AI" at 4:32');
  });

  it('renders every answer kind', () => {
    const kinds: Answer[] = [
      { kind: 'videos', title: '2 videos', videos: [{ id: 'a1', title: 'A & B', url: 'https://www.youtube.com/watch?v=a1', durationLabel: '1:02:05', channel: 'Chan' }, { id: 'b2', title: 'No link' }] },
      { kind: 'help', title: 'quotebot commands', commands: [{ name: 'quote', usage: 'quote <topic> [count]', description: 'Quotes', examples: ['quote scaling laws'] }, { name: 'random', usage: 'random [video]', description: 'Random', examples: ['random'] }] },
      { kind: 'verify', title: 'Close', verify: { verdict: 'near', label: 'Said, with small differences', similarity: 0.914, differences: [{ claimed: 'a & b', said: 'a and b' }] }, quotes: [quote()] },
      { kind: 'timeline', title: 'Timeline', groups: [{ heading: 'Video <1>', quotes: [quote(), quote({ timeLabel: '≈5:00' })], notes: ['most discussed here'] }] },
      { kind: 'context', title: 'Context of x@1', groups: [{ heading: 'Video, 0:01-0:29', quotes: [quote({ speaker: 'Ann' })] }] },
      { kind: 'notice', text: 'One moment, please.', ephemeral: true },
      { kind: 'error', text: 'Sorry, something went wrong.', reference: 'E12AB3', ephemeral: true },
      { kind: 'notice' },
    ];
    const rendered = kinds.map((a) => renderAnswer(a, { asker: 'U1' }));
    rendered.forEach(checkMessage);
    const all = rendered.map((m) => JSON.stringify(m.blocks));
    expect(all[0]).toContain('• <https://www.youtube.com/watch?v=a1|A &amp; B> · Chan · 1:02:05 · `a1`');
    expect(all[0]).toContain('• No link · `b2`');
    expect(all[1]).toContain('*/quote &lt;topic&gt; [count]*: Quotes');
    expect(all[1]).toContain('`/quote scaling laws`');
    expect(all[1]).toContain('*/quote random [video]*');
    expect(all[2]).toContain('*Said, with small differences* (similarity 91%)');
    expect(all[2]).toContain('claimed “a &amp; b” → said “a and b”');
    expect(all[3]).toContain('*Video &lt;1&gt;*');
    expect(all[3]).toContain('><https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s|≈4:32> the gpus appeared in our lab');
    expect(all[4]).toContain('*Ann:*');
    expect(all[6]).toContain('Reference: `E12AB3`');
    expect(all[7]).toContain('Nothing to show.');
  });

  it('keeps an enormous answer within limits and says what was left out', () => {
    const huge = '&<>'.repeat(4000);
    const answer: Answer = {
      kind: 'quotes',
      title: 'T'.repeat(5000),
      text: 'x & y '.repeat(2000),
      quotes: Array.from({ length: 40 }, (_, i) => quote({ text: `${i} ${huge}`, videoTitle: huge, speaker: huge, chapter: huge, citation: `v@${i}` })),
      videos: Array.from({ length: 500 }, (_, i) => ({ id: `vid${i}`, title: `Video ${i} ${'<!channel>'.repeat(20)}`, url: `https://www.youtube.com/watch?v=vid${i}` })),
      actions: [{ kind: 'more', label: 'M'.repeat(200), token: 'm:1:1:x' }],
    };
    const message = renderAnswer(answer, { asker: 'U1' });
    checkMessage(message);
    expect(JSON.stringify(message.blocks)).toMatch(/… \d+ more not shown/);
  });

  it('a very long timeline is cut into at most 50 blocks', () => {
    const answer: Answer = {
      kind: 'timeline',
      groups: Array.from({ length: 60 }, (_, g) => ({ heading: `Video ${g}`, quotes: Array.from({ length: 30 }, (_, i) => quote({ text: `moment ${i} `.repeat(50) })) })),
    };
    const message = renderAnswer(answer, { asker: 'U1' });
    checkMessage(message);
    expect(JSON.stringify(message.blocks)).toMatch(/… \d+ more not shown/);
  });

  it('property: any Answer stays within Slack limits, with no live mention and no broken link markup', () => {
    const hostile = fc.constantFrom('<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<@W1|x>', '<!subteam^S1|@eng>', '@here', '@channel', '&', '<', '>', '|', '*', '`', '&amp;', '<http://x.test|y>', '\n', '≈', '😀', '\ud800');
    const piece = fc.oneof(fc.string({ maxLength: 30 }), hostile, fc.string({ unit: 'grapheme', maxLength: 10 }));
    const str = (max: number) => fc.array(piece, { maxLength: max }).map((parts) => parts.join(''));
    const big = fc.oneof({ weight: 4, arbitrary: str(20) }, { weight: 1, arbitrary: fc.string({ minLength: 2000, maxLength: 6000 }) }, { weight: 1, arbitrary: hostile.map((h) => h.repeat(800)) });
    const url = fc.option(fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'https://x.test/a|b>c<d', 'not a url', `https://x.test/${'a'.repeat(3000)}`)), { nil: undefined });
    const quoteArb: fc.Arbitrary<Quote> = fc.record({
      text: big,
      videoId: str(3),
      videoTitle: str(8),
      start: fc.double({ min: 0, max: 1e5, noNaN: true }),
      end: fc.double({ min: 0, max: 1e5, noNaN: true }),
      approximate: fc.boolean(),
      url,
      timeLabel: fc.constantFrom('0:01', '≈4:32', '1:02:05'),
      citation: str(3),
      speaker: fc.option(str(4), { nil: undefined }),
      chapter: fc.option(str(4), { nil: undefined }),
      channel: fc.option(str(4), { nil: undefined }),
    });
    const token = fc.stringMatching(/^[!-{}~]{1,64}$/);
    const answerArb: fc.Arbitrary<Answer> = fc.record(
      {
        kind: fc.constantFrom('quotes', 'videos', 'help', 'verify', 'timeline', 'context', 'notice', 'error'),
        title: str(10),
        text: big,
        quotes: fc.array(quoteArb, { maxLength: 12 }),
        groups: fc.array(fc.record({ heading: str(6), quotes: fc.array(quoteArb, { maxLength: 8 }), notes: fc.array(str(5), { maxLength: 3 }) }), { maxLength: 5 }),
        videos: fc.array(fc.record({ id: str(3), title: str(8), url, durationLabel: fc.option(str(2), { nil: undefined }) }), { maxLength: 80 }),
        commands: fc.array(fc.record({ name: str(2), usage: str(5), description: str(10), examples: fc.array(str(5), { maxLength: 3 }) }), { maxLength: 12 }),
        verify: fc.record({ verdict: fc.constantFrom('verbatim', 'near', 'none'), label: big, similarity: fc.double({ noNaN: false }), differences: fc.array(fc.record({ claimed: big, said: big }), { maxLength: 6 }) }),
        page: fc.record({ offset: fc.nat(1000), count: fc.nat(10), total: fc.nat(1000) }),
        actions: fc.array(fc.record({ kind: fc.constantFrom('more', 'context', 'share'), label: str(5), token }), { maxLength: 4 }),
        reference: str(3),
      },
      { requiredKeys: ['kind'] },
    ) as fc.Arbitrary<Answer>;
    fc.assert(
      fc.property(answerArb, fc.boolean(), (answer, share) => {
        checkMessage(renderAnswer(answer, { asker: 'U0ASKER', share }));
      }),
      { numRuns: 150 },
    );
  });
});
