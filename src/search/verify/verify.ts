/**
 * `verify`: was this claimed quote really said?
 *
 * 1. Candidates: windows around the index's own ranked search hits for the claim (and, for long claims,
 *    for each half of it), plus anchor windows found by diagonal voting of the claim's words
 *    ({@link anchorWindows}), which also find claims made of common words that ranked search misses.
 *    Only these few windows are ever aligned.
 * 2. Each candidate window (the hit plus the claim's length of text on either side) is aligned word by
 *    word against the claim ({@link align}: contractions, numbers, compounds and caption misspellings
 *    understood; the speaker's fillers and repeats optional, {@link alignClean}), and the best alignment wins.
 * 3. The verdict: `verbatim` when every claimed word matched in order with nothing in between, or with only
 *    the speaker's fillers and immediate repeats in between ({@link cleanVerbatim}: "the gpus appeared in our
 *    lab" for "the gpus appeared in our in our lab"); `near` when the alignment's similarity reaches
 *    {@link NEAR_SIMILARITY}; otherwise `none`.
 *
 * @example
 * verifyClaim(index, 'if your neural network is deep and large')
 * // { verdict: 'verbatim', similarity: 1, differences: [], hit: { text: 'if your neural network is deep and large', start: 38.1, ... } }
 * verifyClaim(index, 'if your neural net is large and deep')
 * // { verdict: 'near', similarity: 0.71, differences: [{ claimed: 'net', said: 'network' }, ...], hit: {...} }
 */
import { SEARCH_DEFAULTS } from '../params.ts';
import { storedText, storedTextLength } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
import { spellingSimilarity, tokenize, type Alignment, type Token } from './align.ts';
import { alignClean } from './noise.ts';
import { anchorWindows, corpusAnchorWindows, transcriptWords, type TranscriptWords } from './anchors.ts';
import { wordCount, wordId, wordOf } from './words.ts';
import { hitAt } from '../quotes/results.ts';
import { FILLERS, repeatAt } from '../quotes/verbatim.ts';
import type { Hit, SearchIndex, VerifyResult } from '../types.ts';

/** From this similarity a claim is nearly said: {@link VerifyParams.nearSimilarity} (docs/ranking.md has how it was set). */
export const NEAR_SIMILARITY = SEARCH_DEFAULTS.verify.nearSimilarity;

/** Claims are aligned on at most this many words; a longer claim counts its remaining words as unmatched. */
export const MAX_CLAIM_WORDS = SEARCH_DEFAULTS.verify.maxClaimWords;

/**
 * Alignment work per verify, in claim words x transcript words: windows are aligned best first until
 * this is spent (about 10 ms; a 400-word claim still gets its first window aligned whatever its size).
 */
export const ALIGN_CELLS = SEARCH_DEFAULTS.verify.alignCells;

/** How many search hits are used per query. */
const CANDIDATES = SEARCH_DEFAULTS.verify.candidates;

/** Corpora up to this many words (about 12 MB of text) are searched whole for anchors, not only the videos search found. */
export const ANCHOR_ALL_WORDS = SEARCH_DEFAULTS.verify.anchorAllWords;

/** How many of the best anchor windows (over all videos) are aligned. */
const ANCHOR_WINDOWS = SEARCH_DEFAULTS.verify.anchorWindows;

/** A stretch of one transcript's stored text to align against: `[charStart, charEnd)`. */
export interface VerifyWindow {
  transcript: Transcript;
  charStart: number;
  charEnd: number;
}

/** A token range `[from, to)` of a transcript's cached alignment tokens. */
interface TokenWindow {
  transcript: Transcript;
  from: number;
  to: number;
}

/** Was `claim` said in the corpus of `index`? Throws when the search fails (a failure is never reported as "not said"). */
export function verifyClaim(index: SearchIndex, claim: string): VerifyResult {
  const text = typeof claim === 'string' ? claim : '';
  const tokens = tokenize(text);
  if (tokens.length === 0) return none();
  const used = tokens.slice(0, MAX_CLAIM_WORDS);
  const clean = cleanVerbatim(index.corpus.transcripts, used);
  if (clean && used.length === tokens.length) return { verdict: 'verbatim', hit: hitOf(clean.transcript, clean.charStart, clean.charEnd, 1), similarity: 1, differences: [] };
  const anchors = corpusAnchors(index, used);
  if (anchors) {
    // A quote said word for word is nearly always in the best anchor window: confirm it there before
    // running any search. When every claimed word matches one transcript word in order, no other
    // window can score higher (and a wider one only finds the same score), so this is the answer.
    const first = mergeWindows(anchors)[0];
    const quick = first ? verifyTokens(text, tokens, [first]) : undefined;
    if (quick?.verdict === 'verbatim' || (quick && quick.similarity === used.length / tokens.length)) return quick;
    // A claim so long that even its checked words matching perfectly stays under NEAR_SIMILARITY (over
    // 666 words) is "none" whatever the windows: the best anchor window is its closest passage.
    if (quick && used.length / tokens.length < NEAR_SIMILARITY) return quick;
  }
  return verifyTokens(text, tokens, candidateWindows(index, text, used, anchors));
}

/**
 * Verifies a claim against given windows of transcript text (the second half of {@link verifyClaim};
 * also usable to check a claim against one known video: pass its whole stored text).
 */
export function verifyInWindows(claim: string, windows: VerifyWindow[]): VerifyResult {
  const tokens = tokenize(claim);
  if (tokens.length === 0) return none();
  return verifyTokens(claim, tokens, windows.map(toTokenWindow));
}

function toTokenWindow(w: VerifyWindow): TokenWindow {
  const words = transcriptWords(w.transcript);
  return { transcript: w.transcript, from: words.firstEndingAfter(w.charStart), to: words.firstEndingAfter(w.charEnd - 1) };
}

function verifyTokens(claim: string, claimTokens: Token[], windows: TokenWindow[]): VerifyResult {
  const used = claimTokens.slice(0, MAX_CLAIM_WORDS);
  const dropped = claimTokens.length - used.length;
  let best: { alignment: Alignment; said: Token[]; offset: number; transcript: Transcript; similarity: number } | undefined;
  let cells = 0;
  for (const window of mergeWindows(windows)) {
    const said = transcriptWords(window.transcript).slice(window.from, window.to);
    if (said.length === 0) continue;
    if (best && (cells += used.length * said.length) > ALIGN_CELLS) break;
    // Cannot win: skip its alignment (worth checking only when the alignment is not tiny).
    if (best && used.length * said.length >= BOUND_CELLS && !canReach(used, said, dropped, best.similarity)) continue;
    // The speaker's fillers and repeats are no difference (the same words clean verbatim leaves out).
    const alignment = alignClean(used, said);
    const similarity = alignment.credit / (alignment.columns + dropped);
    if (!best || similarity > best.similarity || (similarity === best.similarity && alignment.credit > best.alignment.credit)) {
      best = { alignment, said, offset: window.from, transcript: window.transcript, similarity };
      if (alignment.verbatim && dropped === 0) break; // nothing can beat it
    }
  }
  if (!best || best.alignment.saidEnd <= best.alignment.saidStart || best.alignment.credit === 0) return none();
  const { alignment, said, offset, transcript, similarity } = best;
  const hit = hitOf(transcript, said[alignment.saidStart]!.start, said[alignment.saidEnd - 1]!.end, similarity);
  if (alignment.verbatim && dropped === 0) return { verdict: 'verbatim', hit, similarity: 1, differences: [] };
  if (similarity >= NEAR_SIMILARITY) {
    return { verdict: 'near', hit, similarity, differences: differencesOf(alignment, claim, used, said, storedText(transcript).text) };
  }
  // Not said: the few words that happened to align are no passage to read; show the stretch of the
  // transcript around them, at least as long as the claim (30-40 words).
  const all = transcriptWords(transcript);
  const want = Math.min(NONE_MAX_WORDS, Math.max(NONE_MIN_WORDS, used.length));
  let from = offset + alignment.saidStart;
  let to = offset + alignment.saidEnd;
  while (to - from < want && (from > 0 || to < all.length)) {
    if (to < all.length) to++;
    if (to - from < want && from > 0) from--;
  }
  return { verdict: 'none', hit: hitOf(transcript, all.start(from), all.end(to - 1), similarity), similarity, differences: [] };
}

/** Words shown as the closest passage of a claim that was not said (the claim's length, within these bounds). */
const NONE_MIN_WORDS = 30;
const NONE_MAX_WORDS = 40;

/** Alignments of at least this many cells are first checked with {@link canReach} (smaller ones cost less than the check). */
const BOUND_CELLS = 2_000;

/**
 * Whether an alignment of `claim` within `said` could reach `target` similarity, from an upper bound:
 * a claimed word with no partner there (the same word, a spelling variant, or part of a compound written
 * the other way) can only be an unmatched column, so with k such words the similarity is at most
 * (claim - k) / (claim + dropped). Spelling variants are only looked for while the answer is open.
 */
function canReach(claim: Token[], said: Token[], dropped: number, target: number): boolean {
  const words = new Set<string>();
  const pairs = new Set<string>();
  for (let j = 0; j < said.length; j++) {
    words.add(said[j]!.norm);
    if (j > 0) pairs.add(said[j - 1]!.norm + said[j]!.norm);
  }
  const m = claim.length;
  const partnered = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const word = claim[i]!.norm;
    if (words.has(word) || pairs.has(word)) partnered[i] = 1;
    if (i + 1 < m && words.has(word + claim[i + 1]!.norm)) (partnered[i] = 1), (partnered[i + 1] = 1);
  }
  // Words too short to have a spelling variant are unmatched for sure; longer ones maybe.
  let unmatched = 0;
  const maybe: string[] = [];
  for (let i = 0; i < m; i++) {
    if (partnered[i]) continue;
    if (claim[i]!.norm.length < 4) unmatched++;
    else maybe.push(claim[i]!.norm);
  }
  const reachable = (k: number): boolean => (m - k) / (m + dropped) >= target;
  if (!reachable(unmatched)) return false;
  if (reachable(unmatched + maybe.length)) return true;
  const variants = new Map<string, boolean>();
  for (const word of maybe) {
    let has = variants.get(word);
    if (has === undefined) {
      has = false;
      for (const w of words) if (spellingSimilarity(word, w) > 0) { has = true; break; }
      variants.set(word, has);
    }
    if (!has && !reachable(++unmatched)) return false;
  }
  return true;
}

function none(): VerifyResult {
  return { verdict: 'none', similarity: 0, differences: [] };
}

/**
 * Candidate windows: around the search hits for the claim (and its halves when long), plus the best
 * anchor windows ({@link anchorWindows}) of the videos search found, or of every video when the corpus
 * is small enough ({@link ANCHOR_ALL_WORDS}).
 */
function candidateWindows(index: SearchIndex, claim: string, tokens: Token[], allAnchors?: Array<TokenWindow & { votes: number }>): TokenWindow[] {
  const queries = [claim.slice(0, 2000)];
  if (tokens.length > 24) {
    const mid = tokens[tokens.length >> 1]!.start;
    queries.push(claim.slice(0, mid), claim.slice(mid, mid + 2000));
  }
  const margin = Math.ceil(tokens.length / 2) + 8;
  const windows: TokenWindow[] = [];
  const found = new Set<Transcript>();
  for (const query of queries) {
    const hits: Hit[] = index.search(query, { limit: CANDIDATES }).hits;
    for (const hit of hits) {
      found.add(hit.transcript);
      const w = toTokenWindow(hit);
      windows.push({ transcript: hit.transcript, from: Math.max(0, w.from - margin - tokens.length), to: w.to + margin + tokens.length });
    }
  }
  const anchors = allAnchors ?? anchorsIn([...found], tokens);
  // Best anchors first: a verbatim quote is usually found in the first window and ends the search.
  return [...anchors, ...windows];
}

/**
 * The best anchor windows over the whole corpus when it is small enough ({@link ANCHOR_ALL_WORDS}),
 * else undefined (then only the videos search finds are searched for anchors).
 */
function corpusAnchors(index: SearchIndex, tokens: Token[]): Array<TokenWindow & { votes: number }> | undefined {
  const transcripts = index.corpus.transcripts;
  const corpusWords = transcripts.reduce((sum, t) => sum + storedTextLength(t) / 6, 0);
  if (corpusWords > ANCHOR_ALL_WORDS) return undefined;
  return bestAnchors(corpusAnchorWindows(transcripts, tokens, 3));
}

/** The {@link ANCHOR_WINDOWS} best anchor windows of the given transcripts, best first. */
function anchorsIn(transcripts: readonly Transcript[], tokens: Token[]): Array<TokenWindow & { votes: number }> {
  return bestAnchors(transcripts.flatMap((transcript) => anchorWindows(transcript, tokens, 3).map((w) => ({ transcript, ...w }))));
}

/** The {@link ANCHOR_WINDOWS} windows with most votes, best first (of equal ones, the one listed first). */
function bestAnchors(anchors: Array<TokenWindow & { votes: number }>): Array<TokenWindow & { votes: number }> {
  anchors.sort((a, b) => b.votes - a.votes);
  return anchors.slice(0, ANCHOR_WINDOWS);
}

/** Merges overlapping windows of the same transcript; the merged windows keep the order of their first part. */
function mergeWindows(windows: TokenWindow[]): TokenWindow[] {
  const byTranscript = new Map<Transcript, Array<TokenWindow & { rank: number }>>();
  windows.forEach((w, rank) => {
    const n = transcriptWords(w.transcript).length;
    const from = Math.max(0, Math.min(w.from, n));
    const to = Math.max(from, Math.min(w.to, n));
    const list = byTranscript.get(w.transcript) ?? [];
    list.push({ transcript: w.transcript, from, to, rank });
    byTranscript.set(w.transcript, list);
  });
  const merged: Array<TokenWindow & { rank: number }> = [];
  for (const list of byTranscript.values()) {
    list.sort((a, b) => a.from - b.from);
    let cur = list[0]!;
    for (const w of list.slice(1)) {
      if (w.from <= cur.to) cur = { ...cur, to: Math.max(cur.to, w.to), rank: Math.min(cur.rank, w.rank) };
      else merged.push(cur), (cur = w);
    }
    merged.push(cur);
  }
  return merged.sort((a, b) => a.rank - b.rank);
}

/** The hit for `[charStart, charEnd)` of a transcript's stored text (its speaker: whoever says its first word). */
function hitOf(transcript: Transcript, charStart: number, charEnd: number, score: number): Hit {
  return hitAt(transcript, storedText(transcript), charStart, charEnd, score, 'first');
}

/**
 * The alignment's differences as readable pairs: each run of consecutive non-matching steps becomes one
 * `{ claimed, said }` pair of original wording (`said: ''` for claimed words the transcript lacks,
 * `claimed: ''` for transcript words the claim leaves out).
 */
function differencesOf(alignment: Alignment, claim: string, claimTokens: Token[], said: Token[], text: string): VerifyResult['differences'] {
  const out: VerifyResult['differences'] = [];
  let run: { claim?: [number, number]; said?: [number, number] } | undefined;
  const surface = (source: string, tokens: Token[], range?: [number, number]): string =>
    range ? source.slice(tokens[range[0]]!.start, tokens[range[1] - 1]!.end) : '';
  const flush = (): void => {
    if (run) out.push({ claimed: surface(claim, claimTokens, run.claim), said: surface(text, said, run.said) });
    run = undefined;
  };
  const extend = (range: [number, number] | undefined, add: [number, number]): [number, number] =>
    range ? [Math.min(range[0], add[0]), Math.max(range[1], add[1])] : [add[0], add[1]];
  alignment.ops.forEach((op, k) => {
    if (op.kind === 'match') {
      // Two words swapped ("e to the i pi" for "e to the pi i"): a word the claim leaves out, one matching
      // word, and a word only the claim has (or the reverse) read as one difference, not two.
      const next = alignment.ops[k + 1];
      const swap = run && op.claim[1] - op.claim[0] === 1 && next &&
        ((run.said && !run.claim && next.kind === 'extra') || (run.claim && !run.said && next.kind === 'missing'));
      if (swap) {
        run!.claim = extend(run!.claim, op.claim);
        run!.said = extend(run!.said, op.said);
      } else flush();
      return;
    }
    run ??= {};
    if ('claim' in op) run.claim = extend(run.claim, op.claim);
    if ('said' in op) run.said = extend(run.said, op.said);
  });
  flush();
  return out;
}

/** Whether the table says every word id of `want` (-1, a word no transcript says, is never said). */
function saysAll(table: TranscriptWords, want: readonly number[]): boolean {
  for (const id of want) if (!table.hasId(id)) return false;
  return true;
}

/**
 * Where the claim was said word for word, ignoring case, punctuation, the speaker's fillers and immediate
 * repeats of one to three words between its words (clean verbatim). Undefined when it was not.
 */
export function cleanVerbatim(transcripts: readonly Transcript[], claim: Token[]): { transcript: Transcript; charStart: number; charEnd: number } | undefined {
  if (claim.length < 2) return undefined;
  // Words compared by id (one id per word): -1 for a word no transcript says, which matches nothing. A
  // transcript tokenised for the first time here may add words, so the ids are looked up again then.
  let want: number[] = [];
  let known = -1;
  for (const transcript of transcripts) {
    const table = transcriptWords(transcript);
    if (known !== wordCount()) (want = claim.map((t) => wordId(t.norm))), (known = wordCount());
    // Every claimed word is matched by a word of the transcript: one it does not say rules it out.
    if (!saysAll(table, want)) continue;
    const words = table.ids;
    const first = want[0]!;
    for (let start = 0; start < words.length; start++) {
      if (words[start] !== first) continue;
      let j = start;
      let k = 0;
      let steps = 0;
      while (k < want.length && j < words.length && steps++ < 8 * want.length) {
        if (words[j] === want[k]) {
          j++;
          k++;
        } else if (FILLERS.has(wordOf(words[j]!))) j++;
        else {
          const r = repeatAt(words, j, start);
          if (!r) break;
          j += r;
        }
      }
      if (k === want.length) return { transcript, charStart: table.start(start), charEnd: table.end(j - 1) };
    }
  }
  return undefined;
}
