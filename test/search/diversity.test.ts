/** Diversity of the first results (RankWeights.diversity): after the best result, other discussions before more of the same one. */
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/index.ts';
import { corpus, transcript } from './helpers.ts';

/** `n` words drawn in turn from a topic's vocabulary (so chunks of one topic share their words). */
const talk = (n: number, topic: string[], seed: number) => Array.from({ length: n }, (_, i) => topic[(i * 7 + seed) % topic.length]).join(' ') + '.';
const valves = ['valve', 'hose', 'seal', 'gasket', 'pressure', 'leak', 'flange', 'nozzle', 'coupling', 'washer', 'thread', 'clamp'];
const money = ['invoice', 'budget', 'price', 'supplier', 'quote', 'discount', 'contract', 'payment', 'order', 'cost', 'margin', 'vendor'];
const people = ['holiday', 'rota', 'training', 'badge', 'canteen', 'parking', 'shift', 'contract', 'meeting', 'email', 'office', 'desk'];
const cue = (text: string, speaker: string) => ({ text, speaker });

/** The pump comes up three times in the valve discussion, once in the money discussion much later. */
const cues = [
  ...Array.from({ length: 4 }, (_, i) => cue(talk(45, valves, i), 'A')),
  cue(`The pump, the pump, the pump failed again at the valve. ${talk(35, valves, 9)}`, 'B'),
  ...Array.from({ length: 6 }, (_, i) => cue(talk(45, valves, i + 20), 'A')),
  cue(`That pump and its pump valve seal. ${talk(38, valves, 40)}`, 'B'),
  ...Array.from({ length: 4 }, (_, i) => cue(talk(45, valves, i + 50), 'A')),
  ...Array.from({ length: 30 }, (_, i) => cue(talk(45, people, i), 'C')),
  ...Array.from({ length: 5 }, (_, i) => cue(talk(45, money, i), 'D')),
  cue(`That pump and its pump invoice, the pump cost, a pump. ${talk(34, money, 60)}`, 'B'),
  ...Array.from({ length: 5 }, (_, i) => cue(talk(45, money, i + 70), 'D')),
  ...Array.from({ length: 10 }, (_, i) => cue(talk(45, people, i + 90), 'C')),
];
const c = corpus(transcript('m', cues), transcript('n', Array.from({ length: 12 }, (_, i) => cue(talk(45, i < 6 ? valves : money, i), 'E'))));

describe('result diversity', () => {
  const search = (rank: object) => buildIndex(c, { rank }).search('pump', { video: 'm', limit: 5 }).hits;
  it('puts another discussion second when it scores close to more of the first one', () => {
    const plain = search({ diversity: 0 });
    expect(plain.map((h) => h.text.slice(0, 30))).toEqual([
      'The pump, the pump, the pump f',
      'That pump and its pump valve s',
      'That pump and its pump invoice',
    ]);
    expect(plain[1]!.score).toBeGreaterThan(plain[2]!.score);
    const diverse = search({});
    expect(diverse.map((h) => h.text.slice(0, 30))).toEqual([
      'The pump, the pump, the pump f',
      'That pump and its pump invoice',
      'That pump and its pump valve s',
    ]);
  });
  it('keeps the first result and every result, only re-ordered', () => {
    for (const diversity of [0.1, 0.5, 5]) {
      const diverse = search({ diversity });
      const plain = search({ diversity: 0 });
      expect(diverse[0]).toEqual(plain[0]);
      expect(diverse.map((h) => h.start).sort((a, b) => a - b)).toEqual(plain.map((h) => h.start).sort((a, b) => a - b));
    }
  });
  it('is off without the semantic signal', () => {
    const a = buildIndex(c, { rank: { semantic: 0 } }).search('pump', { video: 'm', limit: 5 }).hits.map((h) => h.start);
    const b = buildIndex(c, { rank: { semantic: 0, diversity: 0 } }).search('pump', { video: 'm', limit: 5 }).hits.map((h) => h.start);
    expect(a).toEqual(b);
  });
});
