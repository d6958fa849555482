/**
 * Porter stemming (the `stemmer` package) with a cache, so each distinct word is stemmed once.
 *
 * @example
 * stem('networks') // 'network'
 * stem('scaling')  // 'scale'
 */
import { stemmer } from 'stemmer';

const cache = new Map<string, string>();
const CACHE_LIMIT = 500_000;

/** The Porter stem of a normalised term. Numbers and words with apostrophes are kept as they are. */
export function stem(term: string): string {
  let s = cache.get(term);
  if (s === undefined) {
    s = /^[a-z]+$/.test(term) ? stemmer(term) : term.replace(/'/g, '');
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(term, s);
  }
  return s;
}
