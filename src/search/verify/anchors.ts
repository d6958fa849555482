/**
 * Where in a transcript a claimed quote may have been said: candidate windows found by diagonal voting
 * (the seed step of FASTA/BLAST). Every claimed word that occurs in the transcript votes for the offset
 * "transcript position - claim position"; a quote said there, even with a few words changed, piles its
 * votes on one offset, while scattered common words spread theirs. Rare words weigh more (IDF within the
 * transcript), so a claim made of common words still finds its place when enough of them line up.
 *
 * @example
 * const words = transcriptWords(transcript);
 * anchorWindows(transcript, tokenize('deep and large'), 3) // [{ from: 52, to: 71, votes: 4.1 }, ...]
 */
import type { Transcript } from '../../corpus/types.ts';
import type { Token } from './align.ts';
import { transcriptWords, wordCount, wordId } from './words.ts';

export { transcriptWords, type TranscriptWords } from './words.ts';

/** Most word occurrences counted per transcript and claim (keeps a pathological claim to milliseconds). */
export const VOTE_BUDGET = 20_000;

/**
 * Most claimed words that vote per transcript: the rarest ones there. A claim of up to this many words
 * votes with all of them; in a longer claim its rarest 64 words already pile far more votes on the
 * place it was said than anywhere else, and leaving the rest out keeps a 400-word claim over a
 * 1.4 M-word corpus to milliseconds (about 680,000 votes down to under 100,000).
 */
export const MAX_VOTERS = 64;

/** Reused vote tables of {@link anchorWindows} (grown on demand; it is synchronous, so never shared). */
let scratchTables = { votes: new Float64Array(0), stamp: new Int32Array(0), touched: new Int32Array(0) };
let scratchEpoch = 0;

function scratch(size: number): typeof scratchTables {
  if (scratchTables.votes.length < size) {
    const n = Math.max(size, 2 * scratchTables.votes.length);
    scratchTables = { votes: new Float64Array(n), stamp: new Int32Array(n), touched: new Int32Array(n) };
    scratchEpoch = 0;
  }
  if (scratchEpoch >= 0x7fffffff) scratchTables.stamp.fill(0), (scratchEpoch = 0);
  return scratchTables;
}

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
  const words = transcriptWords(transcript).keepPositions();
  const present: number[] = [];
  const occurrences: ArrayLike<number>[] = [];
  for (let p = 0; p < claim.length; p++) {
    const list = words.positions(claim[p]!.norm);
    if (list) present.push(p), occurrences.push(list);
  }
  return windowsFromVotes(claim, present, occurrences, words.length, limit);
}

/**
 * Where each word occurs in a list of transcripts, by word id (CSR): the transcripts saying word `w` are
 * `docs[from[w] .. from[w + 1])` (by index, ascending), and `slots` the word's slot in each of them.
 * Ids added to the dictionary after the build (`w >= from.length - 1`) are in no transcript of the list.
 * `docs` and `slots` are 16-bit when every value fits (fewer than 65,537 transcripts; no transcript with
 * more than 65,536 distinct words), else 32.
 */
interface CorpusPostings {
  from: Int32Array;
  docs: Uint16Array | Int32Array;
  slots: Uint16Array | Int32Array;
}

const corpusCache = new WeakMap<readonly Transcript[], { snapshot: Transcript[]; postings: CorpusPostings }>();

/** The word postings of every transcript of a list (cached per list while its contents stay the same). */
function corpusPostings(transcripts: readonly Transcript[]): CorpusPostings {
  const cached = corpusCache.get(transcripts);
  if (cached && cached.snapshot.length === transcripts.length && cached.snapshot.every((t, i) => t === transcripts[i])) return cached.postings;
  const tables = transcripts.map(transcriptWords);
  const words = wordCount();
  const from = new Int32Array(words + 1);
  for (const table of tables) {
    for (let s = 0; s < table.distinct; s++) from[table.slotWord(s) + 1] = from[table.slotWord(s) + 1]! + 1;
  }
  for (let w = 0; w < words; w++) from[w + 1] = from[w + 1]! + from[w]!;
  const fill = from.slice(0, words);
  const entries = from[words]!;
  const docs = tables.length <= 0x10000 ? new Uint16Array(entries) : new Int32Array(entries);
  let mostDistinct = 0;
  for (const table of tables) mostDistinct = Math.max(mostDistinct, table.distinct);
  const slots = mostDistinct <= 0x10000 ? new Uint16Array(entries) : new Int32Array(entries);
  tables.forEach((table, doc) => {
    for (let s = 0; s < table.distinct; s++) {
      const w = table.slotWord(s);
      docs[fill[w]!] = doc;
      slots[fill[w]!] = s;
      fill[w] = fill[w]! + 1;
    }
  });
  const postings = { from, docs, slots };
  corpusCache.set(transcripts, { snapshot: [...transcripts], postings });
  return postings;
}

/**
 * Bytes the corpus word postings of a list hold (typed arrays), undefined when none were built for it: for
 * memory measurements (`scripts/bench/verify-memory.ts`).
 */
export function corpusPostingsBytes(transcripts: readonly Transcript[]): number | undefined {
  const postings = corpusCache.get(transcripts)?.postings;
  return postings && postings.from.byteLength + postings.docs.byteLength + postings.slots.byteLength;
}

/**
 * {@link anchorWindows} of every transcript of a list, in list order (the same windows), but found
 * through one word index of the whole list: each claimed word is looked up once, and only transcripts
 * that have a claimed word are visited.
 */
export function corpusAnchorWindows(transcripts: readonly Transcript[], claim: Token[], limit = 3): Array<AnchorWindow & { transcript: Transcript }> {
  if (claim.length === 0) return [];
  const postings = corpusPostings(transcripts);
  const claimedAt = new Map<string, number[]>();
  claim.forEach((t, p) => {
    const list = claimedAt.get(t.norm);
    if (list) list.push(p);
    else claimedAt.set(t.norm, [p]);
  });
  const byDoc = new Map<number, { present: number[]; occurrences: ArrayLike<number>[] }>();
  for (const [word, at] of claimedAt) {
    const w = wordId(word);
    if (w < 0 || w + 1 >= postings.from.length) continue;
    for (let k = postings.from[w]!; k < postings.from[w + 1]!; k++) {
      const doc = postings.docs[k]!;
      const list = transcriptWords(transcripts[doc]!).slotPositions(postings.slots[k]!);
      let d = byDoc.get(doc);
      if (!d) byDoc.set(doc, (d = { present: [], occurrences: [] }));
      for (const p of at) d.present.push(p), d.occurrences.push(list);
    }
  }
  const out: Array<AnchorWindow & { transcript: Transcript }> = [];
  for (const doc of [...byDoc.keys()].sort((a, b) => a - b)) {
    const transcript = transcripts[doc]!;
    const { present, occurrences } = byDoc.get(doc)!;
    const n = transcriptWords(transcript).length;
    for (const w of windowsFromVotes(claim, present, occurrences, n, limit)) out.push({ transcript, ...w });
  }
  return out;
}

/** The windows of one transcript of `n` tokens, given the claim positions whose word occurs there and where. */
function windowsFromVotes(claim: Token[], present: number[], occurrences: ArrayLike<number>[], n: number, limit: number): AnchorWindow[] {
  const m = claim.length;
  if (m === 0 || n === 0 || present.length === 0) return [];
  const bin = Math.max(4, Math.ceil(m / 4));
  const lowest = Math.floor(-(m - 1) / bin) - 1;
  const tables = scratch(Math.floor((n - 1) / bin) - lowest + 2);
  const touchedCount = vote(claim, present, occurrences, n, bin, lowest, tables);
  const ranked = bestBins(tables, touchedCount, lowest, limit * 4);
  return windowsOf(ranked, bin, m, n, limit);
}

/**
 * Diagonal voting into `tables`: every occurrence of a claimed word adds its weight to the bin of
 * "transcript position - claim position" (indexed from `lowest`) and half of it to the nearer
 * neighbouring bin. Returns how many bins got votes (listed in `tables.touched` in that order).
 */
function vote(
  claim: Token[],
  present: number[],
  occurrencesAt: ArrayLike<number>[],
  n: number,
  bin: number,
  lowest: number,
  tables: typeof scratchTables,
): number {
  const m = claim.length;
  // Words making up more than 1% of the transcript ("the", "and") only vote when the claim has fewer
  // than three rarer words: they cost the most and locate the least.
  const common = Math.max(50, n / 100);
  let rare = 0;
  for (const list of occurrencesAt) if (list.length <= common) rare++;
  // Rarest words vote first (ties in claim order); voting stops after VOTE_BUDGET occurrences (a claim of
  // 400 "the"s) or MAX_VOTERS words. `order` holds count * m + claim position, `slot` the entry of a position.
  const order = new Float64Array(present.length);
  const slot = new Int32Array(m);
  for (let e = 0; e < present.length; e++) (order[e] = occurrencesAt[e]!.length * m + present[e]!), (slot[present[e]!] = e);
  order.sort();
  const { votes, stamp, touched } = tables;
  const epoch = ++scratchEpoch;
  let touchedCount = 0;
  const seen = new Set<string>();
  let work = 0;
  let voters = 0;
  for (let r = 0; r < order.length; r++) {
    const p = order[r]! % m | 0;
    const occurrences = occurrencesAt[slot[p]!]!;
    if (rare >= 3 && occurrences.length > common) continue;
    if ((work += occurrences.length) > VOTE_BUDGET || ++voters > MAX_VOTERS) break;
    const weight = Math.log(1 + n / occurrences.length);
    const norm = claim[p]!.norm;
    const repeat = seen.has(norm);
    seen.add(norm);
    const full = repeat ? weight / 2 : weight;
    const half = full / 2;
    for (let o = 0; o < occurrences.length; o++) {
      const d = occurrences[o]! - p;
      const b = Math.floor(d / bin);
      // Half a vote into the neighbouring bin, so a diagonal near a bin edge is not split in two.
      const near = d - b * bin < bin / 2 ? b - 1 : b + 1;
      let k = b - lowest;
      if (stamp[k] !== epoch) (stamp[k] = epoch), (votes[k] = full), (touched[touchedCount++] = k);
      else votes[k] = votes[k]! + full;
      k = near - lowest;
      if (stamp[k] !== epoch) (stamp[k] = epoch), (votes[k] = half), (touched[touchedCount++] = k);
      else votes[k] = votes[k]! + half;
    }
  }
  return touchedCount;
}

/** The `keep` bins with most votes as `[bin, votes]`, best first; of equal bins, the one voted for first. */
function bestBins(tables: typeof scratchTables, touchedCount: number, lowest: number, keep: number): Array<[number, number]> {
  const { votes, touched } = tables;
  const ranked: Array<[number, number]> = [];
  for (let t = 0; t < touchedCount; t++) {
    const v = votes[touched[t]!]!;
    if (ranked.length < keep || v > ranked[ranked.length - 1]![1]) {
      let at = ranked.length;
      while (at > 0 && ranked[at - 1]![1] < v) at--;
      ranked.splice(at, 0, [touched[t]! + lowest, v]);
      if (ranked.length > keep) ranked.pop();
    }
  }
  return ranked;
}

/** Up to `limit` non-overlapping windows around the best bins, leaving out bins under a quarter of the best. */
function windowsOf(ranked: Array<[number, number]>, bin: number, m: number, n: number, limit: number): AnchorWindow[] {
  const best = ranked[0]?.[1] ?? 0;
  const margin = Math.ceil(m / 2) + 8;
  const out: AnchorWindow[] = [];
  for (const [b, v] of ranked) {
    if (out.length >= limit || v < best / 4) break;
    const from = Math.max(0, b * bin - margin);
    const to = Math.min(n, b * bin + bin + m + margin);
    if (from >= to || out.some((w) => w.from < to && from < w.to)) continue;
    out.push({ from, to, votes: v });
  }
  return out;
}
