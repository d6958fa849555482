/**
 * Tokenizer shared by indexing and querying, so both sides agree on what a word is.
 *
 * A token is a maximal run of letters and digits, optionally joined by inner apostrophes
 * (`don't`, `hinton's`). Hyphens, dots and other punctuation separate tokens (`state-of-the-art` is four
 * tokens, `GTX 580` two). Terms are lowercased, accents removed (`café` -> `cafe`), curly apostrophes
 * made straight and a possessive `'s` dropped (`hinton's` -> `hinton`), so that the term of a token
 * only depends on its spelling, never on its position.
 *
 * @example
 * tokenize("Hinton's GTX-580 isn't café")
 * // [{ term: 'hinton', start: 0, end: 8 }, { term: 'gtx', ... }, { term: '580', ... },
 * //  { term: "isn't", ... }, { term: 'cafe', ... }]
 */

/** One word of a text with its character range `[start, end)` in that text. */
export interface Token {
  /** Normalised form (lowercase, no accents, straight apostrophes, no possessive `'s`). */
  term: string;
  start: number;
  end: number;
}

/** The token pattern: letters/digits, with apostrophe-joined parts. Global + unicode; reset lastIndex before use. */
export const TOKEN_PATTERN = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

/** True when every char is ASCII (a loop: cheaper than a regex call on a short word, run per token). */
function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 127) return false;
  return true;
}
const MARKS = /\p{M}/gu;

/** Normalises one raw word (as matched by {@link TOKEN_PATTERN}) to its term. */
export function normalizeWord(raw: string): string {
  let word = raw.toLowerCase();
  if (!isAscii(word)) word = word.normalize('NFD').replace(MARKS, '').replace(/’/g, "'");
  if (word.endsWith("'s")) word = word.slice(0, -2);
  return word;
}

/** Splits a text into tokens with character offsets (offset by `base`, for text inside a larger string). */
export function tokenize(text: string, base = 0): Token[] {
  const out: Token[] = [];
  forEachToken(text, (term, start, end) => out.push({ term, start: start + base, end: end + base }));
  return out;
}

/** Calls `fn` for every token of `text`, without allocating token objects (used by the indexer). */
export function forEachToken(text: string, fn: (term: string, start: number, end: number) => void): void {
  // One shared regex (called once per cue at index time); a nested call (from inside `fn`) gets its own.
  const re = shared.busy ? new RegExp(TOKEN_PATTERN.source, 'gu') : shared.re;
  const outer = shared.busy;
  shared.busy = true;
  re.lastIndex = 0;
  try {
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const term = normalizeWord(m[0]);
      if (term) fn(term, m.index, m.index + m[0].length);
    }
  } finally {
    shared.busy = outer;
  }
}
const shared = { re: new RegExp(TOKEN_PATTERN.source, 'gu'), busy: false };

/** The normalised terms of a text, in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (term) => out.push(term));
  return out;
}
