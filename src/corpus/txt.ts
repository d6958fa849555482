/**
 * Plain-text transcripts (`.txt` that is not the page format): no timestamps, so cue times are
 * estimated from word position (see {@link timeByWords}) and the result is `approximate`.
 *
 * Each non-empty line is cleaned (markup, entities, `[Music]`...) and checked for a speaker label
 * (`>> NAME:`, `NAME:`); lines longer than {@link WORDS_PER_CUE} words are cut into pseudo-cues of
 * that size. A named speaker carries over to following lines until the next turn or label.
 *
 * @example
 * parseTxt('ALICE: hello there\nBOB: hi', { duration: 10 }).cues
 * // [{ start: 0, end: 6.666, text: 'hello there', speaker: 'ALICE' }, { start: 6.666, end: 10, text: 'hi', speaker: 'BOB' }]
 */
import type { EstimateOptions, ParsedCaptions } from './parsed.ts';
import { splitLines } from './blocks.ts';
import { cleanCaptionText, splitSpeakerPrefix } from './clean.ts';
import { chunkWords, timeByWords, type Chunk } from './estimate.ts';

export function parseTxt(text: string, options: EstimateOptions = {}): ParsedCaptions {
  const chunks: Chunk[] = [];
  let speaker: string | undefined;
  for (const line of splitLines(text)) {
    const cleaned = cleanCaptionText(line);
    if (!cleaned.text) continue;
    const split = splitSpeakerPrefix(cleaned.text);
    if (cleaned.speaker) speaker = cleaned.speaker;
    else if (split.speaker) speaker = split.speaker;
    else if (split.turn) speaker = undefined;
    for (const piece of chunkWords(split.text)) chunks.push(speaker ? { text: piece, speaker } : { text: piece });
  }
  return { cues: timeByWords(chunks, options.duration), warnings: [], approximate: true };
}
