/**
 * Carrying verify's word tables over a rebuild: a transcript whose stored text is the same string gets the
 * live table, one whose text changed (same file, same video id) never does, and the new index then
 * verifies exactly like one built fresh.
 */
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/search/index.ts';
import { carryWordTables } from '../../../src/search/persist/carry.ts';
import { warmSearch } from '../../../src/search/persist/warm.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { builtWords } from '../../../src/search/verify/words.ts';
import { corpus, transcript } from '../helpers.ts';

const otter = transcript('otter', [
  { text: 'The otter floats on its back while it cracks open a shell.' },
  { text: 'Sea otters hold hands when they sleep so they do not drift apart.' },
]);
const heron = transcript('heron', [{ text: 'A grey heron stands still in the shallow water for an hour.' }, { text: 'Then it strikes at a fish faster than you can blink.' }]);
/** The heron file rewritten: same file and video id, other words. */
const heronEdited = transcript('heron', [{ text: 'A grey heron waits in the reeds at the edge of the pond.' }, { text: 'Badgers dig long tunnels under the meadow at night.' }]);

const claims = [
  'sea otters hold hands when they sleep',
  'sea otters hold paws when they sleep',
  'badgers dig long tunnels under the meadow',
  'badgers dig short tunnels under the meadow',
  'a grey heron stands still in the shallow water',
];
const answers = (index: SearchIndex): unknown =>
  claims.map((c) => {
    const r = index.verify(c);
    return [r.verdict, r.similarity, r.differences, r.hit?.text, r.hit?.transcript.file, r.hit?.start];
  });

describe('carryWordTables', () => {
  it('carries the table of an unchanged text and never the one of a changed text', () => {
    const live = buildIndex(corpus(otter, heron));
    warmSearch(live);
    // Rebuilt from new objects, as a reload's restore makes them; the otter's stored text is the same string.
    const sameOtter = { ...otter, cues: otter.cues.map((c) => ({ ...c })) };
    const next = buildIndex(corpus(sameOtter, heronEdited));
    expect(carryWordTables(live, next)).toBe(1);
    const [liveOtter, liveHeron] = live.corpus.transcripts;
    const [nextOtter, nextHeron] = next.corpus.transcripts;
    expect(builtWords(nextOtter!)).toBe(builtWords(liveOtter!));
    expect(builtWords(nextHeron!)).toBeUndefined();
    expect(builtWords(liveHeron!)).toBeDefined();
    const fresh = buildIndex(corpus({ ...otter, cues: otter.cues.map((c) => ({ ...c })) }, { ...heronEdited, cues: heronEdited.cues.map((c) => ({ ...c })) }));
    expect(answers(next)).toEqual(answers(fresh));
  });

  it('carries nothing when the live index never built its tables', () => {
    const copy = (t: typeof otter) => ({ ...t, cues: t.cues.map((c) => ({ ...c })) });
    const live = buildIndex(corpus(copy(otter), copy(heron)));
    const next = buildIndex(corpus(copy(otter), copy(heronEdited)));
    expect(carryWordTables(live, next)).toBe(0);
    expect(next.corpus.transcripts.map((t) => builtWords(t))).toEqual([undefined, undefined]);
  });
});
