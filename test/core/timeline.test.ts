import { describe, expect, it } from 'vitest';
import { densestStretch } from '../../src/core/commands/timeline.ts';
import type { Hit } from '../../src/search/types.ts';

const hit = (start: number, end: number, score = 1) => ({ start, end, score }) as Hit;

describe('densestStretch', () => {
  it('prefers the stretch with most mentions less than 90 s apart', () => {
    const hits = [hit(0, 5), hit(300, 310), hit(350, 360), hit(420, 430), hit(900, 905)];
    expect(densestStretch(hits)).toEqual({ first: 1, last: 3 });
  });
  it('breaks ties by relevance, then by length', () => {
    expect(densestStretch([hit(0, 5, 1), hit(500, 505, 3), hit(1000, 1020, 1)])).toEqual({ first: 1, last: 1 });
    expect(densestStretch([hit(0, 5, 1), hit(500, 530, 1)])).toEqual({ first: 1, last: 1 });
    expect(densestStretch([hit(10, 20)])).toEqual({ first: 0, last: 0 });
  });
});
