import { describe, expect, it } from 'vitest';
import { align, spellingSimilarity, tokenize } from '../../../src/search/verify/align.ts';

const norms = (text: string): string[] => tokenize(text).map((t) => t.norm);
const kinds = (claim: string, said: string): string[] => align(tokenize(claim), tokenize(said)).ops.map((op) => op.kind);

describe('tokenize', () => {
  it('lowercases, strips punctuation and accents, and keeps source offsets', () => {
    const text = '“Café,” she said — GPUs!';
    const tokens = tokenize(text, 100);
    expect(tokens.map((t) => t.norm)).toEqual(['cafe', 'she', 'said', 'gpus']);
    expect(tokens.map((t) => text.slice(t.start - 100, t.end - 100))).toEqual(['Café', 'she', 'said', 'GPUs']);
  });

  it('expands contractions the same way on both sides', () => {
    expect(norms("don't can't won't it's we've they're I'm we'd let's")).toEqual([
      'do', 'not', 'can', 'not', 'will', 'not', 'it', 'is', 'we', 'have', 'they', 'are', 'i', 'am', 'we', 'would', 'let', 'us',
    ]);
    expect(norms('it’s')).toEqual(['it', 'is']);
    // a possessive stays on its word
    expect(norms("Hinton's lab")).toEqual(['hintons', 'lab']);
  });

  it('normalises numbers: separators, small numbers as words, percent', () => {
    expect(norms('10,284 views, 2 years, 9 out of 10, 50% and 3.5 and 580')).toEqual([
      '10284', 'views', 'two', 'years', 'nine', 'out', 'of', 'ten', 'fifty', 'percent', 'and', '3.5', 'and', '580',
    ]);
  });

  it('gives every expanded token the whole source word', () => {
    const [what, is] = tokenize("what's");
    expect([what!.start, what!.end, is!.start, is!.end]).toEqual([0, 6, 0, 6]);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('... —— !!! 🙂🙂')).toEqual([]);
  });
});

describe('spellingSimilarity', () => {
  it('accepts caption misspellings that keep the first letter', () => {
    expect(spellingSimilarity('imagenet', 'imet')).toBeGreaterThanOrEqual(0.5);
    expect(spellingSimilarity('bayesian', 'basian')).toBeGreaterThan(0.7);
  });
  it('rejects short words and different first letters', () => {
    expect(spellingSimilarity('not', 'next')).toBe(0);
    expect(spellingSimilarity('cat', 'bat')).toBe(0);
    expect(spellingSimilarity('network', 'framework')).toBe(0);
  });
});

describe('align', () => {
  const said = 'so then the next question is well what data and an imet data set back then it seemed like this';

  it('finds an exact span anywhere in the text', () => {
    const a = align(tokenize('What data, and an imet data set?'), tokenize(said));
    expect(a.verbatim).toBe(true);
    expect(a.similarity).toBe(1);
    expect(tokenize(said).slice(a.saidStart, a.saidEnd).map((t) => t.norm).join(' ')).toBe('what data and an imet data set');
  });

  it('treats contractions, compounds and casing as the same words', () => {
    expect(kinds("the danger isn't the SPAN; it's the footing", 'so the danger is not the span, it is the footing')).toEqual(
      Array(10).fill('match'),
    );
    expect(align(tokenize('an imet dataset back then'), tokenize(said)).verbatim).toBe(true);
  });

  it('reports a changed word as one substitution', () => {
    expect(kinds('what data and an imet data collection back then', said)).toEqual([
      'match', 'match', 'match', 'match', 'match', 'match', 'substitute', 'match', 'match',
    ]);
  });

  it('reports dropped and added words', () => {
    expect(kinds('the next question is what data', said)).toEqual(['match', 'match', 'match', 'match', 'missing', 'match', 'match']);
    expect(kinds('the next big question is well what', said)).toEqual(['match', 'match', 'extra', 'match', 'match', 'match', 'match']);
  });

  it('gives a caption misspelling partial credit', () => {
    const a = align(tokenize('an ImageNet data set back then'), tokenize(said));
    expect(a.ops.map((op) => op.kind)).toEqual(['match', 'variant', 'match', 'match', 'match', 'match']);
    expect(a.verbatim).toBe(false);
    expect(a.similarity).toBeGreaterThan(0.9);
  });

  it('does not stretch a claim over unrelated text at its ends', () => {
    const a = align(tokenize('the committee voted against the proposal on tuesday what data and an imet'), tokenize(said));
    const tokens = tokenize(said);
    expect(tokens.slice(a.saidStart, a.saidEnd).map((t) => t.norm).join(' ')).toBe('what data and an imet');
    expect(a.similarity).toBeLessThan(0.6);
  });

  it('scores unrelated text low and empty input as zero', () => {
    expect(align(tokenize('purple elephants dance quietly under moonlight'), tokenize(said)).similarity).toBeLessThan(0.3);
    expect(align([], tokenize(said)).similarity).toBe(0);
    expect(align(tokenize('anything'), []).similarity).toBe(0);
  });
});
