/**
 * WebVTT (`.vtt`) parser: text in, cleaned cues and warnings out.
 *
 * Handles the header, `NOTE` / `STYLE` / `REGION` blocks, cue ids, cue settings
 * (`align:start position:0%`), `HH:MM:SS.mmm` and `MM:SS.mmm` times, voice tags (`<v Speaker>`,
 * `<v.loud Speaker>`), YouTube's `&gt;&gt;` turn markers (removed; `>> NAME:` names the speaker), and
 * YouTube auto-captions: those "roll", so every cue repeats the previous
 * line before adding new words (with `<00:00:01.520><c> word</c>` timing tags), and 10 ms cues in
 * between repeat the last line alone. A payload line identical to the last emitted line (same
 * speaker) is dropped, which removes exactly those ADJACENT repeats; the same words said again later
 * survive.
 *
 * @example
 * parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi &amp; bye\n').cues
 * // [{ start: 1, end: 2, text: 'Hi & bye', speaker: 'Ann' }]
 */
import type { Cue } from './types.ts';
import type { ParsedCaptions, ParseWarning } from './parsed.ts';
import { splitLines, timedBlocks } from './blocks.ts';
import { cleanCaptionText, splitSpeakerPrefix } from './clean.ts';

const SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:\s|$)/;

export function parseVtt(text: string): ParsedCaptions {
  const warnings: ParseWarning[] = [];
  const lines = splitLines(text);
  let from = 0;
  if (/^WEBVTT(?:\s|$)/.test(lines[0] ?? '')) {
    // The header runs to the first blank line (Kind:, Language:, X-TIMESTAMP-MAP...).
    while (from < lines.length && lines[from] !== '') from++;
  } else {
    warnings.push({ line: 1, message: 'missing "WEBVTT" header; reading cues anyway' });
  }
  const cues: Cue[] = [];
  let last: { text: string; speaker: string | undefined } | undefined;
  for (const block of timedBlocks(lines, from, warnings, (line) => SKIPPED_BLOCK.test(line), true)) {
    // A voice tag holds for its cue only (WebVTT spec), across that cue's lines.
    let speaker: string | undefined;
    const kept: string[] = [];
    let cueSpeaker: string | undefined;
    for (const raw of block.text) {
      const cleaned = cleanCaptionText(raw);
      if (cleaned.speaker) speaker = cleaned.speaker;
      if (cleaned.text.startsWith('>>')) {
        // YouTube marks speaker changes with `&gt;&gt;` (optionally `&gt;&gt; NAME:`): not speech.
        const turn = splitSpeakerPrefix(cleaned.text);
        cleaned.text = turn.text.trim();
        if (turn.speaker) speaker = turn.speaker;
      }
      if (!cleaned.text) continue;
      if (last && last.text === cleaned.text && last.speaker === speaker) continue;
      if (kept.length > 0 && cueSpeaker !== speaker) {
        // A second voice inside one cue: emit the first voice's part as its own cue.
        cues.push(makeCue(block.timing.start, block.timing.end, kept.join(' '), cueSpeaker));
        kept.length = 0;
      }
      cueSpeaker = speaker;
      kept.push(cleaned.text);
      last = { text: cleaned.text, speaker };
    }
    if (kept.length > 0) cues.push(makeCue(block.timing.start, block.timing.end, kept.join(' '), cueSpeaker));
  }
  return { cues, warnings };
}

function makeCue(start: number, end: number, text: string, speaker: string | undefined): Cue {
  return speaker ? { start, end, text, speaker } : { start, end, text };
}
