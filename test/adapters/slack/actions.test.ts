import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_ID_PATTERN, ACTION_IDS, decodeActionValue, encodeActionValue } from '../../../src/adapters/slack/actions.ts';

describe('button values', () => {
  it('round-trip kind, asker and token', () => {
    const state = { kind: 'more' as const, asker: 'U0123ABC', token: 'm:3:3:scaling+laws' };
    expect(encodeActionValue(state)).toBe('more|U0123ABC|m:3:3:scaling+laws');
    expect(decodeActionValue(encodeActionValue(state))).toEqual(state);
  });

  it('property: any contract-conforming token round-trips', () => {
    fc.assert(
      fc.property(fc.constantFrom('more', 'context', 'share' as const), fc.stringMatching(/^[A-Z0-9]{1,20}$/), fc.stringMatching(/^[ -{}~]{1,64}$/), (kind, asker, token) => {
        expect(decodeActionValue(encodeActionValue({ kind, asker, token }))).toEqual({ kind, asker, token });
      }),
    );
  });

  it('reject tokens that break the contract and values this adapter did not write', () => {
    expect(() => encodeActionValue({ kind: 'more', asker: 'U1', token: 'a|b' })).toThrow(/contract/);
    expect(() => encodeActionValue({ kind: 'more', asker: 'U1', token: 'x'.repeat(65) })).toThrow(/contract/);
    for (const bad of [undefined, '', 'garbage', 'more|U1', 'nope|U1|tok', 'more||tok', 'more|U1|', `more|U1|${'x'.repeat(65)}`, 'more|U 1|tok']) {
      expect(decodeActionValue(bad)).toBeUndefined();
    }
  });

  it('action ids match the listener pattern', () => {
    for (const id of Object.values(ACTION_IDS)) expect(id).toMatch(ACTION_ID_PATTERN);
  });
});
