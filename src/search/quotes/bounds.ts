/**
 * Quotes that start and end where the speaker does: a quote is widened (never cut) to the nearest sentence
 * end before it and after it, when one is near. Sentence ends are where the captions have punctuation
 * (`.`, `?`, `!`) and, in timed captions, pauses: a gap of at least {@link PAUSE_SECONDS} between one cue
 * and the next (auto-captions have no punctuation, but speakers pause between sentences). A quote with no
 * such end within {@link MAX_WIDEN_WORDS} words stays as it is (and is shown with "…" at that side).
 *
 * @example
 * sentenceBounds(hit).text // 'This very special scaling factor ... is called the determinant of that transformation.'
 */
import { cueAt, storedText } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
import { transcriptWords } from '../verify/anchors.ts';
import { timeAt } from '../index/timing.ts';
import type { Hit } from '../types.ts';

/** Most words a quote is widened by at each side to reach a sentence end. */
export const MAX_WIDEN_WORDS = 15;
/** A gap of at least this many seconds between two cues counts as a sentence end. */
export const PAUSE_SECONDS = 1;

/** Whether a sentence ends between token `k - 1` and token `k` of the transcript. */
function endsBefore(transcript: Transcript, k: number): boolean {
  const { tokens } = transcriptWords(transcript);
  if (k <= 0 || k >= tokens.length) return true;
  const stored = storedText(transcript);
  const prev = tokens[k - 1]!;
  const next = tokens[k]!;
  if (prev.start === next.start) return false; // two halves of one contraction
  if (/[.?!]/.test(stored.text.slice(prev.end, next.start))) return true;
  if (transcript.approximate || !transcript.cues.length) return false;
  const a = cueAt(stored, prev.start);
  const b = cueAt(stored, next.start);
  return b > a && transcript.cues[b]!.start - transcript.cues[b - 1]!.end >= PAUSE_SECONDS;
}

/** The hit widened to sentence ends within {@link MAX_WIDEN_WORDS} words at each side (see the module comment). */
export function sentenceBounds(hit: Hit): Hit {
  const transcript = hit.transcript;
  const { tokens } = transcriptWords(transcript);
  if (!tokens.length) return hit;
  let a = tokens.findIndex((t) => t.start >= hit.charStart);
  if (a < 0) return hit;
  let b = a;
  while (b + 1 < tokens.length && tokens[b + 1]!.end <= hit.charEnd) b++;
  if (!endsBefore(transcript, a)) {
    for (let k = a - 1; k >= Math.max(0, a - MAX_WIDEN_WORDS); k--) {
      if (endsBefore(transcript, k)) {
        a = k;
        break;
      }
    }
  }
  if (!endsBefore(transcript, b + 1)) {
    for (let k = b + 1; k < Math.min(tokens.length, b + 1 + MAX_WIDEN_WORDS); k++) {
      if (endsBefore(transcript, k + 1)) {
        b = k;
        break;
      }
    }
  }
  const text = storedText(transcript).text;
  const charStart = Math.min(hit.charStart, tokens[a]!.start);
  let charEnd = Math.max(hit.charEnd, tokens[b]!.end);
  const trail = /^[.?!,;:"')\]]+/.exec(text.slice(charEnd));
  if (trail) charEnd += trail[0].length;
  if (charStart === hit.charStart && charEnd === hit.charEnd) return hit;
  const start = timeAt(transcript, charStart);
  return { ...hit, text: text.slice(charStart, charEnd), charStart, charEnd, start, end: Math.max(start, timeAt(transcript, charEnd)) };
}
