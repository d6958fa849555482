import { describe, expect, it } from 'vitest';
import { scanWordEntries, WordRanks } from '../../../src/search/query/word-ranks.ts';

const list = (json: string) => WordRanks.fromJson(Buffer.from(json));

describe('WordRanks', () => {
  it('ranks lower-cased words by their first occurrence and sums every count', () => {
    const ranks = list('[\n  {\n    "word": "you",\n    "count": 50\n  },{"word":"I","count":40},{"word":"i","count":5},{"word":"Help","count":3}\n]');
    expect([ranks.rank('you'), ranks.rank('i'), ranks.rank('help')]).toEqual([1, 2, 3]);
    expect([ranks.count(1), ranks.count(2), ranks.count(3)]).toEqual([50, 40, 3]);
    expect(ranks.size).toBe(3);
    expect(ranks.total).toBe(98);
    // Exact: capitals, other words, prefixes and extensions are not listed.
    expect([ranks.rank('I'), ranks.rank('yo'), ranks.rank('youth'), ranks.rank(''), ranks.rank('zz')]).toEqual([0, 0, 0, 0, 0]);
  });

  it('reads a list of another shape as JSON (escapes, key order, non-ASCII words)', () => {
    const ranks = list('[{"count": 7, "word": "Caf\\u00e9"}, {"word": "na\\"ive", "count": 2}, {"count": 1, "word": "café"}]');
    expect(ranks.rank('café')).toBe(1);
    expect(ranks.rank('na"ive')).toBe(2);
    expect([ranks.rank('caf'), ranks.rank('cafés'), ranks.rank('ñ')]).toEqual([0, 0, 0]);
    expect(ranks.size).toBe(2);
    expect(ranks.total).toBe(10);
  });

  it('finds every word of a large list (the hash table under load)', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}`);
    const ranks = list(JSON.stringify(words.map((word, i) => ({ word, count: 5000 - i }))));
    expect(words.filter((w, i) => ranks.rank(w) !== i + 1)).toEqual([]);
    expect(ranks.rank('w-missing')).toBe(0);
  });

  it('is empty without a list', () => {
    expect(WordRanks.empty().rank('you')).toBe(0);
    expect(WordRanks.empty().size).toBe(0);
  });
});

describe('scanWordEntries', () => {
  it('finds the entries of the plain shape in any white space, and gives up on any other shape', () => {
    const bytes = Buffer.from('[{"word": "you", "count": 12},\n{ "word":"I" ,"count":3 }]');
    const entries = scanWordEntries(bytes)!;
    expect(entries.from.map((f, k) => bytes.toString('latin1', f, entries.to[k]))).toEqual(['you', 'I']);
    expect(entries.counts).toEqual([12, 3]);
    expect(scanWordEntries(Buffer.from('[{"count": 3, "word": "you"}]'))).toBeUndefined();
    expect(scanWordEntries(Buffer.from('[{"word": "y\\u00f6u", "count": 3}]'))).toBeUndefined();
    expect(scanWordEntries(Buffer.from('[{"word": "you", "count": 3, "extra": 1}]'))).toBeUndefined();
    expect(scanWordEntries(Buffer.from('[]'))).toBeUndefined();
    expect(scanWordEntries(Buffer.from('[{"word": "you", "count": 1234567890123456}]'))).toBeUndefined();
    expect(scanWordEntries(Buffer.from('[{"word": "you", "count": 3}, "word"]'))).toBeUndefined();
    expect(scanWordEntries(Buffer.from('[{"word": "you", "count": 3} x]'))).toBeUndefined();
  });
});
