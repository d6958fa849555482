/**
 * Button `custom_id`s: `<kind>|<askerUserId>|<token>`.
 *
 * All paging state lives in the core's action token, so a button keeps working after a restart; the asker's
 * id rides along so the adapter can refuse a stranger's click without asking the core. Discord allows 100
 * characters; the core's tokens are at most 64 printable ASCII characters without `|`.
 *
 * @example
 * encodeCustomId({ kind: 'more', userId: '123', token: 'm:abc' }) === 'more|123|m:abc'
 * decodeCustomId('more|123|m:abc') // { kind: 'more', userId: '123', token: 'm:abc' }
 */
import type { AnswerAction } from '../../core/types.ts';

/** Discord's limit on a component's custom_id. */
export const CUSTOM_ID_MAX = 100;

/** What a button carries. */
export interface ButtonState {
  kind: AnswerAction['kind'];
  /** Discord user id of the person the answer was for. */
  userId: string;
  /** The core's continuation token. */
  token: string;
}

const KINDS: ReadonlySet<string> = new Set<AnswerAction['kind']>(['more', 'context', 'share', 'card', 'helpful', 'not-helpful']);

/** The custom_id of a button, or undefined when it would not be valid (too long, `|` or non-ASCII in the token). */
export function encodeCustomId(state: ButtonState): string | undefined {
  if (!KINDS.has(state.kind) || !/^\d{1,25}$/.test(state.userId)) return undefined;
  if (!/^[\x21-\x7e]+$/.test(state.token) || state.token.includes('|')) return undefined;
  const id = `${state.kind}|${state.userId}|${state.token}`;
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

/** Parses a custom_id made by {@link encodeCustomId}; undefined for anything else (e.g. an older format). */
export function decodeCustomId(customId: string): ButtonState | undefined {
  const parts = customId.split('|');
  if (parts.length !== 3) return undefined;
  const [kind, userId, token] = parts as [string, string, string];
  if (!KINDS.has(kind) || !/^\d{1,25}$/.test(userId) || !token) return undefined;
  return { kind: kind as ButtonState['kind'], userId, token };
}
