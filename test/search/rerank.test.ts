/** Re-ranking signals of buildIndex: the opening/closing prior, its fallback, neighbours and the semantic switch. */
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/index.ts';
import { corpus, transcript } from './helpers.ts';

const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i % 9}`).join(' ') + '.';
/** A meeting where "budget" comes up at the start, twice in the middle and at the end. */
const meeting = transcript('m1', [
  { text: `Hello all, first the budget for today. ${filler(40, 'alpha')}`, speaker: 'A' },
  ...Array.from({ length: 6 }, (_, i) => ({ text: filler(45, `mid${i}x`), speaker: 'B' })),
  { text: `The budget, the budget is the main budget problem here. ${filler(40, 'beta')}`, speaker: 'C' },
  ...Array.from({ length: 6 }, (_, i) => ({ text: filler(45, `late${i}x`), speaker: 'B' })),
  { text: `So to wrap up the budget talk we stop now. ${filler(40, 'gamma')}`, speaker: 'A' },
]);
const other = transcript('m2', [{ text: `Nothing about money here at all. ${filler(60, 'delta')}` }]);
const c = corpus(meeting, other);

describe('position prior', () => {
  const index = buildIndex(c);
  it('keeps plain queries on the densest mention', () => {
    expect(index.search('budget problem', { video: 'm1' }).hits[0]!.text).toContain('main budget problem');
  });
  it('moves an opening or closing question to the edge of the recording', () => {
    const opening = index.search('budget agenda', { video: 'm1' }).hits[0]!;
    expect(opening.text).toContain('first the budget');
    const closing = index.search('wrap-up of the budget', { video: 'm1' }).hits[0]!;
    expect(closing.text).toContain('wrap up the budget');
  });
  it('turns off with position 0', () => {
    const off = buildIndex(c, { rank: { position: 0 } });
    expect(off.search('budget agenda', { video: 'm1' }).hits[0]!.text).toContain('main budget problem');
  });
  it('answers with the opening when nothing in the video says the words', () => {
    const hits = index.search('money and the meeting agenda', { video: 'm1' }).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.start).toBeLessThan(0.1 * meeting.meta.duration!);
    expect(index.search('money', { video: 'm1' }).hits).toEqual([]);
  });
});

describe('neighbours and semantic re-rank', () => {
  it('gives the same kind of answers with each signal off (they only re-order candidates)', () => {
    const starts = (rank: object) =>
      buildIndex(c, { rank }).search('budget', { video: 'm1', limit: 10 }).hits.map((h) => h.start).sort((a, b) => a - b);
    const all = starts({});
    expect(all.length).toBeGreaterThan(1);
    for (const rank of [{ neighbors: 0 }, { semantic: 0 }, { semantic: 0, neighbors: 0 }]) expect(starts(rank)).toEqual(all);
  });
  it('builds with custom vector dimensions', () => {
    const index = buildIndex(c, { vectors: { dims: 16 } });
    expect(index.search('main budget problem', { video: 'm1' }).hits[0]!.text).toContain('main budget problem');
  });
});

describe('distinct moments first', () => {
  // "pump" said 3 times at passage 5, twice two passages later, once far away at the end.
  const cues = Array.from({ length: 24 }, (_, i) => ({ text: filler(40, `w${i}x`) }));
  cues[5] = { text: `The pump, the pump, the pump failed again. ${filler(36, 'p')}` };
  cues[7] = { text: `That pump and its pump housing. ${filler(36, 'q')}` };
  cues[22] = { text: `One more word on the pump. ${filler(36, 'r')}` };
  const c2 = corpus(transcript('v', cues));
  it('moves a result close to a better one after the distinct ones, without dropping it', () => {
    const hits = buildIndex(c2).search('pump', { limit: 10 }).hits.map((h) => h.text);
    expect(hits.length).toBe(3);
    expect(hits[0]).toContain('pump failed');
    expect(hits[1]).toContain('One more word');
    expect(hits[2]).toContain('pump housing');
    const plain = buildIndex(c2, { rank: { momentGap: 1 } }).search('pump', { limit: 10 }).hits.map((h) => h.text);
    expect(plain[1]).toContain('pump housing');
  });
});

describe('chapter-scale window', () => {
  // An opening agenda names "budget" three times in passing; the budget is discussed later, one mention in
  // every other passage over a dozen passages.
  const cues = Array.from({ length: 40 }, (_, i) => ({ text: filler(40, `f${i}x`), speaker: i % 2 ? 'B' : 'A' }));
  cues[1] = { text: `Agenda: budget first, then the budget review and budget sign-off, hiring and the schedule. ${filler(30, 'ag')}`, speaker: 'A' };
  for (let i = 22; i < 34; i += 2) cues[i] = { text: `${filler(18, `d${i}x`)} and that is the budget point here. ${filler(18, `e${i}x`)}`, speaker: i % 2 ? 'B' : 'A' };
  const c3 = corpus(transcript('f', cues));
  it('prefers the stretch that discusses a topic over a passage that only names it', () => {
    const off = buildIndex(c3, { rank: { midBlock: 0, discussion: 0 } }).search('budget', { video: 'f' }).hits[0]!;
    expect(off.text).toContain('Agenda');
    expect(buildIndex(c3, { rank: { discussion: 0 } }).search('budget', { video: 'f' }).hits[0]!.text).toContain('budget point');
    expect(buildIndex(c3).search('budget', { video: 'f' }).hits[0]!.text).toContain('budget point');
  });
  it('discussion score: passages around that keep saying the word beat one passage that lists it three times', () => {
    // In isolation (the chapter-scale window also rewards the later stretch).
    const top = (rank: object) => buildIndex(c3, { rank: { midBlock: 0, ...rank } }).search('budget', { video: 'f' }).hits[0]!.text;
    expect(top({ discussion: 0 })).toContain('Agenda');
    expect(top({ discussion: 0.25 })).toContain('budget point');
    // Counted over passages before and after: either side alone is enough here, none at all is off.
    expect(top({ discussion: 0.25, discussionBefore: 0 })).toContain('budget point');
    expect(top({ discussion: 0.25, discussionBefore: 0, discussionAfter: 0 })).toContain('Agenda');
  });
});

describe('named speaker window', () => {
  // Marketing says "rubber" once right after the designer did (passages 9-10), and again in four of their
  // own turns a little later (20-26) with nobody else saying it.
  const cues = Array.from({ length: 40 }, (_, i) => ({ text: filler(40, `s${i}x`), speaker: 'Project Manager' }));
  const say = (i: number, speaker: string, words: string) => (cues[i] = { text: `${filler(16, `a${i}x`)} ${words}. ${filler(16, `b${i}x`)}`, speaker });
  say(9, 'Industrial Designer', 'the rubber case');
  say(10, 'Marketing', 'rubber sounds good');
  for (const i of [20, 22, 24, 26]) say(i, 'Marketing', 'our users like rubber');
  const c4 = corpus(transcript('sw', cues));
  const top = (rank: object) => buildIndex(c4, { rank }).search('What did Marketing think about rubber?', { video: 'sw' }).hits[0]!;
  it("prefers the stretch where the named speaker keeps saying the query's words", () => {
    // In isolation (the chapter-scale window also rewards the later stretch), at a weight that decides it here.
    expect(top({ speakerWindow: 0, midBlock: 0 }).text).toContain('rubber sounds good');
    const on = top({ speakerWindow: 2, midBlock: 0 });
    expect(on.text).toContain('users like rubber');
    expect(on.speaker).toBe('Marketing');
    // The later stretch gains only because Marketing says it: said by the Project Manager, nothing moves.
    const pm = corpus(transcript('pm', cues.map((c, i) => ([20, 22, 24, 26].includes(i) ? { ...c, speaker: 'Project Manager' } : c))));
    const topPm = (rank: object) => buildIndex(pm, { rank }).search('What did Marketing think about rubber?', { video: 'pm' }).hits[0]!.text;
    expect(topPm({ speakerWindow: 2, midBlock: 0 })).toContain('rubber sounds good');
  });
  it('changes nothing without speaker tags or without a named speaker', () => {
    const plain = corpus(transcript('p', cues.map((c) => ({ text: c.text }))));
    const hits = (cs: typeof c4, rank: object, q: string) => buildIndex(cs, { rank }).search(q, { limit: 5 }).hits.map((h) => [h.start, h.text]);
    expect(hits(plain, { speakerWindow: 1 }, 'marketing rubber')).toEqual(hits(plain, { speakerWindow: 0 }, 'marketing rubber'));
    expect(hits(c4, { speakerWindow: 1 }, 'rubber')).toEqual(hits(c4, { speakerWindow: 0 }, 'rubber'));
  });
});
