/**
 * Whether a quoted phrase is said at a place in the token stream: its words in that order, with the
 * speaker's fillers and immediate repeats of one to three words allowed in between (what clean verbatim
 * leaves out, src/search/quotes/verbatim.ts), so `"gpus appeared in our lab"` is said by
 * "the gpus appeared in our in our lab" and by "gpus uh appeared in our lab". Nothing else may come between.
 *
 * @example
 * // tokens: gpus appeared in our in our lab (as term ids); phrase: gpus appeared in our lab
 * phraseEndAt(tokTerm, 0, tokTerm.length, phrase, fillers) // 7 (one past "lab")
 */
import { FILLERS, MAX_REPEAT } from '../quotes/verbatim.ts';
import { stem } from '../text/stem.ts';

/** Term ids of the {@link FILLERS} a corpus has (stemmed as the index stems its words). */
export function fillerTermIds(termIds: ReadonlyMap<string, number>): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const word of FILLERS) {
    const id = termIds.get(stem(word));
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/** Length of the immediate repeat starting at `t` of the tokens just before it (not before `from`), 0 when none. */
function repeatLength(tokTerm: ArrayLike<number>, t: number, from: number, end: number): number {
  for (let k = MAX_REPEAT; k >= 1; k--) {
    if (t - k < from || t + k > end) continue;
    let same = true;
    for (let i = 0; i < k && same; i++) same = tokTerm[t + i] === tokTerm[t - k + i];
    if (same) return k;
  }
  return 0;
}

/**
 * One past the last token of `phrase` said from token `k` (before `end`), with fillers and immediate
 * repeats allowed between its words; -1 when it is not said there. The phrase's first word must be at `k`.
 */
export function phraseEndAt(tokTerm: ArrayLike<number>, k: number, end: number, phrase: readonly number[], fillers: ReadonlySet<number>): number {
  let t = k;
  let j = 0;
  while (j < phrase.length && t < end) {
    const term = tokTerm[t]!;
    if (term === phrase[j]) {
      t++;
      j++;
    } else if (j > 0 && fillers.has(term)) t++;
    else {
      const r = j > 0 ? repeatLength(tokTerm, t, k, end) : 0;
      if (!r) return -1;
      t += r;
    }
  }
  return j === phrase.length ? t : -1;
}
