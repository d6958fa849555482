/**
 * Where in a transcript a claimed quote may have been said: candidate windows found by diagonal voting
 * (the seed step of FASTA/BLAST). Every claimed word that occurs in the transcript votes for the offset
 * "transcript position - claim position"; a quote said there, even with a few words changed, piles its
 * votes on one offset, while scattered common words spread theirs. Rare words weigh more (IDF within the
 * transcript), so a claim made of common words still finds its place when enough of them line up.
 *
 * @example
 * const { tokens } = transcriptWords(transcript);
 * anchorWindows(transcript, tokenize('deep and large'), 3) // [{ from: 52, to: 71, votes: 4.1 }, ...]
 */
import { storedText } from '../corpus/text.ts';
import type { Transcript } from '../corpus/types.ts';
import { tokenize, type Token } from './align.ts';

/** A transcript's alignment tokens and where each word occurs. */
export interface TranscriptWords {
  tokens: Token[];
  positions: Map<string, number[]>;
}

const cache = new WeakMap<Transcript, TranscriptWords>();

/** The alignment tokens of a transcript's stored text and their positions (cached per transcript). */
export function transcriptWords(transcript: Transcript): TranscriptWords {
  let words = cache.get(transcript);
  if (!words) {
    const tokens = tokenize(storedText(transcript).text);
    const positions = new Map<string, number[]>();
    tokens.forEach((t, i) => {
      const list = positions.get(t.norm);
      if (list) list.push(i);
      else positions.set(t.norm, [i]);
    });
    words = { tokens, positions };
    cache.set(transcript, words);
  }
  return words;
}

/** Most word occurrences counted per transcript and claim (keeps a pathological claim to milliseconds). */
export const VOTE_BUDGET = 20_000;

/** A candidate stretch of a transcript: token range `[from, to)` and the weight of the votes for it. */
export interface AnchorWindow {
  from: number;
  to: number;
  votes: number;
}

/**
 * The `limit` best candidate windows for `claim` in `transcript`, best first. Each window spans the
 * claim's length plus half of it (and 8 words) on either side of the voted offset, so dropped or added
 * words still fit. Windows whose votes are under a quarter of the best are left out.
 */
export function anchorWindows(transcript: Transcript, claim: Token[], limit = 3): AnchorWindow[] {
  const { tokens, positions } = transcriptWords(transcript);
  const m = claim.length;
  if (m === 0 || tokens.length === 0) return [];
  const bin = Math.max(4, Math.ceil(m / 4));
  // Words making up more than 1% of the transcript ("the", "and") only vote when the claim has fewer
  // than three rarer words: they cost the most and locate the least.
  const common = Math.max(50, tokens.length / 100);
  const rare = claim.filter((t) => (positions.get(t.norm)?.length ?? 0) > 0 && positions.get(t.norm)!.length <= common).length;
  const votes = new Map<number, number>();
  const seen = new Set<string>();
  // Rarest words vote first; voting stops after VOTE_BUDGET occurrences (a claim of 400 "the"s).
  const order = claim.map((t, p) => ({ t, p, n: positions.get(t.norm)?.length ?? 0 })).sort((a, b) => a.n - b.n);
  let work = 0;
  for (const { t, p } of order) {
    const occurrences = positions.get(t.norm);
    if (!occurrences || (rare >= 3 && occurrences.length > common)) continue;
    if ((work += occurrences.length) > VOTE_BUDGET) break;
    const weight = Math.log(1 + tokens.length / occurrences.length);
    const repeat = seen.has(t.norm);
    seen.add(t.norm);
    const full = repeat ? weight / 2 : weight;
    for (const q of occurrences) {
      const b = Math.floor((q - p) / bin);
      votes.set(b, (votes.get(b) ?? 0) + full);
      // Half a vote into the neighbouring bin, so a diagonal near a bin edge is not split in two.
      const near = (((q - p) % bin) + bin) % bin < bin / 2 ? b - 1 : b + 1;
      votes.set(near, (votes.get(near) ?? 0) + full / 2);
    }
  }
  // The best bins, without sorting them all.
  const ranked: Array<[number, number]> = [];
  for (const entry of votes) {
    if (ranked.length < limit * 4 || entry[1] > ranked[ranked.length - 1]![1]) {
      ranked.push(entry);
      ranked.sort((a, b) => b[1] - a[1]);
      if (ranked.length > limit * 4) ranked.pop();
    }
  }
  const best = ranked[0]?.[1] ?? 0;
  const margin = Math.ceil(m / 2) + 8;
  const out: AnchorWindow[] = [];
  for (const [b, v] of ranked) {
    if (out.length >= limit || v < best / 4) break;
    const from = Math.max(0, b * bin - margin);
    const to = Math.min(tokens.length, b * bin + bin + m + margin);
    if (from >= to || out.some((w) => w.from < to && from < w.to)) continue;
    out.push({ from, to, votes: v });
  }
  return out;
}
