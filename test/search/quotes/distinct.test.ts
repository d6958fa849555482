/** Quotes of one answer never share transcript words: overlapping moments merge, ones inside a passage drop. */
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../src/corpus/types.ts';
import { sentenceBounds } from '../../../src/search/quotes/bounds.ts';
import { distinctMoments, sharesWords } from '../../../src/search/quotes/distinct.ts';
import { findMentions } from '../../../src/search/quotes/mentions.ts';
import type { Hit } from '../../../src/search/types.ts';

/** An auto-caption style transcript (no punctuation, no pauses): 200 words, "gpu" at the given word numbers. */
function captions(gpuAt: number[]): Transcript {
  const words = Array.from({ length: 200 }, (_, i) => (gpuAt.includes(i) ? 'gpu' : `word${i}`));
  const cues = [];
  for (let i = 0; i < words.length; i += 10) cues.push({ start: i / 2, end: i / 2 + 5, text: words.slice(i, i + 10).join(' ') });
  return { file: 'v.srt', format: 'srt', approximate: false, meta: { id: 'v', title: 'Video v' }, cues, warnings: [] } as unknown as Transcript;
}

const spans = (hits: Hit[]) => hits.map((h) => sentenceBounds(h)).map((h) => [h.charStart, h.charEnd] as const);

describe('distinct moments', () => {
  const transcript = captions([40, 56, 72, 160]);
  const mentions = findMentions([transcript], 'gpu').hits;
  it('starts from mentions whose quotes share words (the defect)', () => {
    expect(mentions.length).toBe(4);
    expect(sharesWords(mentions[0]!, mentions[1]!)).toBe(true);
    expect(sharesWords(mentions[1]!, mentions[2]!)).toBe(true);
    expect(sharesWords(mentions[2]!, mentions[3]!)).toBe(false);
  });
  it('merges mentions whose quotes share words into one moment, in the first one\'s place', () => {
    const kept = distinctMoments(mentions);
    expect(kept.length).toBe(2);
    expect(kept[0]!.start).toBe(mentions[0]!.start);
    expect(kept[0]!.text.match(/gpu/g)!.length).toBe(3);
    expect(kept[0]!.text).toBe(transcript.cues.map((c) => c.text).join(' ').slice(kept[0]!.charStart, kept[0]!.charEnd));
    const [a, b] = spans(kept);
    expect(a![1] <= b![0] || b![1] <= a![0]).toBe(true);
  });
  it('drops a mention whose quote runs into a passage already shown', () => {
    const passage = findMentions([transcript], 'word166').hits[0]!; // a shown passage around word 166
    const kept = distinctMoments(mentions, [passage]);
    expect(kept.length).toBe(1);
    expect(kept[0]!.text).not.toMatch(/word160/);
  });
});
