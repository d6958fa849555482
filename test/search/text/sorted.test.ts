import { describe, expect, it } from 'vitest';
import { prefixRange } from '../../../src/search/text/sorted.ts';

describe('prefixRange', () => {
  const sorted = ['gpu', 'gpus', 'grad', 'gradient', 'graph'];
  it('finds the run of entries that start with the prefix', () => {
    expect(prefixRange(sorted, 'gpu')).toEqual([0, 2]);
    expect(prefixRange(sorted, 'grad')).toEqual([2, 4]);
    expect(prefixRange(sorted, 'gr')).toEqual([2, 5]);
  });
  it('is empty (start === end) where nothing matches', () => {
    const [a, b] = prefixRange(sorted, 'zzz');
    expect(a).toBe(b);
    const [c, d] = prefixRange(sorted, 'gq');
    expect(c).toBe(d);
    expect(prefixRange([], 'a')).toEqual([0, 0]);
  });
  it('treats the empty prefix as matching everything', () => {
    expect(prefixRange(sorted, '')).toEqual([0, 5]);
  });
});
