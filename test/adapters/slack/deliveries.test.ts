import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../src/adapters/slack/deliveries.ts';

describe('RecentIds', () => {
  it('accepts an id once', () => {
    const seen = new RecentIds();
    expect(seen.add('Ev1')).toBe(true);
    expect(seen.add('Ev1')).toBe(false);
    expect(seen.add('Ev2')).toBe(true);
  });

  it('forgets ids after the ttl (fake clock)', () => {
    let now = 0;
    const seen = new RecentIds({ ttlMs: 1000, now: () => now });
    seen.add('Ev1');
    now = 999;
    expect(seen.add('Ev1')).toBe(false);
    now = 2000;
    expect(seen.add('Ev1')).toBe(true);
  });

  it('stays bounded, forgetting the oldest first', () => {
    const seen = new RecentIds({ maxSize: 3 });
    for (const id of ['a', 'b', 'c', 'd']) seen.add(id);
    expect(seen.size).toBe(3);
    expect(seen.add('d')).toBe(false);
    expect(seen.add('a')).toBe(true);
  });
});
