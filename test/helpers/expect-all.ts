/**
 * `expectAll(items, test)`: every item passes AND there is at least one item. A plain
 * `expect(list.every(...)).toBe(true)` passes on an empty list, so a search that silently found nothing
 * (a broken ranker) would look like a search that found only the right things.
 *
 * @example expectAll(answer.quotes, (q) => q.videoId === 'tea-notes', 'quotes from tea-notes only');
 */
import { expect } from 'vitest';

/** Fails when `items` is missing or empty, or when an item fails `test` (the message shows the first one). */
export function expectAll<T>(items: readonly T[] | ArrayLike<T> | undefined, test: (item: T) => boolean, what = 'every item'): void {
  const list = Array.from(items ?? []);
  expect(list.length, `${what}: the list is empty, so "every item passes" would prove nothing`).toBeGreaterThan(0);
  const failing = list.find((item) => !test(item));
  expect(failing, `${what}: this item fails`).toBeUndefined();
}
