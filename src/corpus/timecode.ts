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
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const hours = m[1] ? Number(m[1]) : 0;
  const minutes = Number(m[2]);
  const seconds = Number(m[3]);
  if (minutes > 59 || seconds > 59) return undefined;
  const fraction = m[4] ? Number(m[4].padEnd(3, '0')) / 1000 : 0;
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
