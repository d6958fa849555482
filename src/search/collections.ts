/**
 * The collection scope of an index view ({@link SearchIndex.within}): which transcripts a view may show,
 * as a mask over the index's transcripts, and the tests the view needs on the shared index data (is a word
 * said in the visible transcripts; a random visible passage). Ranking itself only skips passages of hidden
 * transcripts (`Scope.visible`); it has no rule of its own for collections.
 *
 * @example
 * const visible = visibleMask(corpus.transcripts, ['3b1b']); // 1 for every transcript under 3b1b/
 * saidIn(data, visible, 'fourier') // true when a 3b1b video says it
 */
import type { Transcript } from '../corpus/types.ts';
import type { IndexData } from './index/index-data.ts';
import { stem } from './text/stem.ts';
import { normalizeWord } from './text/tokenize.ts';

/** The named collections of some transcripts, sorted (top-level files have none). */
export function collectionNames(transcripts: readonly Transcript[]): string[] {
  const names = new Set<string>();
  for (const t of transcripts) if (t.collection) names.add(t.collection);
  return [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

/** 1 for each transcript in one of `names` (matched case-insensitively), else 0. */
export function visibleMask(transcripts: readonly Transcript[], names: readonly string[]): Uint8Array {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const mask = new Uint8Array(transcripts.length);
  transcripts.forEach((t, i) => {
    if (t.collection && wanted.has(t.collection.toLowerCase())) mask[i] = 1;
  });
  return mask;
}

/** The passages `[pFrom, pTo)` spanning every visible transcript (empty when none is visible). */
export function visibleExtent(data: IndexData, visible: Uint8Array): { pFrom: number; pTo: number } {
  const first = visible.indexOf(1);
  if (first < 0) return { pFrom: 0, pTo: 0 };
  const last = visible.lastIndexOf(1);
  return { pFrom: data.pBase[first]!, pTo: data.pBase[last + 1]! };
}

/** Whether every word of `text` (a vocabulary word or multi-word term) is said in a visible transcript. */
export function saidIn(data: IndexData, visible: Uint8Array, text: string): boolean {
  const words = text.split(/\s+/).map((w) => normalizeWord(w)).filter(Boolean);
  if (!words.length) return false;
  const { offsets, docs } = data.bm25;
  return words.every((word) => {
    const term = data.termIds.get(stem(word));
    if (term === undefined || term < 0 || term >= offsets.length - 1) return false;
    if (data.termIsStop[term]) return true; // stopwords are said everywhere (and may have no postings)
    for (let k = offsets[term]!; k < offsets[term + 1]!; k++) if (visible[data.pTranscript[docs[k]!]!] === 1) return true;
    return false;
  });
}

/** A uniformly random passage of the visible transcripts, or -1 when they have none. */
export function randomVisiblePassage(data: IndexData, visible: Uint8Array, rng: () => number): number {
  let total = 0;
  for (let t = 0; t < visible.length; t++) if (visible[t] === 1) total += data.pBase[t + 1]! - data.pBase[t]!;
  if (total === 0) return -1;
  let k = Math.min(total - 1, Math.floor(rng() * total));
  for (let t = 0; t < visible.length; t++) {
    if (visible[t] !== 1) continue;
    const n = data.pBase[t + 1]! - data.pBase[t]!;
    if (k < n) return data.pBase[t]! + k;
    k -= n;
  }
  return -1;
}
