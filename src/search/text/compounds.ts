/**
 * Compounds typed as one word that the captions say as two: "pretraining" for "pre-training", "dataset" for
 * "data set", "openai" for "open AI". A split of the word counts only when its two parts are said one right
 * after the other somewhere in the transcripts, so "notable" never becomes "no table".
 *
 * @example
 * attestedCompound('pretraining', view)
 * // { parts: ['pre', 'training'], count: 2, strength: 1 }
 * attestedCompound('backup', view, view.bm25.df(backupId))
 * // { parts: ['back', 'up'], count: 83, strength: 0.02 }: said, but "back" goes with everything
 */
import { SEARCH_DEFAULTS } from '../params.ts';
import type { Bm25Index } from '../index/bm25.ts';
import { stem } from './stem.ts';

/** Passages of the rarer part read per split: {@link QueryParams.compoundScan}. */
export const COMPOUND_SCAN = SEARCH_DEFAULTS.query.compoundScan;

/** What {@link attestedCompound} reads from the index: terms, postings and the token stream. */
export interface TokenView {
  /** Stem -> term id. */
  termIds: ReadonlyMap<string, number>;
  /** 1 for a stopword term. */
  termIsStop: ArrayLike<number>;
  bm25: Pick<Bm25Index, 'df' | 'offsets' | 'docs'>;
  /** Term id of every token, all transcripts in order. */
  tokTerm: ArrayLike<number>;
  /** Per transcript, its first token (length transcripts + 1). */
  tokBase: ArrayLike<number>;
  /** Per passage, its first token and the token after its last. */
  pTokStart: ArrayLike<number>;
  pTokEnd: ArrayLike<number>;
  /** Per passage, its transcript. */
  pTranscript: ArrayLike<number>;
}

/** A word's two parts as said, how often the pair is said, and how tied its rarer part is to the pair. */
export interface Compound {
  parts: [string, string];
  /** How often the pair is said (over the passages scanned). */
  count: number;
  /** The share of the rarer part's passages that say the pair: 1 for "pre" in "pre-training". */
  strength: number;
}

/**
 * The two words `word` is made of, when the transcripts say them one right after the other. Parts have at
 * least 2 letters and are no stopwords; of several splits, the one said together most often wins. Splits
 * whose rarer part is in at most `moreThan` passages are not looked at (a known word asks whether the pair
 * is said more often than the word itself).
 */
export function attestedCompound(word: string, view: TokenView, moreThan = 0): Compound | undefined {
  if (word.length < 5 || word.length > 40) return undefined;
  const { termIds, termIsStop, bm25 } = view;
  let best: Compound | undefined;
  for (let i = 2; i <= word.length - 2; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    const ia = termIds.get(stem(a));
    const ib = termIds.get(stem(b));
    if (ia === undefined || ib === undefined || termIsStop[ia] || termIsStop[ib]) continue;
    if (Math.min(bm25.df(ia), bm25.df(ib)) <= moreThan) continue;
    const { count, passages } = adjacentCount(ia, ib, view);
    if (count > (best?.count ?? 0)) best = { parts: [a, b], count, strength: passages / Math.min(COMPOUND_SCAN, bm25.df(ia), bm25.df(ib)) };
  }
  return best;
}

/**
 * How often term `a` is directly followed by term `b`, and in how many passages, over the first
 * {@link COMPOUND_SCAN} passages of the rarer of the two.
 */
function adjacentCount(a: number, b: number, view: TokenView): { count: number; passages: number } {
  const { bm25, tokTerm, tokBase, pTokStart, pTokEnd, pTranscript } = view;
  const rare = bm25.df(a) <= bm25.df(b) ? a : b;
  const end = Math.min(bm25.offsets[rare + 1]!, bm25.offsets[rare]! + COMPOUND_SCAN);
  let count = 0;
  let passages = 0;
  for (let k = bm25.offsets[rare]!; k < end; k++) {
    const p = bm25.docs[k]!;
    // The pair may start in the passage before (when `b` is the rarer) or end in the next.
    const t = pTranscript[p]!;
    const to = Math.min(pTokEnd[p]! + 1, tokBase[t + 1]!);
    const before = count;
    for (let i = Math.max(pTokStart[p]! - 1, tokBase[t]!); i + 1 < to; i++) {
      if (tokTerm[i] === a && tokTerm[i + 1] === b) count++;
    }
    if (count > before) passages++;
  }
  return { count, passages };
}
