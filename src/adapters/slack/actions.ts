/**
 * Button state for Slack: everything a button needs lives in its `value`, so a click still works after the
 * bot restarts (no server-side session).
 *
 * A value is `<kind>|<asker user id>|<core token>`. The core token (an Answer action's `token`) is at most
 * 64 printable ASCII characters without `|`, and Slack user ids are `[A-Z0-9]`, so the value stays far
 * below Slack's 2,000-character limit and splits unambiguously.
 *
 * @example
 * encodeActionValue({ kind: 'more', asker: 'U123', token: 'm:abc' }) === 'more|U123|m:abc'
 */
import type { AnswerAction } from '../../core/types.ts';

/** The Block Kit `action_id` of each button kind; the adapter listens on {@link ACTION_ID_PATTERN}. */
export const ACTION_IDS: Record<AnswerAction['kind'], string> = {
  more: 'quotebot_more',
  context: 'quotebot_context',
  share: 'quotebot_share',
  card: 'quotebot_card',
  helpful: 'quotebot_helpful',
  'not-helpful': 'quotebot_not_helpful',
};

/** Matches every action id in {@link ACTION_IDS}. */
export const ACTION_ID_PATTERN = /^quotebot_(more|context|share|card|helpful|not_helpful)$/;

/** What a button carries. */
export interface ActionState {
  kind: AnswerAction['kind'];
  /** Slack user id of the person the answer was for (only they may page or share it). */
  asker: string;
  /** The core's continuation token, resumed with `{ command: 'resume', args: { token } }`. */
  token: string;
}

const KINDS = new Set<string>(Object.keys(ACTION_IDS));
/** Slack user ids: `U…`/`W…` in practice; accept any short alphanumeric id. */
const USER_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** The core's token contract: 1-64 printable ASCII characters, no `|`. */
const TOKEN = /^[\x20-\x7b\x7d\x7e]{1,64}$/;

/** The button value of an action. Throws when the token breaks the core's token contract. */
export function encodeActionValue(state: ActionState): string {
  if (!TOKEN.test(state.token)) throw new Error(`action token breaks the contract (1-64 printable ASCII, no "|"): ${JSON.stringify(state.token)}`);
  if (!USER_ID.test(state.asker)) throw new Error(`not a Slack user id: ${JSON.stringify(state.asker)}`);
  return `${state.kind}|${state.asker}|${state.token}`;
}

/** Parses a button value, or returns undefined for anything this adapter did not write. */
export function decodeActionValue(value: string | undefined): ActionState | undefined {
  if (typeof value !== 'string') return undefined;
  const first = value.indexOf('|');
  const second = value.indexOf('|', first + 1);
  if (first < 0 || second < 0) return undefined;
  const kind = value.slice(0, first);
  const asker = value.slice(first + 1, second);
  const token = value.slice(second + 1);
  if (!KINDS.has(kind) || !USER_ID.test(asker) || !TOKEN.test(token)) return undefined;
  return { kind: kind as ActionState['kind'], asker, token };
}
