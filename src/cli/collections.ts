/**
 * `--collection` on the command line (`ask`, `ask --json`, `search --json`): one or more collections
 * (transcripts subfolders), comma-separated or the option repeated, checked against the loaded index.
 *
 * @example
 * collectionNames(['3b1b,podcast', 'lectures']) // ['3b1b', 'podcast', 'lectures']
 */
import { collectionsLine } from '../core/community.ts';
import type { SearchIndex } from '../search/types.ts';

/** The names given with `--collection` (each may list several, comma-separated); [] for none. */
export function collectionNames(values: unknown): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return [...new Set(list.flatMap((v) => String(v).split(',')).map((n) => n.trim()).filter(Boolean))];
}

/** One line naming the collections the index does not have (and the ones it has), or undefined when all exist. */
export function unknownCollections(index: SearchIndex, names: readonly string[]): string | undefined {
  if (!names.length) return undefined;
  const known = index.collections();
  const lower = new Set(known.map((n) => n.toLowerCase()));
  const unknown = names.filter((n) => !lower.has(n.toLowerCase()));
  if (!unknown.length) return undefined;
  return `There is no collection ${unknown.map((n) => `"${n}"`).join(', ')}. ${collectionsLine(known)}`;
}
