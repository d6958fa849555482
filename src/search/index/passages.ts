/**
 * Passages: the units quotebot ranks and quotes. A passage reads as a whole thought: it ends where a
 * sentence ends (punctuation), where the speaker changes, or at a pause between cues; text without any of
 * these (unpunctuated auto-captions) is cut into bounded windows. Cuts only fall on whitespace, so a
 * passage never starts or ends inside a word.
 *
 * @example
 * const cuts = segmentPassages(tokens, boundaries, { targetWords: 40 });
 * // [[0, 38], [38, 81], ...]  token ranges [start, end)
 */

/**
 * How strongly the text breaks after a token (higher = stronger):
 * `Glued` no whitespace (e.g. a hyphen: never cut here unless nothing else is possible), `None` a plain space,
 * `Clause` a comma/semicolon/colon/dash, `Sentence` sentence-ending punctuation, `Turn` a speaker change or a
 * pause between cues.
 */
export const Break = { Glued: -1, None: 0, Clause: 1, Sentence: 2, Turn: 3 } as const;
export type Break = (typeof Break)[keyof typeof Break];

/** Options of {@link segmentPassages}. All counts are in tokens (words). */
export interface PassageOptions {
  /** A passage ends at the first sentence end after this many words. Default 40. */
  targetWords?: number;
  /** No passage (except a transcript's last) is shorter than this unless a speaker turn or pause ends it. Default 12. */
  minWords?: number;
  /** Hard upper bound: longer stretches are cut at their best boundary. Default 70. */
  maxWords?: number;
  /** A turn or pause ends a passage only once it has this many words. Default 6. */
  minTurnWords?: number;
  /** A silence of at least this many seconds between cues counts as a pause. Default 1.5. */
  pauseSeconds?: number;
}

export const PASSAGE_DEFAULTS: Required<PassageOptions> = {
  targetWords: 40,
  minWords: 12,
  maxWords: 70,
  minTurnWords: 6,
  pauseSeconds: 1.5,
};

const SENTENCE_GAP = /[.?!…]/;
const CLAUSE_GAP = /[,;:–—]|\s-\s/;
const SPACE = /\s/;

/**
 * Classifies the gap between two tokens. `gap` is the text between them; `turn` tells whether the tokens
 * sit in different cues separated by a speaker change or a pause.
 */
export function classifyGap(gap: string, turn: boolean): Break {
  // Called once per token of the corpus: the common gaps (one space, comma + space, period + space) are
  // classified with char codes; anything else goes through the regexes, which define the rules.
  if (gap.length === 1) {
    const c = gap.charCodeAt(0);
    if (c === 32) return turn ? Break.Turn : Break.None;
    if (c < 128 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) return Break.Glued;
  } else if (gap.length === 2 && gap.charCodeAt(1) === 32) {
    const c = gap.charCodeAt(0);
    if (turn) return Break.Turn;
    if (c === 46 || c === 63 || c === 33) return Break.Sentence; // . ? !
    if (c === 44 || c === 59 || c === 58) return Break.Clause; // , ; :
  }
  if (!SPACE.test(gap)) return Break.Glued;
  if (turn) return Break.Turn;
  if (SENTENCE_GAP.test(gap)) return Break.Sentence;
  if (CLAUSE_GAP.test(gap)) return Break.Clause;
  return Break.None;
}

/**
 * {@link classifyGap} of `text.slice(from, to)`, without creating the gap string for the common gaps (one
 * character, or a character and a space): the indexer calls it once per token of the corpus.
 */
export function classifyGapAt(text: string, from: number, to: number, turn: boolean): Break {
  const len = to - from;
  if (len === 1) {
    const c = text.charCodeAt(from);
    if (c === 32) return turn ? Break.Turn : Break.None;
    if (c < 128 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) return Break.Glued;
  } else if (len === 2 && text.charCodeAt(from + 1) === 32) {
    if (turn) return Break.Turn;
    const c = text.charCodeAt(from);
    if (c === 46 || c === 63 || c === 33) return Break.Sentence; // . ? !
    if (c === 44 || c === 59 || c === 58) return Break.Clause; // , ; :
  } else if (len === 0) {
    return Break.Glued;
  }
  return classifyGap(text.slice(from, to), turn);
}

/**
 * Cuts a sequence of `n` tokens into passages. `breaks[i]` is the break after token i (the last entry is
 * ignored: the sequence end always cuts). Returns `[start, end)` token ranges covering 0..n without gaps.
 */
export function segmentPassages(n: number, breaks: ArrayLike<number>, options: PassageOptions = {}): Array<[number, number]> {
  const o = { ...PASSAGE_DEFAULTS, ...options };
  const out: Array<[number, number]> = [];
  let start = 0;
  let i = 0;
  while (i < n) {
    const len = i - start + 1;
    if (i === n - 1) {
      out.push([start, n]);
      break;
    }
    const b = breaks[i]!;
    if ((b === Break.Turn && len >= o.minTurnWords) || (b >= Break.Sentence && len >= o.targetWords)) {
      out.push([start, i + 1]);
      start = i + 1;
    } else if (len >= o.maxWords) {
      // Cut at the strongest boundary in the allowed range, latest on ties.
      let best = i;
      let bestStrength = breaks[i]!;
      for (let j = i - 1; j >= start + o.minWords - 1; j--) {
        const s = breaks[j]!;
        if (s > bestStrength) {
          best = j;
          bestStrength = s;
        }
      }
      if (bestStrength === Break.Glued) {
        for (let j = i; j < n - 1 && j < i + o.maxWords; j++) {
          if (breaks[j]! >= Break.None) {
            best = j;
            break;
          }
        }
      }
      out.push([start, best + 1]);
      start = best + 1;
      i = best;
    }
    i++;
  }
  // Merge a tiny tail into the previous passage when they belong together (no turn between them).
  if (out.length >= 2) {
    const last = out[out.length - 1]!;
    const prev = out[out.length - 2]!;
    if (last[1] - last[0] < o.minTurnWords && breaks[prev[1] - 1] !== Break.Turn) {
      out.pop();
      prev[1] = last[1];
    }
  }
  return out;
}
