import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESUMES } from '../../src/core/commands/index.ts';
import { CONTEXT_TOKEN } from '../../src/core/commands/context.ts';
import { QUOTE_PAGE, QUOTE_SHARE } from '../../src/core/commands/quote.ts';
import { PASSAGE_TOKEN } from '../../src/core/commands/random.ts';
import { TIMELINE_TOKEN } from '../../src/core/commands/timeline.ts';
import { VIDEOS_TOKEN } from '../../src/core/commands/videos.ts';
import { decodeToken as decodeWith, encodeToken, MAX_TOKEN_LENGTH, truncateAtWord, type TokenKind, type TokenState } from '../../src/core/paging.ts';

/** Decodes with every kind of the command table; the kind is given back as its prefix. */
const decodeToken = (token: unknown): (TokenState & { prefix: string }) | undefined => {
  const decoded = decodeWith(token, RESUMES);
  return decoded && { prefix: decoded.kind.prefix, ...decoded.state };
};

const valid = (token: string | undefined) => {
  expect(token).toBeDefined();
  expect(token!.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
  expect(token).toMatch(/^[\x21-\x7e]+$/);
  expect(token).not.toContain('|');
};

describe('button tokens', () => {
  const samples: Array<[TokenKind, TokenState]> = [
    [QUOTE_PAGE, { query: 'scaling laws', offset: 3, count: 3 }],
    [QUOTE_SHARE, { query: 'café | "ok"', offset: 0, count: 10, video: 'f96Xrg4uNik', speaker: 'Ann Lee' }],
    [QUOTE_PAGE, { query: 'x', offset: 6, count: 3, speaker: 'Bob' }],
    [PASSAGE_TOKEN, { videoId: 'f96Xrg4uNik', seconds: 272 }],
    [CONTEXT_TOKEN, { videoId: 'a:b|c', seconds: 1, before: 2, after: 5 }],
    [TIMELINE_TOKEN, { query: 'neural networks', offset: 12, video: 'cOfFeE12345' }],
    [VIDEOS_TOKEN, { offset: 15 }],
  ];
  it('round-trips every kind within 64 printable ASCII characters without |', () => {
    for (const [kind, state] of samples) {
      const token = encodeToken(kind, state);
      valid(token);
      expect(decodeToken(token)).toEqual({ prefix: kind.prefix, ...state });
    }
    expect(encodeToken(QUOTE_PAGE, { query: 'scaling laws', offset: 3, count: 3 })).toBe('m:3:3:scaling+laws');
    expect(encodeToken(QUOTE_SHARE, { query: 'x', offset: 0, count: 3, speaker: 'Bob' })).toBe('s:0:3:x::Bob');
    expect(encodeToken(CONTEXT_TOKEN, { videoId: 'f96Xrg4uNik', seconds: 245.7, before: 2, after: 2 })).toBe('c:f96Xrg4uNik:245:2:2');
    expect(encodeToken(TIMELINE_TOKEN, { query: 'gpus', offset: 12 })).toBe('t:12:gpus');
  });

  it('has one token kind per prefix letter across the command table', () => {
    const prefixes = RESUMES.map((k) => k.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) expect(p).toMatch(/^[a-z]$/);
  });

  it('falls back to the content terms, then cuts at a word, when the query is too long', () => {
    const query = 'what exactly did he say, at length and in detail, about how the gpus helped the training of neural networks?';
    const withTerms = decodeToken(encodeToken(QUOTE_PAGE, { query, offset: 3, count: 3 }, ['gpus', 'helped', 'training', 'neural', 'networks']));
    expect(withTerms).toMatchObject({ prefix: 'm', query: 'gpus helped training neural networks', offset: 3 });
    const cut = decodeToken(encodeToken(QUOTE_PAGE, { query, offset: 3, count: 3, video: 'f96Xrg4uNik' }));
    expect(cut?.prefix).toBe('m');
    const q = String(cut?.query);
    expect(query.startsWith(q)).toBe(true);
    expect(query[q.length]).toBe(' '); // cut at a word boundary
  });

  it('survives any query (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(500), fc.integer({ min: 1, max: 10 }), (query, offset, count) => {
        const token = encodeToken(QUOTE_PAGE, { query, offset, count });
        if (token === undefined) return; // nothing fits: the adapter shows no button
        valid(token);
        const back = decodeToken(token) as unknown as { prefix: string; query: string; offset: number; count: number };
        expect(back).toMatchObject({ prefix: 'm', offset, count });
        // The whole query, or (when too long) a word-boundary prefix of it.
        if (back.query !== query) expect(query.trim().startsWith(back.query)).toBe(true);
      }),
    );
  });

  it('rejects foreign or damaged tokens without throwing', () => {
    for (const bad of [undefined, 42, '', 'zz', 'm:1', 'm:x:3:q', 'm:1:0:q', 'c:id:1:2', 'v:1:2', 'p::3', 'm:1:3:%E0%A4%A', 'a|b', 'x'.repeat(65), 'm:1:3:caf\u00e9']) {
      expect(decodeToken(bad)).toBeUndefined();
    }
  });

  it('gives up (no token) only when even an empty query cannot fit', () => {
    expect(encodeToken(PASSAGE_TOKEN, { videoId: 'v'.repeat(80), seconds: 1 })).toBeUndefined();
  });

  it('truncateAtWord cuts at a word, or mid-word for one long word', () => {
    expect(truncateAtWord('alpha beta gamma', 12)).toBe('alpha beta');
    expect(truncateAtWord('abcdefghij', 4)).toBe('abcd');
    expect(truncateAtWord('short', 10)).toBe('short');
  });
});
