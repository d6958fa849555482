/** Quotes of one answer never share transcript words: overlapping moments merge, ones inside a passage drop. */
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../src/corpus/types.ts';
import { SEARCH_DEFAULTS as P } from '../../../src/search/params.ts';
import { sentenceBounds } from '../../../src/search/quotes/bounds.ts';
import { distinctMoments, sharesWords } from '../../../src/search/quotes/distinct.ts';
import { findMentions } from '../../../src/search/quotes/mentions.ts';
import type { Hit } from '../../../src/search/types.ts';

/**
 * An auto-caption style transcript (no punctuation, no pauses): 200 words, "gpu" at the given word numbers;
 * with `sentenceWords`, a full stop after every that many words.
 */
function captions(gpuAt: number[], sentenceWords = 0): Transcript {
  const word = (i: number) => (gpuAt.includes(i) ? 'gpu' : `word${i}`) + (sentenceWords && (i + 1) % sentenceWords === 0 ? '.' : '');
  const words = Array.from({ length: 200 }, (_, i) => word(i));
  const cues = [];
  for (let i = 0; i < words.length; i += 10) cues.push({ start: i / 2, end: i / 2 + 5, text: words.slice(i, i + 10).join(' ') });
  return { file: 'v.srt', format: 'srt', approximate: false, meta: { id: 'v', title: 'Video v' }, cues, warnings: [] } as unknown as Transcript;
}

const spans = (hits: Hit[]) => hits.map((h) => sentenceBounds(h, P)).map((h) => [h.charStart, h.charEnd] as const);

describe('distinct moments', () => {
  const transcript = captions([40, 56, 72, 160]);
  const mentions = findMentions([transcript], 'gpu').hits;
  it('starts from mentions whose quotes share words (the defect)', () => {
    expect(mentions.length).toBe(4);
    expect(sharesWords(mentions[0]!, mentions[1]!, P)).toBe(true);
    expect(sharesWords(mentions[1]!, mentions[2]!, P)).toBe(true);
    expect(sharesWords(mentions[2]!, mentions[3]!, P)).toBe(false);
  });
  it('merges mentions whose quotes share words into one moment, in the first one\'s place', () => {
    const kept = distinctMoments(mentions, [], P);
    expect(kept.length).toBe(2);
    expect(kept[0]!.start).toBe(mentions[0]!.start);
    expect(kept[0]!.text.match(/gpu/g)!.length).toBe(3);
    expect(kept[0]!.text).toBe(transcript.cues.map((c) => c.text).join(' ').slice(kept[0]!.charStart, kept[0]!.charEnd));
    const [a, b] = spans(kept);
    expect(a![1] <= b![0] || b![1] <= a![0]).toBe(true);
  });
  it('drops a mention whose quote runs into a passage already shown', () => {
    const passage = findMentions([transcript], 'word166').hits[0]!; // a shown passage around word 166
    const kept = distinctMoments(mentions, [passage], P);
    expect(kept.length).toBe(1);
    expect(kept[0]!.text).not.toMatch(/word160/);
  });
});

/** Every order of `items`. */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('distinct moments in any order', () => {
  // Mentions in a chain (each one's quote runs into the next's), one apart, in two videos; each range is
  // worked out once per hit, so a range kept for the wrong hit (a merged moment's, a kept one's) shows here.
  const chain = captions([30, 46, 62, 78, 150]);
  const other = { ...captions([40, 56]), meta: { id: 'w', title: 'Video w' } } as Transcript;
  const mentions = [...findMentions([chain], 'gpu').hits, ...findMentions([other], 'gpu').hits];
  const passage = findMentions([chain], 'word86').hits[0]!;
  it('compares quotes as shown (widened to sentence ends), not the raw hits', () => {
    const [a, b] = findMentions([captions([32, 57], 30)], 'gpu').hits; // one 30-word sentence, two 15-word mentions
    expect(a!.charEnd < b!.charStart).toBe(true);
    expect(distinctMoments([a!, b!], [], P).length).toBe(1);
    expect(distinctMoments([b!, a!], [], P).length).toBe(1);
  });
  it('never shows two quotes that share words, nor one that runs into a passage', () => {
    expect(mentions.length).toBe(7);
    for (const taken of [[], [passage]]) {
      for (const order of orders(mentions.slice(0, 5))) {
        const kept = distinctMoments([...order, ...mentions.slice(5)], taken, P);
        const pairs = kept.flatMap((a, i) => kept.slice(i + 1).map((b) => [a, b] as const));
        expect(pairs.filter(([a, b]) => sharesWords(a, b, P))).toEqual([]);
        expect(kept.filter((k) => taken.some((t) => sharesWords(t, k, P)))).toEqual([]);
        expect(kept.filter((k) => k.transcript === other).length).toBe(1);
        expect(kept.length).toBe(3);
        // Two mentions run into the passage and are dropped; every other one is in exactly one moment.
        expect(kept.map((k) => k.text.match(/gpu/g)!.length).reduce((x, y) => x + y)).toBe(taken.length ? 5 : 7);
      }
    }
  });
});

