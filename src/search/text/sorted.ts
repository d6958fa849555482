/**
 * Prefix look-ups in a sorted string array: the one binary search that word and term autocomplete,
 * and query-term widening, all need.
 *
 * @example
 * prefixRange(['gpu', 'gpus', 'grad'], 'gpu') // [0, 2]
 */

/** The half-open range `[start, end)` of the entries of `sorted` (ascending, code-unit order) starting with `prefix`. */
export function prefixRange(sorted: readonly string[], prefix: string): [start: number, end: number] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end]!.startsWith(prefix)) end++;
  return [lo, end];
}
