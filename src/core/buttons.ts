/**
 * Button rules every adapter applies the same way (they render and wire; the rule lives here). A button
 * carries the asker's platform user id next to the core's token (see each adapter's button value format).
 *
 * - **Context** works for anyone who clicks (shown to the clicker alone when they did not ask).
 * - **More** and **Share** are the asker's: anyone else gets {@link buttonRefusal}'s notice and nothing changes.
 * - A button whose value the adapter cannot read (an older format) gets {@link STALE_BUTTON}.
 */
import type { AnswerAction } from './types.ts';

/** The notice for a button the adapter cannot read (e.g. from an older version of quotebot). */
export const STALE_BUTTON = 'This button is from an older answer and no longer works. Ask again to get fresh results.';

/** True when `clickerId` may press a `kind` button of an answer asked by `askerId`. */
export function mayPress(kind: AnswerAction['kind'], clickerId: string, askerId: string): boolean {
  // Context and feedback votes are for anyone who sees the answer; paging and sharing only for the asker.
  return kind === 'context' || kind === 'helpful' || kind === 'not-helpful' || clickerId === askerId;
}

/**
 * Undefined when the click is allowed, else the plain-text notice for the clicker.
 *
 * @example buttonRefusal('more', 'U2', 'U1') === 'Only the person who asked can page through this answer. Use /quote to ask your own question.'
 */
export function buttonRefusal(kind: AnswerAction['kind'], clickerId: string, askerId: string): string | undefined {
  if (mayPress(kind, clickerId, askerId)) return undefined;
  const what = kind === 'more' ? 'page through' : 'share';
  return `Only the person who asked can ${what} this answer. Use /quote to ask your own question.`;
}
