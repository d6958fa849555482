import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, MAX_TOKEN_LENGTH, truncateAtWord, type Continuation } from '../../src/core/paging.ts';

const valid = (token: string | undefined) => {
  expect(token).toBeDefined();
  expect(token!.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
  expect(token).toMatch(/^[\x21-\x7e]+$/);
  expect(token).not.toContain('|');
};

describe('button tokens', () => {
  const samples: Continuation[] = [
    { kind: 'quote', query: 'scaling laws', offset: 3, count: 3 },
    { kind: 'quote', query: 'café | "ok"', offset: 0, count: 10, video: 'f96Xrg4uNik', speaker: 'Ann Lee', share: true },
    { kind: 'quote', query: 'x', offset: 6, count: 3, speaker: 'Bob' },
    { kind: 'passage', videoId: 'f96Xrg4uNik', seconds: 272 },
    { kind: 'context', videoId: 'a:b|c', seconds: 1, before: 2, after: 5 },
    { kind: 'timeline', query: 'neural networks', offset: 12, video: 'cOfFeE12345' },
    { kind: 'videos', offset: 15 },
  ];
  it('round-trips every kind within 64 printable ASCII characters without |', () => {
    for (const c of samples) {
      const token = encodeToken(c);
      valid(token);
      expect(decodeToken(token)).toEqual(c);
    }
    expect(encodeToken({ kind: 'quote', query: 'scaling laws', offset: 3, count: 3 })).toBe('m:3:3:scaling+laws');
  });

  it('falls back to the content terms, then cuts at a word, when the query is too long', () => {
    const query = 'what exactly did he say, at length and in detail, about how the gpus helped the training of neural networks?';
    const withTerms = decodeToken(encodeToken({ kind: 'quote', query, offset: 3, count: 3 }, ['gpus', 'helped', 'training', 'neural', 'networks']));
    expect(withTerms).toMatchObject({ kind: 'quote', query: 'gpus helped training neural networks', offset: 3 });
    const cut = decodeToken(encodeToken({ kind: 'quote', query, offset: 3, count: 3, video: 'f96Xrg4uNik' }));
    expect(cut?.kind).toBe('quote');
    const q = (cut as { query: string }).query;
    expect(query.startsWith(q)).toBe(true);
    expect(query[q.length]).toBe(' '); // cut at a word boundary
  });

  it('survives any query (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(500), fc.integer({ min: 1, max: 10 }), (query, offset, count) => {
        const token = encodeToken({ kind: 'quote', query, offset, count });
        if (token === undefined) return; // nothing fits: the adapter shows no button
        valid(token);
        const back = decodeToken(token) as { kind: string; query: string; offset: number; count: number };
        expect(back).toMatchObject({ kind: 'quote', offset, count });
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
    expect(encodeToken({ kind: 'passage', videoId: 'v'.repeat(80), seconds: 1 })).toBeUndefined();
  });

  it('truncateAtWord cuts at a word, or mid-word for one long word', () => {
    expect(truncateAtWord('alpha beta gamma', 12)).toBe('alpha beta');
    expect(truncateAtWord('abcdefghij', 4)).toBe('abcd');
    expect(truncateAtWord('short', 10)).toBe('short');
  });
});
