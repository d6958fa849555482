/**
 * Character offsets of a transcript's tokens, recomputed from its stored text when a quote is cut instead of
 * kept for the whole corpus: two 32-bit offsets per token were the largest part of the index (86 MB of
 * 240 MB at 1,000 hours) and only the few transcripts a query quotes from need them. {@link TokenOffsets}
 * keeps the most recently used transcripts' offsets (a small LRU), so paging and repeated queries do not
 * tokenize again.
 *
 * The tokens are exactly the index's: {@link TOKEN_PATTERN} matches over the stored text (cue texts joined
 * by one space, which no match can cross, so matching per cue or over the whole text is the same), minus
 * the matches that normalise to nothing (as the build skips them). A count that disagrees with the index's
 * is a bug and throws, never a silently shifted quote.
 *
 * @example
 * const offsets = new TokenOffsets(data.stored, data.tokBase);
 * const { base, starts, ends } = offsets.of(t); // token k of the corpus is starts[k - base] .. ends[k - base]
 */
import type { StoredText } from '../../corpus/text.ts';
import { normalizeWord, TOKEN_PATTERN } from '../text/tokenize.ts';

/** The token offsets of one transcript: token `k` of the corpus (`base <= k`) spans `starts[k - base] .. ends[k - base]`. */
export interface TranscriptTokens {
  /** The transcript's first token id in the corpus. */
  base: number;
  /** Character offset in the stored text where each token starts. */
  starts: Int32Array;
  /** Character offset where each token ends (exclusive). */
  ends: Int32Array;
}

/** The start and end offsets of the tokens of `text`, as the index tokenizes it; throws unless there are `count`. */
export function tokenOffsets(text: string, count: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const re = new RegExp(TOKEN_PATTERN.source, 'gu');
  let n = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const raw = m[0];
    // An ASCII match starts with a letter or digit, so it never normalises to nothing; others are checked.
    if (!isAscii(raw) && !normalizeWord(raw)) continue;
    if (n < count) {
      starts[n] = m.index;
      ends[n] = m.index + raw.length;
    }
    n++;
  }
  if (n !== count) throw new Error(`token offsets: the stored text has ${n} tokens, the index ${count} (index and text out of step)`);
  return { starts, ends };
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 127) return false;
  return true;
}

/** Token offsets per transcript, computed on first use and kept for the `keep` most recently used transcripts. */
export class TokenOffsets {
  private readonly recent = new Map<number, TranscriptTokens>();

  /**
   * @param stored  each transcript's stored text (`IndexData.stored`)
   * @param tokBase each transcript's first token (`IndexData.tokBase`, length transcripts + 1)
   * @param keep    transcripts kept (default 64: a page of results and its neighbours, ~2 MB at 4,000 words each)
   */
  constructor(
    private readonly stored: readonly StoredText[],
    private readonly tokBase: Int32Array,
    private readonly keep = 64,
  ) {}

  /** The offsets of transcript `t`'s tokens. */
  of(t: number): TranscriptTokens {
    const hit = this.recent.get(t);
    if (hit) {
      this.recent.delete(t);
      this.recent.set(t, hit);
      return hit;
    }
    const base = this.tokBase[t]!;
    const tokens = { base, ...tokenOffsets(this.stored[t]!.text, this.tokBase[t + 1]! - base) };
    this.recent.set(t, tokens);
    if (this.recent.size > this.keep) this.recent.delete(this.recent.keys().next().value!);
    return tokens;
  }
}
