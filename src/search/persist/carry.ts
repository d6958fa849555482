/**
 * Carrying verify's word tables over a hot reload: a reload usually changes one file of thousands, and
 * the new index's transcripts are new objects, so without this every transcript's word table
 * (`verify/words.ts`, built on first use) would be built again on the main thread at the first `verify`.
 *
 * A table goes to the new index's transcript of the same file only when both indexes hold that
 * transcript's stored text in memory and the two strings are equal (the restore reuses the live string
 * for an unchanged file, so this is mostly one pointer comparison): the table was built from that text,
 * so a changed file, whatever its name and video id, never gets its old table.
 *
 * The new transcript also gets the new index's stored text object as its `storedText` (see
 * `rememberStoredText`), so nothing joins its cues again.
 *
 * @example
 * const carried = carryWordTables(live, next); // before next goes live
 */
import { rememberStoredText } from '../../corpus/text.ts';
import { indexDataOf } from '../index.ts';
import type { SearchIndex } from '../types.ts';
import { adoptWords, builtWords } from '../verify/words.ts';
import { decodedText } from './snapshot.ts';

/** Gives `next`'s transcripts the word tables `live`'s have for the same file and text; returns how many. */
export function carryWordTables(live: SearchIndex, next: SearchIndex): number {
  const was = indexDataOf(live)?.data.stored;
  const now = indexDataOf(next)?.data.stored;
  if (!was || !now || live === next) return 0;
  const byFile = new Map<string, number>();
  live.corpus.transcripts.forEach((t, k) => byFile.set(t.file, k));
  let carried = 0;
  next.corpus.transcripts.forEach((t, k) => {
    const j = byFile.get(t.file);
    if (j === undefined || builtWords(t)) return;
    const table = builtWords(live.corpus.transcripts[j]!);
    const before = was[j];
    const after = now[k];
    if (!table || !before || !after) return;
    const text = decodedText(after);
    if (text === undefined || text !== decodedText(before)) return;
    adoptWords(t, table);
    // Its stored text too (the index's own, which its cues are made from), so the first verify's look at
    // every transcript's length does not make each carried transcript's cues and join them again.
    rememberStoredText(t, after);
    carried++;
  });
  return carried;
}
