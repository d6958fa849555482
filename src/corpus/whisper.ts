/**
 * Whisper JSON (`openai-whisper`, faster-whisper, WhisperX output): `segments[]` with `start`,
 * `end` (seconds) and `text`, and an optional `speaker` (diarised output).
 *
 * @example
 * parseWhisper('{"segments":[{"start":0,"end":2.5,"text":" Hello there.","speaker":"SPEAKER_00"}]}').cues
 * // [{ start: 0, end: 2.5, text: 'Hello there.', speaker: 'SPEAKER_00' }]
 */
import type { Cue } from './types.ts';
import type { ParsedCaptions, ParseWarning } from './parsed.ts';
import { cleanCaptionText } from './clean.ts';
import { parseJsonText } from './json.ts';

/** True when parsed JSON has the Whisper shape (a `segments` array). */
export function isWhisper(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { segments?: unknown }).segments);
}

export function parseWhisper(text: string): ParsedCaptions {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { cues: [], warnings: [parsed.warning] };
  return whisperCues(parsed.value);
}

/** Cues from already-parsed Whisper data. */
export function whisperCues(value: unknown): ParsedCaptions {
  if (!isWhisper(value)) return { cues: [], warnings: [{ message: 'not Whisper JSON: no "segments" array' }] };
  const warnings: ParseWarning[] = [];
  const cues: Cue[] = [];
  (value as { segments: unknown[] }).segments.forEach((segment, i) => {
    if (typeof segment !== 'object' || segment === null) return;
    const { start, end, text, speaker } = segment as Record<string, unknown>;
    if (typeof text !== 'string') return;
    if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) {
      warnings.push({ message: `segment ${i} has no valid "start"; skipped` });
      return;
    }
    const cleaned = cleanCaptionText(text);
    if (!cleaned.text) return;
    const stop = typeof end === 'number' && Number.isFinite(end) ? Math.max(start, end) : start;
    const cue: Cue = { start, end: stop, text: cleaned.text };
    const who = typeof speaker === 'string' && speaker.trim() ? speaker.trim() : cleaned.speaker;
    if (who) cue.speaker = who;
    cues.push(cue);
  });
  return { cues, warnings };
}
