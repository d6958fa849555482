/**
 * SubRip (`.srt`) parser: text in, cleaned cues and warnings out.
 *
 * Tolerates a BOM, CRLF, missing blank lines, extra spaces, `.` instead of `,` in times and missing
 * cue numbers; a cue with a broken timing line is skipped with a warning naming its line.
 * Speaker labels: `>> NAME:` / `NAME:` prefixes (see {@link splitSpeakerPrefix}); a named speaker
 * carries over to the following cues until the next `>>` turn or label.
 *
 * @example
 * parseSrt('1\n00:00:01,000 --> 00:00:02,500\nHello <i>world</i>\n').cues
 * // [{ start: 1, end: 2.5, text: 'Hello world' }]
 */
import type { Cue } from './types.ts';
import type { ParsedCaptions, ParseWarning } from './parsed.ts';
import { splitLines, timedBlocks } from './blocks.ts';
import { cleanCaptionText, splitSpeakerPrefix } from './clean.ts';

export function parseSrt(text: string): ParsedCaptions {
  const warnings: ParseWarning[] = [];
  const cues: Cue[] = [];
  let speaker: string | undefined;
  for (const block of timedBlocks(splitLines(text), 0, warnings)) {
    const cleaned = cleanCaptionText(block.text.join('\n'));
    const split = splitSpeakerPrefix(cleaned.text);
    if (cleaned.speaker) speaker = cleaned.speaker;
    else if (split.speaker) speaker = split.speaker;
    else if (split.turn) speaker = undefined;
    const body = split.text.trim();
    if (!body) continue;
    const cue: Cue = { start: block.timing.start, end: block.timing.end, text: body };
    if (speaker) cue.speaker = speaker;
    cues.push(cue);
  }
  return { cues, warnings };
}
