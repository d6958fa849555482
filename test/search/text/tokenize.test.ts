import { describe, expect, it } from 'vitest';
import { tokenize, words } from '../../../src/search/text/tokenize.ts';
import { stem } from '../../../src/search/text/stem.ts';
import { isStopword } from '../../../src/search/text/stopwords.ts';

describe('tokenize', () => {
  it('lowercases and keeps offsets into the original text', () => {
    const text = 'The GPUs appeared';
    const toks = tokenize(text);
    expect(toks.map((t) => t.term)).toEqual(['the', 'gpus', 'appeared']);
    for (const t of toks) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.term);
  });
  it('keeps inner apostrophes, drops a possessive and straightens curly ones', () => {
    expect(words("don't Hinton's Hinton’s rock'n'roll")).toEqual(["don't", 'hinton', 'hinton', "rock'n'roll"]);
  });
  it('splits hyphens and keeps numbers', () => {
    expect(words('state-of-the-art GTX 580, 3.14')).toEqual(['state', 'of', 'the', 'art', 'gtx', '580', '3', '14']);
  });
  it('is unicode-aware and removes accents', () => {
    expect(words('Café Ñandú naïve Straße')).toEqual(['cafe', 'nandu', 'naive', 'straße']);
    expect(words('😀 !!! ...')).toEqual([]);
  });
  it('treats QMSum-style spaced punctuation as separators', () => {
    expect(words('Yeah , we had it .')).toEqual(['yeah', 'we', 'had', 'it']);
  });
});

describe('stem and stopwords', () => {
  it('Porter-stems words so inflections meet', () => {
    expect(stem('networks')).toBe(stem('network'));
    expect(stem('scaling')).toBe(stem('scale'));
    expect(stem('gpus')).toBe('gpu');
    expect(stem('580')).toBe('580');
  });
  it('knows English function words and conversational fillers but not topic words', () => {
    for (const w of ['the', 'um', 'uh', 'yeah', 'like', 'know', 'okay']) expect(isStopword(w)).toBe(true);
    for (const w of ['gpu', 'scaling', 'battery', 'network']) expect(isStopword(w)).toBe(false);
  });
});
