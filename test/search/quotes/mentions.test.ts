/** Every moment a topic is said (`findMentions`): consecutive moments of a timeline never repeat words. */
import { describe, expect, it } from 'vitest';
import { readOnceWith, rememberStoredText, storedText, type StoredText } from '../../../src/corpus/text.ts';
import type { Transcript } from '../../../src/corpus/types.ts';
import { findMentions } from '../../../src/search/quotes/mentions.ts';
import type { Hit } from '../../../src/search/types.ts';

/** An auto-caption style transcript (no punctuation, no pauses): 200 words, "gpu" at the given word numbers. */
function captions(gpuAt: number[]): Transcript {
  const words = Array.from({ length: 200 }, (_, i) => (gpuAt.includes(i) ? 'gpu' : `word${i}`));
  const cues = [];
  for (let i = 0; i < words.length; i += 10) cues.push({ start: i / 2, end: i / 2 + 5, text: words.slice(i, i + 10).join(' ') });
  return { file: 'v.srt', format: 'srt', approximate: false, meta: { id: 'v', title: 'Video v' }, cues, warnings: [] } as unknown as Transcript;
}

const overlaps = (hits: Hit[]) => hits.slice(1).filter((h, k) => h.charStart < hits[k]!.charEnd).length;

describe('findMentions', () => {
  // Mentions 16 words apart are separate moments (more than momentGapWords), but 12 words of context each
  // side make their quotes overlap.
  const transcript = captions([40, 56, 72, 160]);
  const all = transcript.cues.map((c) => c.text).join(' ');

  it('gives each moment its full context by default (quotes may overlap)', () => {
    const hits = findMentions([transcript], 'gpu').hits;
    expect(hits.length).toBe(4);
    expect(overlaps(hits)).toBe(2);
  });

  it('with apart, consecutive quotes share no words, each still says the topic, verbatim', () => {
    const hits = findMentions([transcript], 'gpu', { apart: true }).hits;
    expect(hits.length).toBe(4);
    expect(overlaps(hits)).toBe(0);
    for (const h of hits) {
      expect(h.text).toMatch(/\bgpu\b/);
      expect(h.text).toBe(all.slice(h.charStart, h.charEnd));
    }
    // The first quote keeps its context before the mention; the last, far from the others, keeps all of it.
    expect(hits[0]!.text.startsWith('word28 ')).toBe(true);
    expect(hits[3]!.text).toBe(all.slice(all.indexOf('word148'), all.indexOf('word173') - 1));
    // Nothing between the first and the third mention is left out: the quotes meet.
    expect(all.slice(hits[0]!.charEnd, hits[1]!.charStart).trim()).toBe('');
  });

  it('with a limit, makes the first moments only and counts the rest', () => {
    const other = { ...captions([10, 100]), file: 'w.srt', meta: { id: 'w', title: 'Video w' } } as Transcript;
    const every = findMentions([transcript, other], 'gpu', { apart: true });
    expect(every.total).toBe(6);
    for (const limit of [0, 3, 5, 6, 10]) {
      const some = findMentions([transcript, other], 'gpu', { apart: true, limit });
      expect(some.total).toBe(6);
      expect(some.hits).toEqual(every.hits.slice(0, limit));
    }
  });

  it('reads a transcript\'s stored text once for all its moments (its word table cuts them from the same string)', () => {
    const made = captions([40, 56, 72, 160]);
    const { text, cueStarts } = storedText(made);
    // A transcript whose stored text is read from elsewhere on each access, as one restored from the cache.
    const restored = { ...made } as Transcript;
    let reads = 0;
    const read = (): string => (reads++, `${text} `.slice(0, -1));
    const stored: StoredText = { get text() { return read(); }, cueStarts, length: text.length };
    readOnceWith(stored, read);
    rememberStoredText(restored, stored);
    const hits = findMentions([restored], 'gpu', { apart: true }).hits;
    expect(hits.map((h) => h.text)).toEqual(findMentions([transcript], 'gpu', { apart: true }).hits.map((h) => h.text));
    // Once to build its word table, once for the moments: not once more per moment, nor for the table's ranges.
    expect(reads).toBe(2);
  });
});
