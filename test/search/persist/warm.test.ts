import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/search/index.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { warmSearch } from '../../../src/search/persist/warm.ts';
import { corpus, transcript } from '../helpers.ts';

const talk = transcript('talk1', [
  { text: 'The microphone picks up every whisper in the auditorium.' },
  { text: 'A condenser microphone needs phantom power to work at all.' },
  { text: 'Speakers and amplifiers come after the microphone in the chain.' },
]);

describe('warmSearch', () => {
  it('leaves search answers unchanged (typos, synonyms, floors) and can run again', () => {
    const cold = buildIndex(corpus(talk));
    const warmed = buildIndex(corpus(talk));
    const queries = ['microphone power', 'micrphone', 'auditorium amplifiers', 'what needs phantom power?'];
    const before = queries.map((q) => cold.search(q, { limit: 3, requireKeyWord: true, minRelative: 0.4 }));
    expect(warmSearch(warmed)).toBeGreaterThanOrEqual(0);
    expect(warmSearch(warmed)).toBeGreaterThanOrEqual(0);
    const after = queries.map((q) => warmed.search(q, { limit: 3, requireKeyWord: true, minRelative: 0.4 }));
    const plain = (rs: typeof before) => rs.map((r) => ({ ...r, hits: r.hits.map(({ transcript: _t, video: _v, ...h }) => h) }));
    expect(plain(after)).toEqual(plain(before));
    expect(after[1]!.corrected).toEqual({ micrphone: 'microphone' });
  });

  it('never throws, even when the index does', () => {
    const broken = { search: () => { throw new Error('boom'); } } as unknown as SearchIndex;
    expect(() => warmSearch(broken)).not.toThrow();
  });
});
