/**
 * `verify`: was this claimed quote really said?
 *
 * 1. Candidates: the index's own ranked search for the claim (and, for long claims, for each half of it),
 *    so only a few windows of transcript text are ever aligned. A small corpus with no candidate (a claim
 *    made only of stopwords, say) is scanned whole, within {@link FULL_SCAN_CELLS}.
 * 2. Each candidate window (the hit plus the claim's length of text on either side) is aligned word by
 *    word against the claim ({@link align}: contractions, numbers, compounds and caption misspellings
 *    understood), and the best alignment wins.
 * 3. The verdict: `verbatim` when every claimed word matched in order with nothing in between; `near` when
 *    the alignment's similarity reaches {@link NEAR_SIMILARITY}; otherwise `none`.
 *
 * @example
 * verifyClaim(index, 'if your neural network is deep and large')
 * // { verdict: 'verbatim', similarity: 1, differences: [], hit: { text: 'if your neural network is deep and large', start: 38.1, ... } }
 * verifyClaim(index, 'if your neural net is large and deep')
 * // { verdict: 'near', similarity: 0.71, differences: [{ claimed: 'net', said: 'network' }, ...], hit: {...} }
 */
import { cueAt, storedText } from '../corpus/text.ts';
import type { Transcript } from '../corpus/types.ts';
import { align, tokenize, type Alignment, type Token } from './align.ts';
import { timeAt } from './timing.ts';
import type { Hit, SearchIndex, VerifyResult } from './types.ts';

/**
 * Lowest similarity (share of aligned positions where claim and transcript agree) for a `near` verdict.
 *
 * 0.6 keeps every quote with up to two words changed, dropped or added from 8 words up (worst case: two
 * substitutions in 8 words = 0.75; one in 4 = 0.75), and quotes with a quarter of their words misremembered
 * (0.67 at 3 of 12 changed words, since a changed word counts once), while unrelated sentences of 5+ words stay far
 * below it: their best alignment against real speech shares a few function words (measured on 3Blue1Brown
 * captions: 99th percentile 0.4, see test/search/verify.test.ts).
 */
export const NEAR_SIMILARITY = 0.6;

/** Claims are aligned on at most this many words; a longer claim counts its remaining words as unmatched. */
export const MAX_CLAIM_WORDS = 400;

/**
 * When search offers no candidate, the whole corpus is aligned only if claim words x corpus words stays
 * under this many cells (a few milliseconds); larger corpora answer `none`.
 */
export const FULL_SCAN_CELLS = 4_000_000;

/** How many search hits are aligned per query. */
const CANDIDATES = 10;

/** A stretch of one transcript's stored text to align against: `[charStart, charEnd)`. */
export interface VerifyWindow {
  transcript: Transcript;
  charStart: number;
  charEnd: number;
}

/** Was `claim` said in the corpus of `index`? Never throws. */
export function verifyClaim(index: SearchIndex, claim: string): VerifyResult {
  const text = typeof claim === 'string' ? claim : '';
  const tokens = tokenize(text);
  if (tokens.length === 0) return none();
  const windows = candidateWindows(index, text, tokens);
  return verifyInWindows(text, windows, tokens);
}

/**
 * Verifies a claim against given windows of transcript text (the second half of {@link verifyClaim};
 * also usable to check a claim against one known video: pass its whole stored text).
 */
export function verifyInWindows(claim: string, windows: VerifyWindow[], claimTokens = tokenize(claim)): VerifyResult {
  const used = claimTokens.slice(0, MAX_CLAIM_WORDS);
  const dropped = claimTokens.length - used.length;
  if (used.length === 0) return none();
  let best: { alignment: Alignment; said: Token[]; window: VerifyWindow; similarity: number } | undefined;
  for (const window of mergeWindows(windows)) {
    const { text } = storedText(window.transcript);
    const said = tokenize(text.slice(window.charStart, window.charEnd), window.charStart);
    if (said.length === 0) continue;
    const alignment = align(used, said);
    const similarity = alignment.credit / (alignment.columns + dropped);
    if (!best || similarity > best.similarity || (similarity === best.similarity && alignment.credit > best.alignment.credit)) {
      best = { alignment, said, window, similarity };
    }
  }
  if (!best || best.alignment.saidEnd <= best.alignment.saidStart || best.alignment.credit === 0) return none();
  const { alignment, said, window, similarity } = best;
  const hit = hitOf(window.transcript, said[alignment.saidStart]!.start, said[alignment.saidEnd - 1]!.end, similarity);
  if (alignment.verbatim && dropped === 0) return { verdict: 'verbatim', hit, similarity: 1, differences: [] };
  if (similarity >= NEAR_SIMILARITY) {
    return { verdict: 'near', hit, similarity, differences: differencesOf(alignment, claim, used, said, storedText(window.transcript).text) };
  }
  return { verdict: 'none', hit, similarity, differences: [] };
}

function none(): VerifyResult {
  return { verdict: 'none', similarity: 0, differences: [] };
}

/** Windows around the search hits for the claim (and its halves when long), or the whole corpus when small. */
function candidateWindows(index: SearchIndex, claim: string, tokens: Token[]): VerifyWindow[] {
  const queries = [claim.slice(0, 2000)];
  if (tokens.length > 24) {
    const mid = tokens[tokens.length >> 1]!.start;
    queries.push(claim.slice(0, mid), claim.slice(mid, mid + 2000));
  }
  const span = Math.min(claim.length, tokens[Math.min(tokens.length, MAX_CLAIM_WORDS) - 1]!.end) + 80;
  const windows: VerifyWindow[] = [];
  for (const query of queries) {
    let hits: Hit[] = [];
    try {
      hits = index.search(query, { limit: CANDIDATES }).hits;
    } catch {
      hits = [];
    }
    for (const hit of hits) {
      const { text } = storedText(hit.transcript);
      windows.push({
        transcript: hit.transcript,
        charStart: Math.max(0, hit.charStart - span),
        charEnd: Math.min(text.length, hit.charEnd + span),
      });
    }
  }
  if (windows.length > 0) return windows;
  const claimWords = Math.min(tokens.length, MAX_CLAIM_WORDS);
  let cells = 0;
  for (const transcript of index.corpus.transcripts) cells += (storedText(transcript).text.length / 5) * claimWords;
  if (cells > FULL_SCAN_CELLS) return [];
  return index.corpus.transcripts.map((transcript) => ({ transcript, charStart: 0, charEnd: storedText(transcript).text.length }));
}

/** Merges overlapping windows of the same transcript and snaps their ends to whitespace. */
function mergeWindows(windows: VerifyWindow[]): VerifyWindow[] {
  const byTranscript = new Map<Transcript, VerifyWindow[]>();
  for (const w of windows) {
    const { text } = storedText(w.transcript);
    let start = Math.max(0, Math.min(w.charStart, text.length));
    let end = Math.max(start, Math.min(w.charEnd, text.length));
    while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    const list = byTranscript.get(w.transcript) ?? [];
    list.push({ transcript: w.transcript, charStart: start, charEnd: end });
    byTranscript.set(w.transcript, list);
  }
  const merged: VerifyWindow[] = [];
  for (const list of byTranscript.values()) {
    list.sort((a, b) => a.charStart - b.charStart);
    let cur = list[0]!;
    for (const w of list.slice(1)) {
      if (w.charStart <= cur.charEnd) cur = { ...cur, charEnd: Math.max(cur.charEnd, w.charEnd) };
      else merged.push(cur), (cur = w);
    }
    merged.push(cur);
  }
  return merged;
}

/** The hit for `[charStart, charEnd)` of a transcript's stored text. */
function hitOf(transcript: Transcript, charStart: number, charEnd: number, score: number): Hit {
  const stored = storedText(transcript);
  const start = timeAt(transcript, charStart);
  const chapter = transcript.meta.chapters?.find((c) => c.start <= start && start < c.end)?.title;
  const hit: Hit = {
    video: transcript.meta,
    transcript,
    start,
    end: Math.max(start, timeAt(transcript, charEnd)),
    approximate: transcript.approximate,
    text: stored.text.slice(charStart, charEnd),
    charStart,
    charEnd,
    score,
  };
  const speaker = transcript.cues.length > 0 ? transcript.cues[cueAt(stored, charStart)]!.speaker : undefined;
  if (speaker !== undefined) hit.speaker = speaker;
  if (chapter !== undefined) hit.chapter = chapter;
  return hit;
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
  for (const op of alignment.ops) {
    if (op.kind === 'match') {
      flush();
      continue;
    }
    run ??= {};
    if ('claim' in op) run.claim = extend(run.claim, op.claim);
    if ('said' in op) run.said = extend(run.said, op.said);
  }
  flush();
  return out;
}
