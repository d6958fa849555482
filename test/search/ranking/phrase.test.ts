import { describe, expect, it } from 'vitest';
import { fillerTermIds, phraseEndAt } from '../../../src/search/ranking/phrase.ts';

// Words as term ids: one id per distinct word, as the index gives them.
const ids = new Map<string, number>();
const id = (w: string): number => ids.get(w) ?? (ids.set(w, ids.size), ids.size - 1);
const terms = (text: string): number[] => text.split(' ').map(id);
id('uh');
const fillers = fillerTermIds(ids);

describe('phraseEndAt', () => {
  const end = (said: string, phrase: string, at = 0) => {
    const tokens = terms(said);
    return phraseEndAt(tokens, at, tokens.length, terms(phrase), fillers);
  };

  it('allows the speaker\'s fillers and immediate repeats of one to three words between the phrase\'s words', () => {
    expect(end('gpus appeared in our in our lab', 'gpus appeared in our lab')).toBe(7);
    expect(end('gpus uh appeared in our lab now', 'gpus appeared in our lab')).toBe(6);
    expect(end('we trained the the model', 'we trained the model')).toBe(5);
    expect(end('you had the you had the insight', 'you had the insight')).toBe(7);
  });

  it('allows nothing else: other words, a gap, or a phrase not starting at the place', () => {
    expect(end('gpus appeared in our toronto lab', 'gpus appeared in our lab')).toBe(-1);
    expect(end('gpus appeared in our lab', 'gpus appeared lab')).toBe(-1);
    expect(end('the gpus appeared', 'gpus appeared')).toBe(-1);
    expect(end('gpus appeared', 'gpus appeared in our lab')).toBe(-1);
    // A repeat must repeat the phrase's own words: "the" before the phrase is not skipped.
    expect(end('the gpus the gpus appeared', 'gpus appeared', 1)).toBe(-1);
  });
});
