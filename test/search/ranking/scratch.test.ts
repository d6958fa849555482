import { describe, expect, it } from 'vitest';
import { QueryScratch, ScratchPool } from '../../../src/search/ranking/scratch.ts';

describe('ScratchPool', () => {
  it('lends one scratch per query in flight and reuses it once given back', () => {
    const pool = new ScratchPool(8, 2, 4);
    let first: QueryScratch | undefined;
    let inner: QueryScratch | undefined;
    pool.use((s) => {
      first = s;
      pool.use((t) => (inner = t)); // a query started while another runs gets its own buffers
    });
    expect(inner).not.toBe(first);
    let again: QueryScratch | undefined;
    pool.use((s) => (again = s));
    expect([first, inner]).toContain(again);
  });

  it('drops the scratch of a query that throws, so a half-cleared buffer is never reused', () => {
    const pool = new ScratchPool(8, 2, 4);
    let dirty: QueryScratch | undefined;
    expect(() =>
      pool.use((s) => {
        dirty = s;
        s.acc[3] = 1;
        s.termBit[2] = 0;
        throw new Error('ranker bug');
      }),
    ).toThrow('ranker bug');
    pool.use((s) => {
      expect(s).not.toBe(dirty);
      expect(Array.from(s.acc)).toEqual(new Array(8).fill(0));
      expect(Array.from(s.termBit)).toEqual([-1, -1, -1, -1]);
    });
  });

  it('clears scores and term bits', () => {
    const s = new QueryScratch(4, 2, 3);
    s.acc[1] = 2;
    s.mask[1] = 1;
    s.touched.data[s.touched.length++] = 1;
    s.blockAcc[0] = 5;
    s.blockTouched.data[s.blockTouched.length++] = 0;
    s.termBit[2] = 0;
    s.resetScores();
    s.clearTermBits([{ id: 2 }]);
    expect([...s.acc, ...s.mask, ...s.blockAcc, s.touched.length, s.blockTouched.length]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(s.termBit)).toEqual([-1, -1, -1]);
  });
});
