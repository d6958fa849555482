/**
 * Word-level alignment of a claimed quote against transcript text, the engine behind `verify`.
 *
 * Both sides are reduced to normalised word tokens that remember where they came from, so an alignment
 * can be turned back into an exact slice of the transcript and into readable word differences.
 *
 * Normalisation (same on both sides): Unicode NFKD with accents removed, lower case, punctuation dropped,
 * common contractions expanded (`don't` -> `do not`, `what's` -> `what is`, `we've` -> `we have`),
 * thousands separators removed (`10,000` -> `10000`), small numbers spelled out (`2` -> `two`, `%` ->
 * `percent`). A possessive `'s` is kept on its word (`hinton's` -> `hintons`).
 *
 * The alignment is a "fitting" alignment (Needleman-Wunsch on the claim, free start and end in the
 * transcript): every claimed word is accounted for, and the transcript side is the best-matching span.
 * Besides exact matches it knows two softer cases: split/joined compounds (`data set` = `dataset`) count
 * as exact, and spelling variants such as auto-caption errors (`imagenet` ~ `imet`, `bayesian` ~ `basian`)
 * earn partial credit and are reported as differences.
 */
import { SEARCH_DEFAULTS } from '../params.ts';

/** One normalised word and the characters of the source text it came from. */
export interface Token {
  /** Normalised form, e.g. `dont` -> two tokens `do` and `not`. */
  norm: string;
  /** `[start, end)` of the source word in the tokenised text (plus the `offset` given to {@link tokenize}). */
  start: number;
  end: number;
}

const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’ʼ][\p{L}\p{M}\p{N}]+)*|%/gu;

/** Words whose `'s` means "is" (or "us" for `let's`) rather than a possessive. */
const S_IS = new Set([
  'it', 'that', 'what', 'he', 'she', 'there', 'here', 'who', 'where', 'how', 'when', 'why', 'this',
  'everything', 'something', 'nothing', 'everyone', 'someone', 'thats', 'one',
]);
const SUFFIX: Record<string, string> = { re: 'are', ve: 'have', ll: 'will', m: 'am', d: 'would' };
const NOT_STEM: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };
const NUMBER_WORDS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];
const TENS: Record<string, string> = {
  '30': 'thirty', '40': 'forty', '50': 'fifty', '60': 'sixty', '70': 'seventy', '80': 'eighty', '90': 'ninety',
  '100': 'hundred', '1000': 'thousand',
};

/** The normalised forms of one source word (usually one, two for a contraction). */
function normaliseWord(word: string): string[] {
  if (word === '%') return ['percent'];
  const w = word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’ʼ]/g, "'");
  if (/^\d+(?:[.,]\d+)*$/.test(w)) {
    const digits = /^\d{1,3}(?:,\d{3})+$/.test(w) ? w.replace(/,/g, '') : w;
    const n = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (n <= 20) return [NUMBER_WORDS[n]!];
    return [TENS[digits] ?? digits];
  }
  const apostrophe = w.indexOf("'");
  if (apostrophe < 0) return [w];
  const stem = w.slice(0, apostrophe);
  const rest = w.slice(apostrophe + 1);
  if (rest === 't' && stem.endsWith('n')) {
    const base = stem.slice(0, -1);
    return [NOT_STEM[base] ?? base, 'not'];
  }
  if (rest === 's') return S_IS.has(stem) ? [stem, 'is'] : stem === 'let' ? ['let', 'us'] : [stem + 's'];
  const expanded = SUFFIX[rest];
  if (expanded && !rest.includes("'")) return [stem, expanded];
  return [w.replace(/'/g, '')];
}

/**
 * The normalised word tokens of `text`, with character offsets (shifted by `offset`, for tokenising a
 * slice of a larger text).
 *
 * @example tokenize("It's 2 GPUs!").map((t) => t.norm) // ['it', 'is', 'two', 'gpus']
 */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  forEachToken(text, (norm, start, end) => tokens.push({ norm, start, end }), offset);
  return tokens;
}

/**
 * Calls `visit` with each token of {@link tokenize}, in order, without making token objects (for building
 * compact word tables of whole transcripts).
 */
export function forEachToken(text: string, visit: (norm: string, start: number, end: number) => void, offset = 0): void {
  forEachWord(text, (word, start, end) => {
    for (const norm of normalisedForms(word)) visit(norm, start, end);
  }, offset);
}

/**
 * A fresh copy of the pattern of source words ({@link forEachWord}), global: a caller that reads words from
 * a position sets its `lastIndex` (where a source word starts, or between two: the words are then those
 * {@link forEachWord} finds from there).
 */
export function wordPattern(): RegExp {
  return new RegExp(WORD.source, WORD.flags);
}

/** Calls `visit` with each source word of `text` (before normalisation) and its characters, in order. */
export function forEachWord(text: string, visit: (word: string, start: number, end: number) => void, offset = 0): void {
  for (const m of text.matchAll(WORD)) {
    const start = offset + m.index;
    visit(m[0], start, start + m[0].length);
  }
}

/** The tokens one source word gives (see {@link tokenize}): usually one, two for a contraction, none for a lone mark. */
export function normalisedForms(word: string): string[] {
  return normaliseWord(word).filter((norm) => norm !== '');
}

/** Reused rows of {@link boundedLevenshtein} (grown on demand; verify is synchronous, so never shared). */
let levRow = new Int32Array(64);

/**
 * Levenshtein distance of `a` and `b` when it is at most `limit`, else any value above `limit`
 * (stops as soon as a whole row exceeds it). Compares UTF-16 code units.
 */
function boundedLevenshtein(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const n = b.length;
  if (levRow.length <= n) levRow = new Int32Array(2 * n + 2);
  const row = levRow;
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    let diagonal = row[0]!; // row[i-1][j-1]
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const above = row[j]!;
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
  }
  return row[n]!;
}

/**
 * Lowest spelling similarity (1 - edit distance / longer length) at which two different words count as
 * variants of each other. 0.5 admits auto-caption damage such as `imagenet`/`imet` and `bayesian`/`basian`
 * while the first-letter and length rules below keep unrelated words apart.
 */
export const SPELLING_THRESHOLD = SEARCH_DEFAULTS.verify.spellingThreshold;

/**
 * How alike two different normalised words are as spellings, 0 when not considered variants.
 * Both must be at least 4 characters and share the first letter (caption errors rarely change it);
 * shorter words are too easily confused (`not`/`next`) to count as variants.
 */
export function spellingSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 4 || b.length < 4 || a.charCodeAt(0) !== b.charCodeAt(0)) return 0;
  const longer = Math.max(a.length, b.length);
  if (Math.abs(a.length - b.length) > longer * (1 - SPELLING_THRESHOLD)) return 0;
  const [first, second] = a < b ? [a, b] : [b, a];
  let known = spellingMemo.get(first);
  if (!known) {
    if (spellingMemo.size >= SPELLING_MEMO_SIZE) spellingMemo.clear();
    spellingMemo.set(first, (known = new Map()));
  }
  let sim = known.get(second);
  if (sim === undefined) {
    // Any distance above this limit scores under the threshold; the formula below decides the rest.
    const limit = Math.floor(longer * (1 - SPELLING_THRESHOLD)) + 1;
    const distance = boundedLevenshtein(a, b, limit);
    const raw = 1 - distance / longer;
    sim = distance <= limit && raw >= SPELLING_THRESHOLD ? raw : 0;
    known.set(second, sim);
  }
  return sim;
}

/** Spelling similarities already computed (the same word pairs recur across the windows of one verify). */
const spellingMemo = new Map<string, Map<string, number>>();
/** Words whose pairs {@link spellingMemo} keeps before it starts afresh (bounds its memory). */
const SPELLING_MEMO_SIZE = 20_000;

/** One step of an alignment, in order. Indices are into the claim and transcript token arrays. */
export type AlignOp =
  /** Same word (after normalisation), or a compound written as one word on one side and two on the other. */
  | { kind: 'match'; claim: [number, number]; said: [number, number] }
  /** A spelling variant (`credit` = its spelling similarity, 0.5..1). */
  | { kind: 'variant'; claim: [number, number]; said: [number, number]; credit: number }
  /** A different word in the same place. */
  | { kind: 'substitute'; claim: [number, number]; said: [number, number] }
  /** A claimed word the transcript does not have here. */
  | { kind: 'extra'; claim: [number, number] }
  /** A transcript word the claim leaves out. */
  | { kind: 'missing'; said: [number, number] };

/** The best alignment of a claim within a transcript token sequence. */
export interface Alignment {
  ops: AlignOp[];
  /** Index of the first and one past the last transcript token inside the aligned span (empty if none). */
  saidStart: number;
  saidEnd: number;
  /** Sum of match credit: 1 per exact match, the spelling similarity per variant. */
  credit: number;
  /** Alignment columns: matches, variants, substitutions, extra and missing words. */
  columns: number;
  /** `credit / columns`, 0..1: the share of aligned positions where claim and transcript agree. */
  similarity: number;
  /** True when every claimed word matched exactly, in order, with nothing missing in between. */
  verbatim: boolean;
}

/** The dynamic programme's tables, reused from call to call (grown on demand; align is synchronous). */
let dpScore = new Float64Array(0);
let dpStep = new Uint8Array(0);
/** Largest step table kept for reuse (cells, 1 byte each): a 400-word claim against a 5,000-word window. */
const DP_KEEP = 2_000_000;

// Scores of the dynamic programme. A substitution (-1) beats an extra plus a missing word (-2), so a
// changed word shows as a change; a match (+2) pays for one gap, so one dropped word does not break a run.
const MATCH = 2;
const MISMATCH = -1;
const GAP = -1;
const variantScore = (sim: number): number => 4 * sim - 2; // 0.5 -> 0, 0.75 -> 1, 1 -> 2

const enum Step {
  Diagonal = 1,
  Up = 2, // claim word extra
  Left = 3, // transcript word missing
  CompoundClaim = 4, // two claim words = one transcript word
  CompoundSaid = 5, // one claim word = two transcript words
  Start = 6,
}

/**
 * Aligns every claim token against the best-fitting span of `said` (free start and end).
 *
 * Runs in O(claim x said) time and memory; callers keep `said` to a window around a candidate.
 * Edge runs of more than {@link EDGE_SUBSTITUTIONS} unmatched words are reported as extra claimed words
 * rather than stretched over unrelated transcript text.
 */
export function align(claim: Token[], said: Token[]): Alignment {
  const m = claim.length;
  const n = said.length;
  const width = n + 1;
  // Scores need only the last three rows (a compound claim word looks two rows up); the steps are kept whole for the traceback.
  const cells = (m + 1) * width;
  if (dpStep.length < cells && cells <= DP_KEEP) dpStep = new Uint8Array(cells);
  if (dpScore.length < 3 * width) dpScore = new Float64Array(Math.max(3 * width, 2 * dpScore.length));
  const score = dpScore;
  const step = cells <= dpStep.length ? dpStep : new Uint8Array(cells);
  // Intern words: claim words get ids 0..c-1, transcript-only words the ids after them.
  const ids = new Map<string, number>();
  const idOf = (word: string): number => {
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = ids.size));
    return id;
  };
  const claimId = Int32Array.from(claim, (t) => idOf(t.norm));
  const claimWords = ids.size;
  const saidId = Int32Array.from(said, (t) => idOf(t.norm));
  const vocab = [...ids.keys()];
  // Diagonal score of every (claim word, word) pair, computed once per distinct pair.
  const diag = new Float64Array(claimWords * ids.size).fill(MISMATCH);
  const credit = new Float64Array(claimWords * ids.size);
  // Only words of 4+ characters with the same first letter can be variants: test those pairs alone.
  const variantKey = vocab.map((w) => (w.length >= 4 ? w.charCodeAt(0) : -1));
  for (let a = 0; a < claimWords; a++) {
    diag[a * ids.size + a] = MATCH;
    credit[a * ids.size + a] = 1;
    const key = variantKey[a]!;
    if (key < 0) continue;
    for (let b = 0; b < ids.size; b++) {
      if (b === a || variantKey[b] !== key) continue;
      const sim = spellingSimilarity(vocab[a]!, vocab[b]!);
      if (sim > 0) (diag[a * ids.size + b] = sim === 1 ? MATCH : variantScore(sim)), (credit[a * ids.size + b] = sim);
    }
  }
  // Compounds: claimPair[i] = id of claim[i-2]+claim[i-1] if the transcript has that word; saidPair[j] likewise.
  const claimPair = new Int32Array(m + 1).fill(-1);
  for (let i = 2; i <= m; i++) claimPair[i] = ids.get(claim[i - 2]!.norm + claim[i - 1]!.norm) ?? -1;
  const saidPair = new Int32Array(n + 1).fill(-1);
  for (let j = 2; j <= n; j++) {
    const id = ids.get(said[j - 2]!.norm + said[j - 1]!.norm);
    if (id !== undefined && id < claimWords) saidPair[j] = id;
  }
  const V = ids.size;

  for (let j = 0; j <= n; j++) (score[j] = 0), (step[j] = Step.Start);
  for (let i = 1; i <= m; i++) {
    const row = (i % 3) * width;
    const prev = ((i - 1) % 3) * width;
    const prev2 = ((i + 1) % 3) * width; // row i - 2
    const stepRow = i * width;
    score[row] = score[prev]! + GAP;
    step[stepRow] = Step.Up;
    const c = claimId[i - 1]!;
    const diagRow = c * V;
    const pair = claimPair[i]!;
    // Carried along the row: the cell to the left and the one above-left.
    let left = score[row]!;
    let aboveLeft = score[prev]!;
    for (let j = 1; j <= n; j++) {
      const above = score[prev + j]!;
      const word = saidId[j - 1]!;
      let best = aboveLeft + diag[diagRow + word]!;
      let how: Step = Step.Diagonal;
      if (above + GAP > best) (best = above + GAP), (how = Step.Up);
      if (left + GAP > best) (best = left + GAP), (how = Step.Left);
      if (pair >= 0 && pair === word && score[prev2 + j - 1]! + MATCH > best) {
        best = score[prev2 + j - 1]! + MATCH;
        how = Step.CompoundClaim;
      }
      if (saidPair[j] === c && score[prev + j - 2]! + MATCH > best) {
        best = score[prev + j - 2]! + MATCH;
        how = Step.CompoundSaid;
      }
      score[row + j] = best;
      step[stepRow + j] = how;
      left = best;
      aboveLeft = above;
    }
  }
  const sim = (i: number, j: number): number => credit[claimId[i]! * V + saidId[j]!]!;
  let endJ = 0;
  const last = (m % 3) * width;
  for (let j = 1; j <= n; j++) if (score[last + j]! > score[last + endJ]!) endJ = j;

  const ops: AlignOp[] = [];
  let i = m;
  let j = endJ;
  while (i > 0) {
    const how = step[i * width + j]! as Step;
    if (how === Step.Diagonal) {
      const s = sim(i - 1, j - 1);
      const claimRange: [number, number] = [i - 1, i];
      const saidRange: [number, number] = [j - 1, j];
      ops.push(
        s === 1
          ? { kind: 'match', claim: claimRange, said: saidRange }
          : s > 0
            ? { kind: 'variant', claim: claimRange, said: saidRange, credit: s }
            : { kind: 'substitute', claim: claimRange, said: saidRange },
      );
      i--, j--;
    } else if (how === Step.CompoundClaim) {
      ops.push({ kind: 'match', claim: [i - 2, i], said: [j - 1, j] });
      i -= 2, j--;
    } else if (how === Step.CompoundSaid) {
      ops.push({ kind: 'match', claim: [i - 1, i], said: [j - 2, j] });
      i--, j -= 2;
    } else if (how === Step.Left) {
      ops.push({ kind: 'missing', said: [j - 1, j] });
      j--;
    } else {
      ops.push({ kind: 'extra', claim: [i - 1, i] });
      i--;
    }
  }
  ops.reverse();
  return summarise(trimEdges(ops, n));
}

/**
 * How many unmatched claimed words at either end may still be paired with the neighbouring transcript
 * words as substitutions (a misremembered first or last word). Longer edge runs are claimed text the
 * transcript does not have there, and pairing them would only stretch the quote over unrelated words.
 */
export const EDGE_SUBSTITUTIONS = SEARCH_DEFAULTS.verify.edgeSubstitutions;

const opScore = (op: AlignOp): number =>
  op.kind === 'match' ? MATCH : op.kind === 'variant' ? variantScore(op.credit) : op.kind === 'substitute' ? MISMATCH : GAP;

/**
 * Keeps the best-scoring contiguous stretch of the alignment (a stray `the` matched far from the real
 * quote is not part of it); claimed words outside it become `extra`, transcript words outside it are
 * dropped. Then up to {@link EDGE_SUBSTITUTIONS} unmatched claimed words at each end are paired with
 * the transcript words just outside the stretch.
 */
function trimEdges(ops: AlignOp[], saidLength: number): AlignOp[] {
  let best = 0;
  let bestFrom = 0;
  let bestTo = 0;
  let sum = 0;
  let from = 0;
  ops.forEach((op, k) => {
    if (sum <= 0) (sum = 0), (from = k);
    sum += opScore(op);
    if (sum > best) (best = sum), (bestFrom = from), (bestTo = k + 1);
  });
  const extras = (run: AlignOp[]): AlignOp[] =>
    run.flatMap((op) => ('claim' in op ? [{ kind: 'extra', claim: op.claim } as AlignOp] : []));
  if (best <= 0) return extras(ops);
  const core = ops.slice(bestFrom, bestTo);
  let head = extras(ops.slice(0, bestFrom));
  let tail = extras(ops.slice(bestTo));
  const saidOf = (op: AlignOp | undefined): [number, number] | undefined => (op && 'said' in op ? op.said : undefined);
  const first = saidOf(core.find((op) => 'said' in op))![0];
  const last = saidOf([...core].reverse().find((op) => 'said' in op))![1];
  if (head.length > 0 && head.length <= EDGE_SUBSTITUTIONS && first >= head.length) {
    head = head.map((op, k) => ({ kind: 'substitute', claim: (op as { claim: [number, number] }).claim, said: [first - head.length + k, first - head.length + k + 1] }));
  }
  if (tail.length > 0 && tail.length <= EDGE_SUBSTITUTIONS && last + tail.length <= saidLength) {
    tail = tail.map((op, k) => ({ kind: 'substitute', claim: (op as { claim: [number, number] }).claim, said: [last + k, last + k + 1] }));
  }
  return [...head, ...core, ...tail];
}

/** The {@link Alignment} of a list of steps (span, credit, similarity, verbatim). */
export function summarise(ops: AlignOp[]): Alignment {
  let credit = 0;
  let saidStart = Infinity;
  let saidEnd = -Infinity;
  let verbatim = ops.length > 0;
  for (const op of ops) {
    if (op.kind === 'match') credit += 1;
    else if (op.kind === 'variant') credit += op.credit;
    if (op.kind !== 'match') verbatim = false;
    if ('said' in op) {
      saidStart = Math.min(saidStart, op.said[0]);
      saidEnd = Math.max(saidEnd, op.said[1]);
    }
  }
  if (saidStart === Infinity) saidStart = saidEnd = 0;
  const columns = ops.length;
  return { ops, saidStart, saidEnd, credit, columns, similarity: columns ? credit / columns : 0, verbatim };
}
