/**
 * Splits SRT / WebVTT text into timed blocks, tolerating what real files do wrong: CRLF or CR line
 * ends, a BOM, missing blank lines between cues, stray numbers, and text outside any cue.
 */
import type { ParseWarning } from './parsed.ts';
import { looksLikeTiming, parseTimingLine, type TimingLine } from './timecode.ts';

/** One `timing + text` block of a caption file. */
export interface TimedBlock {
  /** 1-based line of the timing line. */
  line: number;
  timing: TimingLine;
  /** Raw payload lines, in order. */
  text: string[];
  /** Index (0-based) of the line after the block. */
  end: number;
}

/** Splits text into lines on CRLF, CR or LF, dropping a leading byte order mark. */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.split(/\r\n|\r|\n/) : body.split('\n');
}

const isWhitespace = (line: string): boolean => line.trim() === '';
const isIndex = (line: string): boolean => /^\s*\d{1,9}\s*$/.test(line);

/** Longest text a timing line may show in a warning. */
const QUOTE_LIMIT = 60;
const quote = (line: string): string =>
  JSON.stringify(line.length > QUOTE_LIMIT ? `${line.slice(0, QUOTE_LIMIT)}...` : line);

/**
 * Reads the timed blocks of `lines` from index `from`. A block starts at a timing line (optionally
 * preceded by a cue id / index line) and runs until a blank line, the next timing line, or the next
 * `index + timing` pair. Malformed timing lines and text outside any cue are reported in `warnings`
 * and skipped; `isSkippedBlock` lets WebVTT skip `NOTE` / `STYLE` / `REGION` blocks silently, and
 * `strictBlank` makes only an empty line (not a whitespace-only one) end a block, as WebVTT requires.
 */
export function timedBlocks(
  lines: string[],
  from: number,
  warnings: ParseWarning[],
  isSkippedBlock: (line: string) => boolean = () => false,
  strictBlank = false,
): TimedBlock[] {
  // WebVTT ends a block only at an EMPTY line: YouTube puts a lone space line inside cues.
  const isBlank = strictBlank ? (line: string): boolean => line === '' : isWhitespace;
  const blocks: TimedBlock[] = [];
  const n = lines.length;
  const startsCue = (j: number): boolean =>
    looksLikeTiming(lines[j]!) || (j + 1 < n && isIndex(lines[j]!) && looksLikeTiming(lines[j + 1]!));
  let i = from;
  // Index of the line ending the last block, when only blank lines have followed it since.
  let lastCueEnd = -1;
  while (i < n) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    let timingAt: number;
    if (looksLikeTiming(line)) timingAt = i;
    else if (i + 1 < n && !isBlank(lines[i + 1]!) && looksLikeTiming(lines[i + 1]!) && !isSkippedBlock(line)) timingAt = i + 1;
    else {
      const at = i;
      const stray: string[] = [];
      while (i < n && !isBlank(lines[i]!) && !startsCue(i)) stray.push(lines[i++]!);
      if (isSkippedBlock(line)) continue;
      const previous = blocks.at(-1);
      if (previous && previous.end === lastCueEnd) {
        // A blank line inside a cue's text (common in hand-made SRT): keep the speech, join it to that cue.
        previous.text.push(...stray);
        warnings.push({ line: at + 1, message: `text after a blank line joined to the cue at line ${previous.line}` });
      } else {
        warnings.push({ line: at + 1, message: `text outside any cue skipped: ${quote(line)}` });
      }
      lastCueEnd = -1;
      continue;
    }
    let j = timingAt + 1;
    const text: string[] = [];
    while (j < n && !isBlank(lines[j]!) && !startsCue(j)) text.push(lines[j++]!);
    const timing = parseTimingLine(lines[timingAt]!);
    if (timing) {
      blocks.push({ line: timingAt + 1, timing, text, end: j });
      lastCueEnd = j;
    } else {
      warnings.push({ line: timingAt + 1, message: `bad timing line, cue skipped: ${quote(lines[timingAt]!)}` });
      lastCueEnd = -1;
    }
    i = j;
  }
  return blocks;
}
