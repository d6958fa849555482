import { describe, expect, it } from 'vitest';
import { answerWindow, type TurnView } from '../../../src/search/quotes/answer.ts';
import { Break } from '../../../src/search/index/passages.ts';

/** A view over turns given as [speaker, text] (tokens split on spaces; " ." / " ?" end sentences). */
function view(turns: Array<[string, string]>): TurnView & { words: string[] } {
  let text = '';
  const tokStart: number[] = [];
  const tokEnd: number[] = [];
  const breaks: number[] = [];
  const who: string[] = [];
  const words: string[] = [];
  for (const [speaker, t] of turns) {
    const parts = t.split(' ');
    parts.forEach((w, i) => {
      if (w === '.' || w === '?') {
        text += ' ' + w;
        breaks[breaks.length - 1] = Break.Sentence;
        return;
      }
      if (text) text += ' ';
      tokStart.push(text.length);
      text += w;
      tokEnd.push(text.length);
      breaks.push(Break.None);
      who.push(speaker);
      words.push(w);
      void i;
    });
    breaks[breaks.length - 1] = Break.Turn;
  }
  return { text, tokStart, tokEnd, breaks, from: 0, to: words.length, speakerAt: (k) => who[k], words };
}

const filler = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ') + ' .';

describe('answerWindow', () => {
  it('moves a quote ending on a question onto the other speaker\'s answer', () => {
    const v = view([
      ['A', 'so what about the scroll wheel ?'],
      ['B', 'well I think the scroll wheel is too expensive . ' + filler(30)],
    ]);
    const w = answerWindow(v, [0, 6], { minWords: 5, maxWords: 20 })!;
    expect(w[0]).toBe(6);
    expect(v.words[w[0]]).toBe('well');
    expect(w[1] - w[0]).toBeLessThanOrEqual(20);
    expect(v.breaks[w[1] - 1]).toBeGreaterThanOrEqual(Break.Sentence);
  });

  it('counts a turn opening with an interrogative word as a question', () => {
    const v = view([
      ['A', 'do we need the scroll wheel'],
      ['B', filler(25)],
    ]);
    expect(answerWindow(v, [0, 6], { introWords: 0 })?.[0]).toBe(6);
  });

  it('leaves statements, same-speaker turns and unknown speakers alone', () => {
    const statement = view([
      ['A', 'the scroll wheel is too expensive for our budget this time .'],
      ['B', filler(25)],
    ]);
    expect(answerWindow(statement, [0, 11])).toBeUndefined();
    const same = view([
      ['A', 'what about the scroll wheel ?'],
      ['A', filler(25)],
    ]);
    expect(answerWindow(same, [0, 5])).toBeUndefined();
    const unknown = { ...view([['A', 'what about it ?'], ['B', filler(25)]]), speakerAt: () => undefined };
    expect(answerWindow(unknown, [0, 3])).toBeUndefined();
  });

  it('hands a short topic-naming turn over to a long turn that follows it', () => {
    const v = view([
      ['Chair', 'okay . functional requirements .'],
      ['Marketing', filler(40)],
    ]);
    expect(answerWindow(v, [0, 3])?.[0]).toBe(3);
    expect(answerWindow(v, [0, 3], { introWords: 0 })).toBeUndefined();
  });

  it('keeps a quote that ends far before its turn ends', () => {
    const v = view([
      ['A', filler(30) + ' what about it ?'],
      ['B', filler(25)],
    ]);
    expect(answerWindow(v, [0, 5], { slack: 12 })).toBeUndefined();
  });
});
