import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/search/index.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { verifyWarmSteps, warmSearch } from '../../../src/search/persist/warm.ts';
import { lexiconOf, lexiconSteps } from '../../../src/search/text/lexicon.ts';
import { builtWords } from '../../../src/search/verify/words.ts';
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

describe('verifyWarmSteps', () => {
  const videos = ['otter', 'heron', 'badger', 'walrus'].map((w, i) =>
    transcript(`v${i}`, [
      { text: `The ${w} lives near the water and eats whatever it finds there.` },
      { text: `Nobody knows how long a ${w} can hold its breath under the ice.` },
    ]),
  );
  const claims = ['the badger lives near the water', 'nobody knows how long a walrus can hold its breath', 'the otter lives far from the water', 'a heron can fly'];
  const answers = (index: SearchIndex): unknown =>
    claims.map((c) => {
      const r = index.verify(c);
      return [r.verdict, r.similarity, r.differences, r.hit?.text, r.hit?.transcript.meta.id];
    });
  const copy = () => corpus(...videos.map((t) => ({ ...t, cues: t.cues.map((c) => ({ ...c })) })));

  it('builds one transcript per step at the smallest step size, then the lexicon in steps, and leaves everything built', () => {
    const index = buildIndex(copy());
    const transcripts = index.corpus.transcripts;
    const built = (): number => transcripts.filter((t) => builtWords(t)).length;
    const perStep: number[] = [];
    let last = 0;
    for (const _ of verifyWarmSteps(index, { chars: 1, lexicon: 1 })) {
      perStep.push(built() - last);
      last = built();
    }
    expect(perStep.slice(0, transcripts.length)).toEqual([1, 1, 1, 1]);
    // The lexicon's steps come after, building no table.
    expect(perStep.length).toBeGreaterThan(transcripts.length + 10);
    expect(perStep.slice(transcripts.length)).toEqual(perStep.slice(transcripts.length).map(() => 0));
    expect(built()).toBe(transcripts.length);
    // The lexicon is cached: building it again in steps ends at once, with that one.
    const again = lexiconSteps(transcripts, 1).next();
    expect(again.done).toBe(true);
    expect(again.value).toBe(lexiconOf(transcripts));
    // And where runs of words start (the acronym chance rule) is counted too, before a query needs it.
    expect(lexiconOf(transcripts).runPlacesCounted).toBe(true);
  });

  it('leaves answers unchanged, whether a verify arrives before, during or after the steps', () => {
    const expected = answers(buildIndex(copy()));
    for (const stopAt of [0, 2, 6, Infinity]) {
      const index = buildIndex(copy());
      const steps = verifyWarmSteps(index, { chars: 1, lexicon: 4 });
      for (let k = 0; k < stopAt && !steps.next().done; k++);
      expect(answers(index)).toEqual(expected);
      for (const _ of steps);
      expect(answers(index)).toEqual(expected);
    }
  });
});
