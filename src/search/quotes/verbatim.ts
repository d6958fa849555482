/**
 * Clean verbatim: a quote as the speaker said it, with the speaker's fillers ("uh", "um") and immediate
 * repeats of one to three words ("in our in our lab", "you had the you had the") left out, and nothing
 * else changed: no word is added, replaced or moved, and every kept character is the transcript's own.
 * `verify` ignores the same tokens (a claim said with only these between its words is verbatim).
 *
 * @example
 * cleanVerbatim('you had the you had the uh Insight that the GPU').text // 'you had the Insight that the GPU'
 */
import { tokenize } from '../verify/align.ts';

/** Fillers a speaker says between words, left out by clean verbatim (and ignored when verifying). */
export const FILLERS: ReadonlySet<string> = new Set(['uh', 'uhh', 'um', 'umm', 'uhm', 'er', 'erm', 'ah', 'ahh', 'eh', 'hm', 'hmm', 'mm', 'mhm']);

/** Longest immediate repeat (in words) left out by clean verbatim: "in our in our lab". */
export const MAX_REPEAT = 3;

/**
 * How many words from `j` are an immediate repeat of the `k` (1..{@link MAX_REPEAT}) words before `j`
 * (not reaching before `from`), 0 when none: `in our | in our lab` -> 2. The longest repeat wins.
 */
export function repeatAt(words: ArrayLike<string> | ArrayLike<number>, j: number, from = 0): number {
  for (let k = MAX_REPEAT; k >= 1; k--) {
    if (j - k < from || j + k > words.length) continue;
    let same = true;
    for (let i = 0; i < k && same; i++) same = words[j + i] === words[j - k + i];
    if (same) return k;
  }
  return 0;
}

/** A stretch of the source left out: `[start, end)` characters, and why. */
export interface Removed {
  start: number;
  end: number;
  reason: 'filler' | 'repeat';
}

/** A text in clean verbatim, with what was left out of the source. */
export interface CleanText {
  text: string;
  removed: Removed[];
}

/** One source word (contractions are one word here: "it's"), its normal form and character range. */
interface Word {
  norm: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const t of tokenize(text)) {
    const last = out[out.length - 1];
    if (last && last.start === t.start) last.norm += ` ${t.norm}`;
    else out.push({ norm: t.norm, start: t.start, end: t.end });
  }
  return out;
}

/**
 * Which of these normalised words clean verbatim leaves out, and why (undefined: kept): fillers, then
 * immediate repeats of one to three kept words. `verify` drops the same words from the transcript side.
 *
 * @example leftOut(['in', 'our', 'in', 'our', 'lab']) // [undefined, undefined, 'repeat', 'repeat', undefined]
 */
export function leftOut(norms: readonly string[]): Array<Removed['reason'] | undefined> {
  const drop = new Array<Removed['reason'] | undefined>(norms.length).fill(undefined);
  // Fillers first, so "in our uh in our" is seen as a repeat.
  norms.forEach((w, i) => {
    if (FILLERS.has(w)) drop[i] = 'filler';
  });
  const kept: string[] = [];
  for (let i = 0; i < norms.length; i++) {
    if (drop[i]) continue;
    // Is the run of kept words starting here a repeat of the kept words just before it?
    const ahead: number[] = [];
    for (let j = i; j < norms.length && ahead.length < MAX_REPEAT; j++) if (!drop[j]) ahead.push(j);
    let r = 0;
    for (let k = Math.min(MAX_REPEAT, ahead.length, kept.length); k >= 1 && !r; k--) {
      let same = true;
      for (let x = 0; x < k && same; x++) same = norms[ahead[x]!] === kept[kept.length - k + x];
      if (same) r = k;
    }
    if (r) {
      for (let x = 0; x < r; x++) drop[ahead[x]!] = 'repeat';
      i = ahead[r - 1]!;
      continue;
    }
    kept.push(norms[i]!);
  }
  return drop;
}

/**
 * The clean verbatim form of `text`: each left-out word goes with the spaces and commas after it (a filler
 * at the very end takes the ones before it), so "so, uh, the" reads "so, the".
 */
export function cleanVerbatim(text: string): CleanText {
  const ws = words(text);
  const drop = leftOut(ws.map((w) => w.norm));
  const removed: Removed[] = [];
  for (let i = 0; i < ws.length; i++) {
    const reason = drop[i];
    if (!reason) continue;
    let end = ws[i]!.end;
    const next = ws[i + 1];
    let start = ws[i]!.start;
    if (next) {
      const gap = /^[\s,]*/.exec(text.slice(end, next.start))![0];
      end += gap.length;
    } else {
      // The last word: take the separator before it instead ("...the GPU uh" -> "...the GPU").
      const before = /[\s,]*$/.exec(text.slice(0, start))![0];
      start -= before.length;
      end += /^[\s,]*/.exec(text.slice(end))![0].length;
    }
    const last = removed[removed.length - 1];
    if (last && last.end >= start && last.reason === reason) last.end = Math.max(last.end, end);
    else removed.push({ start, end, reason });
  }
  // A run left out at the very end takes the separator before it too.
  const tail = removed[removed.length - 1];
  if (tail && tail.end >= text.length) tail.start -= /[\s,]*$/.exec(text.slice(0, tail.start))![0].length;
  let out = '';
  let at = 0;
  for (const r of removed) {
    out += text.slice(at, Math.max(at, r.start));
    at = Math.max(at, r.end);
  }
  out += text.slice(at);
  return { text: out, removed };
}
