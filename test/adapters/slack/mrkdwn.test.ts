import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockQuote, cutMrkdwn, escapeMrkdwn, escapeTruncated, linkTarget, mrkdwnLink, truncatePlain } from '../../../src/adapters/slack/mrkdwn.ts';

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('Tom & Jerry <3 > "quotes" \'s *b* _i_')).toBe('Tom &amp; Jerry &lt;3 &gt; "quotes" \'s *b* _i_');
  });

  it('turns mention markup into literal text', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> <!subteam^S1|@eng>')).toBe('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;!subteam^S1|@eng&gt;');
  });

  it('breaks bare @here/@channel/@everyone with an invisible word joiner, and nothing else', () => {
    expect(escapeMrkdwn('@here @Channel @everyone @hereby me@here.com')).toBe('@\u2060here @\u2060Channel @\u2060everyone @hereby me@\u2060here.com');
  });

  it('property: output has no < or > and every & starts an entity', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const out = escapeMrkdwn(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
    );
  });
});

describe('links', () => {
  it('keeps a YouTube URL intact and escapes the label', () => {
    expect(mrkdwnLink('https://www.youtube.com/watch?v=x&t=5s', 'Q&A <live>')).toBe('<https://www.youtube.com/watch?v=x&t=5s|Q&amp;A &lt;live&gt;>');
  });

  it('falls back to the label for missing, non-http or overlong URLs', () => {
    expect(mrkdwnLink(undefined, 'a<b')).toBe('a&lt;b');
    expect(mrkdwnLink('javascript:alert(1)', 'x')).toBe('x');
    expect(mrkdwnLink('ftp://x.test/a', 'x')).toBe('x');
    expect(mrkdwnLink(`https://x.test/${'a'.repeat(2000)}`, 'x')).toBe('x');
  });

  it('percent-encodes only the characters that would end the link markup', () => {
    expect(linkTarget('https://x.test/a|b<c>d e?q=1&r=2')).toBe('https://x.test/a%7Cb%3Cc%3Ed%20e?q=1&r=2');
  });

  it('an empty label links the bare URL', () => {
    expect(mrkdwnLink('https://x.test/', '   ')).toBe('<https://x.test/>');
  });
});

describe('truncation', () => {
  it('escapeTruncated never cuts inside an entity and stays within max', () => {
    expect(escapeTruncated('a & b & c', 12)).toBe('a &amp; b…');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 400 }), (s, max) => {
        const out = escapeTruncated(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
        if (escapeMrkdwn(s).length <= max) expect(out).toBe(escapeMrkdwn(s));
      }),
    );
  });

  it('truncatePlain keeps surrogate pairs whole', () => {
    expect(truncatePlain('😀😀😀', 4)).toBe('😀…');
    expect(truncatePlain('short', 10)).toBe('short');
  });

  it('cutMrkdwn never splits a link or an entity', () => {
    const text = `${'x'.repeat(10)}<https://x.test/a|label> &amp; tail`;
    expect(cutMrkdwn(text, 20)).toBe(`${'x'.repeat(10)}…`);
    expect(cutMrkdwn(text, 40)).toBe(`${'x'.repeat(10)}<https://x.test/a|label> …`);
    expect(cutMrkdwn(text, 1000)).toBe(text);
  });

  it('blockQuote prefixes every line', () => {
    expect(blockQuote('a\nb')).toBe('>a\n>b');
  });
});
