/**
 * A generated corpus and random ranking requests over it, for the tests of the pruned first pass
 * (prune.test.ts) and of its second thread (rank-thread.test.ts).
 */
import fc from 'fast-check';
import type { Cue } from '../../../src/corpus/types.ts';
import type { IndexData } from '../../../src/search/index/index-data.ts';
import type { QueryTerm } from '../../../src/search/query/resolve.ts';
import type { RankRequest } from '../../../src/search/ranking/rank.ts';
import { stem } from '../../../src/search/text/stem.ts';
import { corpus, transcript } from '../helpers.ts';
import { prng } from '../../../scripts/bench/queries.ts';

export const WORDS = Array.from({ length: 400 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}ord`);
const SPEAKERS = ['Ann', 'Bob', 'Cy'];

/**
 * 40 transcripts of Zipf-like word salad, each with a few topic words of its own said more often; some with
 * speakers, some with chapters, some copies of others (exact ties).
 */
export function generated(): ReturnType<typeof corpus> {
  const rand = prng(17);
  const any = (): string => WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * rand() ** 2.2))]!;
  const made = Array.from({ length: 32 }, (_, v) => {
    const topics = Array.from({ length: 4 }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
    const word = (): string => (rand() < 0.15 ? topics[Math.floor(rand() * topics.length)]! : any());
    const cues: Array<Partial<Cue> & { text: string }> = [];
    const n = 20 + Math.floor(rand() * 60);
    for (let c = 0; c < n; c++) {
      const words = Array.from({ length: 4 + Math.floor(rand() * 10) }, word);
      cues.push({ text: `${words.join(' ')}.`, ...(v % 3 === 0 ? { speaker: SPEAKERS[c % 3]! } : {}) });
    }
    return { id: `v${v}`, cues };
  });
  const copies = made.slice(0, 8).map((m, k) => ({ id: `copy${k}`, cues: m.cues }));
  const all = [...made, ...copies].map((m) => transcript(m.id, m.cues));
  // Chapters on a third of the videos, titled with two of their words (the chapter-title signal).
  all.forEach((t, v) => {
    if (v % 3 !== 1) return;
    const half = t.meta.duration! / 2;
    t.meta.chapters = [
      { title: `${any()} ${any()}`, start: 0, end: half },
      { title: `${any()} and ${any()}`, start: half, end: t.meta.duration! },
    ];
  });
  return corpus(...all);
}

/** A random request over the corpus's terms: 1-6 terms, weights, context and synonym terms, speakers, collections. */
export function requests(data: IndexData): fc.Arbitrary<RankRequest> {
  const ids = WORDS.map((w) => data.termIds.get(stem(w))).filter((id): id is number => id !== undefined && data.bm25.df(id) > 0);
  const term = fc.record({
    id: fc.constantFrom(...ids),
    weight: fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 2, noNaN: true })),
    local: fc.oneof(fc.constant(true), fc.constant(true), fc.boolean()),
    synonym: fc.boolean(),
  });
  const numT = data.pBase.length - 1;
  return fc
    .record({
      terms: fc.uniqueArray(term, { minLength: 1, maxLength: 6, selector: (q) => q.id }),
      speakerBoost: fc.integer({ min: -1, max: data.speakerNames.length - 1 }),
      speakerFilter: fc.oneof(fc.constant(-1), fc.constant(-1), fc.integer({ min: 0, max: data.speakerNames.length - 1 })),
      visible: fc.option(fc.array(fc.boolean(), { minLength: numT, maxLength: numT }), { nil: undefined }),
    })
    .map(({ terms, speakerBoost, speakerFilter, visible }) => ({
      terms: terms.map((q, i): QueryTerm => ({ id: q.id, weight: q.weight, local: q.local, word: q.local ? i : -1, synonym: q.synonym })),
      scope: { pFrom: 0, pTo: data.pTranscript.length, transcript: -1, ...(visible ? { visible: Uint8Array.from(visible, Number) } : {}) },
      speakerFilter,
      speakerBoost,
      phrases: [],
    }));
}

