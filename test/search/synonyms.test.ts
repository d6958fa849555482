import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/index.ts';
import { synonyms } from '../../src/search/synonyms.ts';
import { corpus, transcript } from './helpers.ts';

describe('synonyms (WordNet)', () => {
  it('returns single-word synonyms of a word and of its inflected forms', () => {
    expect(synonyms('microphone')).toEqual(expect.arrayContaining(['mike']));
    expect(synonyms('microphones')).toEqual(expect.arrayContaining(['mike']));
    expect(synonyms('difficulties')).toContain('trouble');
    for (const w of synonyms('farmer')) expect(w).not.toMatch(/[_\s]/);
  });
  it('returns nothing for words WordNet does not know', () => {
    expect(synonyms('gpsu')).toEqual([]);
    expect(synonyms('')).toEqual([]);
  });
});

describe('synonym expansion in search', () => {
  const talk = transcript('synTalk0001', [
    { text: 'The mike on the table picked up every cough in the room, so we moved it closer to the speaker.', speaker: 'Ann' },
    { text: 'Lunch was late again and the sandwiches were cold, nobody was happy about the catering at all.', speaker: 'Bob' },
  ]);
  it('finds a passage that says only a synonym of the query word, at a lower score than the word itself', () => {
    const index = buildIndex(corpus(talk));
    const r = index.search('microphone placement');
    expect(r.hits[0]?.text).toMatch(/mike/);
    const direct = index.search('mike placement');
    expect(direct.hits[0]!.score).toBeGreaterThan(r.hits[0]!.score);
  });
  it('is off with rank.synonyms 0', () => {
    const index = buildIndex(corpus(talk), { rank: { synonyms: 0 } });
    expect(index.search('microphone placement').hits).toEqual([]);
  });
});
