/**
 * YouTube json3 captions (`.json3`, or `.json` shaped like it): `events[]` with `tStartMs`,
 * `dDurationMs` and `segs[].utf8`. Events without `segs` (window definitions) and pure `"\n"`
 * appends (`aAppend`) are skipped.
 *
 * @example
 * parseJson3('{"events":[{"tStartMs":1000,"dDurationMs":1500,"segs":[{"utf8":"hello"},{"utf8":" world"}]}]}').cues
 * // [{ start: 1, end: 2.5, text: 'hello world' }]
 */
import type { Cue } from './types.ts';
import type { ParsedCaptions, ParseWarning } from './parsed.ts';
import { cleanCaptionText } from './clean.ts';
import { parseJsonText } from './json.ts';

/** True when parsed JSON has the json3 shape (an `events` array). */
export function isJson3(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { events?: unknown }).events);
}

export function parseJson3(text: string): ParsedCaptions {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { cues: [], warnings: [parsed.warning] };
  return json3Cues(parsed.value);
}

/** Cues from already-parsed json3 data. */
export function json3Cues(value: unknown): ParsedCaptions {
  const warnings: ParseWarning[] = [];
  if (!isJson3(value)) return { cues: [], warnings: [{ message: 'not YouTube json3 captions: no "events" array' }] };
  const cues: Cue[] = [];
  let bad = 0;
  for (const event of (value as { events: unknown[] }).events) {
    if (typeof event !== 'object' || event === null) continue;
    const { tStartMs, dDurationMs, segs } = event as Record<string, unknown>;
    if (!Array.isArray(segs)) continue;
    const raw = segs.map((seg) => (typeof seg === 'object' && seg !== null && typeof seg.utf8 === 'string' ? seg.utf8 : '')).join('');
    if (raw.trim() === '') continue;
    if (typeof tStartMs !== 'number' || !Number.isFinite(tStartMs) || tStartMs < 0) {
      bad++;
      continue;
    }
    const cleaned = cleanCaptionText(raw);
    if (!cleaned.text) continue;
    const start = tStartMs / 1000;
    const duration = typeof dDurationMs === 'number' && Number.isFinite(dDurationMs) && dDurationMs > 0 ? dDurationMs / 1000 : 0;
    const cue: Cue = { start, end: start + duration, text: cleaned.text };
    if (cleaned.speaker) cue.speaker = cleaned.speaker;
    cues.push(cue);
  }
  if (bad > 0) warnings.push({ message: `${bad} event(s) with text but no valid "tStartMs" skipped` });
  return { cues, warnings };
}
