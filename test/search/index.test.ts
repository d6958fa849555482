import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/index.ts';
import { storedText } from '../../src/corpus/text.ts';
import { corpus, transcript } from './helpers.ts';
import { expectAll } from '../helpers/expect-all.ts';

const filler = (n: number, word = 'lorem') => Array.from({ length: n }, (_, i) => `${word}${i % 7}`).join(' ') + '.';
const meeting = transcript('meet1', [
  { text: `Welcome to the meeting. ${filler(30)}`, speaker: 'Project Manager' },
  { text: 'The battery should be kinetic so it never needs replacing.', speaker: 'Industrial Designer' },
  { text: filler(40, 'ipsum'), speaker: 'Marketing' },
  { text: 'Customers love a rubber button design. Rubber buttons feel soft.', speaker: 'Marketing' },
  { text: filler(40, 'dolor'), speaker: 'Project Manager' },
  { text: 'I think rubber is also cheaper than titanium for the case.', speaker: 'Industrial Designer' },
  { text: filler(40, 'amet'), speaker: 'Project Manager' },
  { text: 'Back to the battery: a kinetic battery charges when you shake it.', speaker: 'Project Manager' },
], 'Remote control kickoff');
const lecture = transcript('lect1', [
  { text: `The Fourier transform winds a signal around a circle. ${filler(30, 'sit')}` },
  { text: `A battery is not part of this lecture at all. ${filler(30, 'elit')}` },
], 'But what is the Fourier transform');
const index = buildIndex(corpus(meeting, lecture));

describe('search filters, paging, merging', () => {
  it('filters by video id or fuzzy title', () => {
    expectAll(index.search('battery', { video: 'meet1' }).hits, (h) => h.video.id === 'meet1');
    const byTitle = index.search('battery', { video: 'fourier transfrom' });
    expect(byTitle.video?.id).toBe('lect1');
    expectAll(byTitle.hits, (h) => h.video.id === 'lect1');
    const none = index.search('battery', { video: 'qqqqqqqqqqqqqqqqq' });
    expect(none.hits).toEqual([]);
    expect(none.video).toBeUndefined();
  });
  it('filters by speaker, fuzzily', () => {
    const r = index.search('rubber', { speaker: 'industrial desginer' });
    expect(r.speaker).toBe('Industrial Designer');
    expect(r.hits.length).toBeGreaterThan(0);
    expectAll(r.hits, (h) => h.speaker === 'Industrial Designer');
  });
  it('recognises a speaker named in the question and boosts their passages', () => {
    const r = index.search('what did the industrial designer think about rubber?');
    expect(r.speaker).toBe('Industrial Designer');
    expect(r.terms).toEqual(['rubber']);
    expect(r.hits[0]!.text).toContain('cheaper than titanium');
  });
  it('pages through distinct results with a stable total', () => {
    const all = index.search('battery', { limit: 10 });
    expect(all.total).toBe(all.hits.length);
    const p1 = index.search('battery', { limit: 1 });
    const p2 = index.search('battery', { limit: 1, offset: 1 });
    expect(p1.total).toBe(all.total);
    expect(p1.hits[0]!.text).toBe(all.hits[0]!.text);
    expect(p2.hits[0]!.text).toBe(all.hits[1]!.text);
    expect(index.search('battery', { offset: 99 }).hits).toEqual([]);
  });
  it('returns distinct moments: no two results overlap', () => {
    const hits = index.search('battery rubber kinetic', { limit: 10 }).hits;
    for (let i = 0; i < hits.length; i++) {
      for (let j = i + 1; j < hits.length; j++) {
        if (hits[i]!.video.id !== hits[j]!.video.id) continue;
        expect(hits[i]!.charEnd <= hits[j]!.charStart || hits[j]!.charEnd <= hits[i]!.charStart).toBe(true);
      }
    }
  });
  it('merges hits in adjacent passages into one result', () => {
    const t = transcript('adj', [{ text: `Kinetic energy is stored. ${filler(38)} Kinetic charging follows. ${filler(38, 'zz')}` }]);
    const r = buildIndex(corpus(t)).search('kinetic');
    expect(r.total).toBe(1);
  });
  it('matches exact phrases only when quoted', () => {
    const exact = index.search('"kinetic battery"');
    expect(exact.hits.length).toBeGreaterThan(0);
    expectAll(exact.hits, (h) => /kinetic battery/i.test(h.text));
    expect(exact.unmatchedPhrases).toBeUndefined();
  });
  it('matches a quoted phrase said with fillers and immediate repeats between its words (as clean verbatim reads it)', () => {
    const t = transcript('gpus', [
      { text: `${filler(30)} so the gpus appeared in our in our lab in our Toronto lab. ${filler(30, 'zz')}` },
      { text: `${filler(30, 'yy')} we uh trained the the model overnight. ${filler(30, 'xx')}` },
    ]);
    const gpus = buildIndex(corpus(t));
    for (const phrase of ['"gpus appeared in our lab"', '"trained the model"', '"we trained the model overnight"']) {
      const r = gpus.search(phrase);
      expect(r.unmatchedPhrases, phrase).toBeUndefined();
      expect(r.hits.length, phrase).toBeGreaterThan(0);
    }
    // Other words between the phrase's words still do not count.
    expect(gpus.search('"gpus appeared lab"').unmatchedPhrases).toEqual(['gpus appeared lab']);
    expect(gpus.search('"appeared in our toronto"').unmatchedPhrases).toEqual(['appeared in our toronto']);
  });
  it('falls back to the words of a quoted phrase nobody says word for word, and says so', () => {
    const loose = index.search('"battery kinetic"');
    expect(loose.unmatchedPhrases).toEqual(['battery kinetic']);
    expect(loose.hits[0]!.text).toMatch(/kinetic/i);
    const unknown = index.search('"kinetic flux capacitor"');
    expect(unknown.unmatchedPhrases).toEqual(['kinetic flux capacitor']);
    expect(unknown.hits.some((h) => /kinetic/i.test(h.text))).toBe(true);
    const kept = index.search('"titanium for the case" battery');
    expect(kept.unmatchedPhrases).toBeUndefined();
    expect(kept.hits.length).toBeGreaterThan(0);
    expectAll(kept.hits, (h) => /titanium for the case/i.test(h.text));
  });
  it('loosens only the quoted phrases nobody says, keeping the others exact', () => {
    for (const query of ['"kinetic battery" "battery kinetic"', '"kinetic battery" "kinetic flux capacitor"']) {
      const r = index.search(query);
      expect(r.unmatchedPhrases, query).toEqual([query.split('" "')[1]!.replace(/"/g, '')]);
      expect(r.hits.length, query).toBeGreaterThan(0);
      expectAll(r.hits, (h) => /kinetic battery/i.test(h.text), query);
    }
  });
  it('reports corrections and suggestions', () => {
    const r = index.search('batery');
    expect(r.corrected).toEqual({ batery: 'battery' });
    expect(r.hits.length).toBeGreaterThan(0);
    const none = index.search('titanum', { video: 'lect1' });
    expect(none.hits).toEqual([]);
    expect(none.suggestions).toContain('titanium');
  });
  it('never throws and stays quick on hostile strings', () => {
    for (const q of ['', '   ', '😀🎉', "'^!=|", '=exact', '!not', '^start', 'a|b', '.*+?()[]{}', 'x'.repeat(6000), '"', '""', `${'battery '.repeat(800)}`]) {
      const r = index.search(q);
      expect(Array.isArray(r.hits)).toBe(true);
      expect(() => index.mentions(q)).not.toThrow();
      expect(() => index.suggest(q)).not.toThrow();
      expect(() => index.findVideos(q)).not.toThrow();
    }
  });
});

describe('mentions, around, random, suggest, videos, speakers', () => {
  it('lists every moment a topic comes up, in time order', () => {
    const r = index.mentions('battery');
    expect(r.hits.length).toBeGreaterThanOrEqual(3);
    const meet = r.hits.filter((h) => h.video.id === 'meet1');
    for (let i = 1; i < meet.length; i++) expect(meet[i]!.start).toBeGreaterThan(meet[i - 1]!.start);
    expectAll(index.mentions('battery', { video: 'meet1' }).hits, (h) => h.video.id === 'meet1');
  });
  it('returns the passage at a moment and its neighbours', () => {
    const hits = index.around('meet1', 0, 0, 2);
    expect(hits.length).toBe(3);
    expect(hits[0]!.start).toBe(0);
    const mid = index.around('meet1', hits[1]!.start + 0.01, 1, 1);
    expect(mid.map((h) => h.text)).toEqual(hits.map((h) => h.text));
    expect(index.around('nope', 10)).toEqual([]);
  });
  it('picks a substantive random passage', () => {
    let seed = 1;
    const rng = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 20; i++) {
      const h = index.random(undefined, rng)!;
      expect(h.text.split(/\s+/).length).toBeGreaterThanOrEqual(10);
    }
    expect(index.random('lect1')!.video.id).toBe('lect1');
    expect(buildIndex(corpus()).random()).toBeUndefined();
  });
  it('suggests words and multi-word terms', () => {
    expect(index.suggest('bat')[0]).toBe('battery');
    expect(index.suggest('rubber ')).toContain('rubber button');
    expect(index.suggest('rub')).toContain('rubber button');
    expect(index.suggest('')).toEqual([]);
  });
  it('finds videos and lists speakers', () => {
    expect(index.findVideos('fourier')[0]!.id).toBe('lect1');
    expect(index.findVideos('meet1')[0]!.id).toBe('meet1');
    expect(index.speakers('meet1')).toEqual(['Project Manager', 'Industrial Designer', 'Marketing']);
    expect(index.speakers('lect1')).toEqual([]);
  });
  it('quotes are exact slices of the stored text', () => {
    for (const h of index.search('rubber battery kinetic', { limit: 10 }).hits) {
      expect(storedText(h.transcript).text.slice(h.charStart, h.charEnd)).toBe(h.text);
    }
  });
});

describe('quotes for a named speaker', () => {
  // Ann raises the topic in one long turn, Bob answers in a short one: a query naming Bob quotes Bob only.
  const meeting = transcript('meetSpkr001', [
    { text: 'Okay, so the next thing on my list is the battery, and I would really like to hear what everyone thinks about the battery, because the battery decides the price and the weight of the whole device and we have to settle it today before lunch.', speaker: 'Ann' },
    { text: 'The battery should be rechargeable, a kinetic battery costs too much.', speaker: 'Bob' },
    { text: 'Fine, then let us move on to the colours of the case, which marketing wants bright yellow this year for some reason nobody could explain to me in the last meeting.', speaker: 'Ann' },
  ]);
  const index = buildIndex(corpus(meeting));
  it('cuts the quote to their turn when their passage is the best one', () => {
    const r = index.search('What did Bob think about the battery?', { limit: 1 });
    expect(r.speaker).toBe('Bob');
    expect(r.hits[0]!.speaker).toBe('Bob');
    expect(r.hits[0]!.text).toMatch(/^The battery should be rechargeable/);
    expect(r.hits[0]!.text).not.toMatch(/next thing on my list/);
  });
});
