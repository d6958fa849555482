import { describe, expect, it } from 'vitest';
import { storedText } from '../../../src/corpus/text.ts';
import { hitAt, trailingPunctuationEnd } from '../../../src/search/quotes/results.ts';
import { transcript } from '../helpers.ts';

const t = transcript('m', [
  { text: 'So what about the budget?', speaker: 'Chair', start: 0, end: 2 },
  { text: 'We spent twelve euros on the case and the rest on buttons, which is fine.', speaker: 'Design', start: 2, end: 8 },
]);
t.meta.chapters = [{ start: 0, end: 1.5, title: 'Opening' }, { start: 1.5, end: 10, title: 'Budget' }];

describe('hitAt', () => {
  const stored = storedText(t);
  const from = stored.text.indexOf('budget');
  const to = stored.text.length;

  it('quotes the stored text with its times, chapter and speaker', () => {
    const hit = hitAt(t, stored, from, to, 3, 'most');
    expect(hit.text).toBe(stored.text.slice(from, to));
    expect(hit.start).toBeGreaterThan(0);
    expect(hit.end).toBeGreaterThan(hit.start);
    expect(hit.score).toBe(3);
    expect(hit.chapter).toBe('Opening');
  });

  it('names whoever says most of the quote, or whoever says its first word', () => {
    expect(hitAt(t, stored, from, to, 0, 'most').speaker).toBe('Design');
    expect(hitAt(t, stored, from, to, 0, 'first').speaker).toBe('Chair');
  });
});

describe('trailingPunctuationEnd', () => {
  it('keeps punctuation glued to the last word, and a caption-style spaced full stop', () => {
    expect(trailingPunctuationEnd('it works." Then', 8)).toBe(10);
    expect(trailingPunctuationEnd('it works . Then', 8)).toBe(10);
    expect(trailingPunctuationEnd('it works then', 8)).toBe(8);
  });
});
