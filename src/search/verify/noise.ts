/**
 * Aligning a claim against what was said without the speaker's noise: the transcript words clean
 * verbatim leaves out ({@link leftOut}: fillers and immediate repeats of one to three words) are taken
 * out of both sides before aligning, and the alignment is mapped back onto the whole texts. So
 * "the gpus arrived in our lab" against "the gpus appeared in our in our lab" differs only in
 * "arrived"/"appeared" (not "appeared in our"), and the aligner cannot pair a claimed word with a
 * stutter. A claim that leaves out words the speaker said only once still differs there, and a claim
 * that quotes the stutter itself is aligned as it stands.
 *
 * @example
 * alignClean(tokenize('the gpus arrived in our lab'), tokenize('the gpus appeared in our in our lab')).ops
 * // match the, match gpus, substitute arrived/appeared, match in, match our, match lab (said: tokens 0-3, 6, 7)
 */
import { align, summarise, type AlignOp, type Alignment, type Token } from './align.ts';
import { leftOut } from '../quotes/verbatim.ts';

/** The indices of the tokens clean verbatim keeps. */
function kept(tokens: Token[]): number[] {
  const drop = leftOut(tokens.map((t) => t.norm));
  const out: number[] = [];
  for (let j = 0; j < tokens.length; j++) if (!drop[j]) out.push(j);
  return out;
}

/**
 * The better of {@link align} of `claim` against `said` as they are and both without their fillers and
 * repeats (the noise is optional on either side: a claim may quote a stutter or leave it out); a tie goes
 * to the clean one, whose differences read better. The steps' indices refer to the whole `claim` and `said`.
 */
export function alignClean(claim: Token[], said: Token[]): Alignment {
  const claimKept = kept(claim);
  const saidKept = kept(said);
  if (claimKept.length === claim.length && saidKept.length === said.length) return align(claim, said);
  const raw = align(claim, said);
  const alignment = align(claimKept.map((i) => claim[i]!), saidKept.map((j) => said[j]!));
  if (alignment.similarity < raw.similarity) return raw;
  const back = (source: number[], range: [number, number]): [number, number] => [source[range[0]]!, source[range[1] - 1]! + 1];
  const ops = alignment.ops.map((op): AlignOp => {
    const out = { ...op };
    if ('claim' in out) out.claim = back(claimKept, out.claim);
    if ('said' in out) out.said = back(saidKept, out.said);
    return out;
  });
  return summarise(ops);
}
