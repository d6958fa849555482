/**
 * Caption timestamps: `HH:MM:SS,mmm` (SRT), `HH:MM:SS.mmm` / `MM:SS.mmm` (WebVTT).
 * Tolerant of `.` vs `,`, missing hours, 1-3 fraction digits and surrounding spaces.
 */

const TIMESTAMP = /^\s*(?:(\d{1,3})\s*:\s*)?(\d{1,2})\s*:\s*(\d{1,2})(?:\s*[.,]\s*(\d{1,3}))?\s*$/;

/**
 * Seconds for a caption timestamp, or undefined when it is not one.
 *
 * @example
 * parseTimestamp('00:01:02,500') // 62.5
 * parseTimestamp('01:02.5')      // 62.5
 */
export function parseTimestamp(value: string): number | undefined {
  const fast = plainTimestamp(value);
  if (fast !== undefined) return fast;
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const hours = m[1] ? Number(m[1]) : 0;
  const minutes = Number(m[2]);
  const seconds = Number(m[3]);
  if (minutes > 59 || seconds > 59) return undefined;
  const fraction = m[4] ? Number(m[4].padEnd(3, '0')) / 1000 : 0;
  return Math.round((hours * 3600 + minutes * 60 + seconds + fraction) * 1000) / 1000;
}

/** Value of a digit's char code, or -1. */
function digit(value: string, i: number): number {
  const d = value.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Value of two digits at `i`, or -1. */
function twoDigits(value: string, i: number): number {
  const a = digit(value, i);
  const b = digit(value, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The common shape `HH:MM:SS,mmm` / `HH:MM:SS.mmm` (spaces after it allowed) read by char codes, the same
 * value as {@link parseTimestamp}'s general pattern; undefined for any other shape (the pattern decides).
 */
function plainTimestamp(value: string): number | undefined {
  let end = value.length;
  while (end > 12 && value.charCodeAt(end - 1) === 32) end--;
  if (end !== 12 || value.charCodeAt(2) !== 58 || value.charCodeAt(5) !== 58) return undefined;
  const sep = value.charCodeAt(8);
  if (sep !== 44 && sep !== 46) return undefined;
  const hours = twoDigits(value, 0);
  const minutes = twoDigits(value, 3);
  const seconds = twoDigits(value, 6);
  const high = digit(value, 9);
  const rest = twoDigits(value, 10);
  if (hours < 0 || minutes < 0 || seconds < 0 || high < 0 || rest < 0 || minutes > 59 || seconds > 59) return undefined;
  const fraction = (high * 100 + rest) / 1000;
  return Math.round((hours * 3600 + minutes * 60 + seconds + fraction) * 1000) / 1000;
}

/** A `start --> end` timing line split into seconds (plus the rest of the line, e.g. WebVTT cue settings). */
export interface TimingLine {
  start: number;
  end: number;
  /** Text after the end timestamp (WebVTT cue settings such as `align:start position:0%`). */
  settings: string;
}

/** True when a line looks like a timing line (has an arrow `-->`), valid or not. */
export function looksLikeTiming(line: string): boolean {
  return line.includes('-->');
}

/** Parses `00:00:01,000 --> 00:00:02,000 [settings]`; undefined when malformed. */
export function parseTimingLine(line: string): TimingLine | undefined {
  const arrow = line.indexOf('-->');
  if (arrow < 0 || arrow > 40) return undefined;
  const start = parseTimestamp(line.slice(0, arrow));
  const rest = line.slice(arrow + 3).trimStart();
  const space = rest.search(/\s/);
  const endText = space < 0 ? rest : rest.slice(0, space);
  const end = endText.length <= 20 ? parseTimestamp(endText) : undefined;
  if (start === undefined || end === undefined) return undefined;
  return { start, end: Math.max(start, end), settings: space < 0 ? '' : rest.slice(space).trim() };
}
