import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/search/verify/align.ts';
import { alignClean } from '../../../src/search/verify/noise.ts';

const said = tokenize('so you know the the GP the gpus appeared in our in our lab in our Toronto lab thanks');
const words = (range: [number, number]): string => said.slice(range[0], range[1]).map((t) => t.norm).join(' ');
const view = (claim: string) =>
  alignClean(tokenize(claim), said).ops.map((op) => [op.kind, 'said' in op ? words(op.said) : '']);

describe('alignClean', () => {
  it('never pairs a claimed word with a stutter: a changed word is the only difference', () => {
    expect(view('the gpus arrived in our lab')).toEqual([
      ['match', 'the'], ['match', 'gpus'], ['substitute', 'appeared'], ['match', 'in'], ['match', 'our'], ['match', 'lab'],
    ]);
    const a = alignClean(tokenize('the gpus arrived in our lab'), said);
    // Indices refer to the whole transcript: the span runs from "the" to "lab", over the repeat.
    expect(said.slice(a.saidStart, a.saidEnd).map((t) => t.norm).join(' ')).toBe('the gpus appeared in our in our lab');
    expect(a.similarity).toBeCloseTo(5 / 6, 6);
  });

  it('ignores fillers, is verbatim when only noise lies between the words, and keeps words said once', () => {
    const uh = tokenize('we uh trained the the model on um gpus');
    expect(alignClean(tokenize('we trained the model on gpus'), uh).verbatim).toBe(true);
    // "in our" left out of the claim, though said (once, after the repeat): a difference remains.
    expect(alignClean(tokenize('the gpus appeared lab in our toronto lab'), said).verbatim).toBe(false);
  });
});
