import { describe, expect, it } from 'vitest';
import { Cooldown, retryText } from '../../src/core/cooldown.ts';

describe('Cooldown', () => {
  it('allows one request per window per key, with a fake clock', () => {
    let now = 1_000_000;
    const cooldown = new Cooldown({ seconds: 3, now: () => now });
    expect(cooldown.take('discord:1')).toEqual({ ok: true });
    expect(cooldown.take('discord:2')).toEqual({ ok: true });
    now += 1000;
    expect(cooldown.take('discord:1')).toEqual({ ok: false, retryAfterMs: 2000, repeat: false });
    now += 1999;
    expect(cooldown.take('discord:1')).toEqual({ ok: false, retryAfterMs: 1, repeat: true });
    now += 1;
    expect(cooldown.take('discord:1')).toEqual({ ok: true });
  });

  it('a refused request does not extend the wait', () => {
    let now = 0;
    const cooldown = new Cooldown({ seconds: 3, now: () => now });
    cooldown.take('u');
    now = 2500;
    cooldown.take('u');
    now = 3000;
    expect(cooldown.take('u').ok).toBe(true);
  });

  it('is off at 0 seconds and stays bounded in memory', () => {
    const off = new Cooldown({ seconds: 0 });
    expect(off.take('u').ok && off.take('u').ok).toBe(true);
    let now = 0;
    const small = new Cooldown({ seconds: 3, now: () => now, maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) small.take(key);
    now = 10; // 'a' was evicted as the oldest: it may ask again
    expect(small.take('a').ok).toBe(true);
    expect(small.take('d').ok).toBe(false);
  });

  it('marks only the first refusal of a window as new; a new window starts fresh', () => {
    let now = 0;
    const cooldown = new Cooldown({ seconds: 3, now: () => now });
    cooldown.take('u');
    const refusals = [];
    for (now = 100; now < 2000; now += 100) refusals.push(cooldown.take('u'));
    expect(refusals.map((r) => (r.ok ? 'ok' : r.repeat ? 'repeat' : 'first'))).toEqual(['first', ...Array(18).fill('repeat')]);
    now = 3000;
    expect(cooldown.take('u').ok).toBe(true);
    now = 3100;
    expect(cooldown.take('u')).toMatchObject({ ok: false, repeat: false });
  });

  it('says when to retry', () => {
    expect(retryText(2001)).toBe('You can ask again in 3 seconds.');
    expect(retryText(10)).toBe('You can ask again in 1 second.');
  });
});
