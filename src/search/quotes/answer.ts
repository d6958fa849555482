/**
 * Question -> answer: when a quote ends on a speaker turn that asks a question, or on a short turn that
 * names a topic ("Okay . Functional requirements ."), and another speaker then answers or takes the floor,
 * the quote moves forward onto that answer. The asker names the topic ("what about the scroll wheel?"), so
 * the question often matches a query best, but what a user wants is what was said about it: the answer.
 * The new quote starts at the answer and ends at a sentence end (else a word bound) within `maxWords`;
 * the question stays one `context` command away.
 *
 * Measured on qmsum-train (all 1,820): S@1 / S@3 0.584 / 0.781 -> 0.591 / 0.787 (topic 0.644 -> 0.648,
 * specific 0.544 -> 0.553); 3b1b-chapters-dev unchanged (one narrator: no speaker changes).
 *
 * @example
 * answerWindow(view, [120, 134]) // the quote ended on "... what about the scroll wheel ?" (turn end)
 * // [135, 171]: "Well I think the scroll wheel ..." (the next speaker's turn)
 */
import { Break } from '../index/passages.ts';

/** A transcript's token stream as {@link answerWindow} reads it. */
export interface TurnView {
  /** The transcript's stored text (token offsets index into it). */
  text: string;
  /** Character start / end of each token (token ids, as in `breaks`). */
  tokStart: ArrayLike<number>;
  tokEnd: ArrayLike<number>;
  /** Break after each token ({@link Break}). */
  breaks: ArrayLike<number>;
  /** Token range of the transcript, `[from, to)`. */
  from: number;
  to: number;
  /** Who says a token (undefined when unknown: then nothing moves). */
  speakerAt: (token: number) => string | undefined;
}

/** Options of {@link answerWindow}. Counts are words. */
export interface AnswerOptions {
  /** The quote must end within this many words of its turn's end to count as ending on it. Default 12 (5-25 measured alike). */
  slack?: number;
  /**
   * A turn of at most this many words that is not a question still hands over when the next speaker's turn
   * is at least twice as long (a chair naming the next topic, then the presentation). 0 = questions only.
   * Default 10 (20 measured 0.001 lower).
   */
  introWords?: number;
  /** Shortest answer quote (when the answer runs that long). Default 20. */
  minWords?: number;
  /** Longest answer quote. Default 60. */
  maxWords?: number;
}

/** Words that open a question. */
const INTERROGATIVE = new Set(
  `what whats how why when where who whom which whose do does did is are was were can could would should will shall
  have has had may might am isn't aren't don't doesn't didn't won't wouldn't couldn't shouldn't`.split(/\s+/),
);

/**
 * The answer window for a quote `[a, b)` (token ids) that ends on a question or topic-naming turn answered
 * by another speaker; undefined when it does not (the quote then stays as it is).
 */
export function answerWindow(view: TurnView, window: [number, number], options: AnswerOptions = {}): [number, number] | undefined {
  const slack = options.slack ?? 12;
  const introWords = options.introWords ?? 10;
  const minWords = options.minWords ?? 20;
  const maxWords = options.maxWords ?? 60;
  const { text, tokStart, tokEnd, breaks, from, to, speakerAt } = view;
  const b = window[1];
  if (b <= from || b > to) return undefined;
  // The end of the turn the quote ends in.
  let turnEnd = b - 1;
  while (turnEnd < to - 1 && breaks[turnEnd]! !== Break.Turn) turnEnd++;
  if (turnEnd >= to - 1 || turnEnd - (b - 1) > slack) return undefined;
  const answerFrom = turnEnd + 1;
  const asker = speakerAt(turnEnd);
  const answerer = speakerAt(answerFrom);
  if (asker === undefined || answerer === undefined || answerer === asker) return undefined;
  // A question: the turn's last sentence ends with "?" or opens with an interrogative word.
  let sentence = turnEnd;
  while (sentence > from && breaks[sentence - 1]! < Break.Sentence) sentence--;
  const asks =
    text.slice(tokEnd[turnEnd]!, tokStart[answerFrom]!).includes('?') ||
    INTERROGATIVE.has(text.slice(tokStart[sentence]!, tokEnd[sentence]!).toLowerCase());
  if (!asks) {
    if (introWords <= 0) return undefined;
    let turnStart = turnEnd;
    while (turnStart > from && breaks[turnStart - 1]! !== Break.Turn) turnStart--;
    let next = answerFrom;
    while (next < to - 1 && breaks[next]! !== Break.Turn) next++;
    if (turnEnd - turnStart + 1 > introWords || next - answerFrom + 1 < 2 * introWords) return undefined;
  }
  // End: the last sentence end (or turn) between minWords and maxWords in; else a word bound.
  const limit = Math.min(to, answerFrom + maxWords);
  let end = -1;
  for (let k = answerFrom + minWords - 1; k < limit; k++) if (breaks[k]! >= Break.Sentence) end = k + 1;
  if (end < 0) {
    end = limit;
    while (end > answerFrom + 1 && end < to && breaks[end - 1]! < Break.None) end--;
  }
  return [answerFrom, end];
}
