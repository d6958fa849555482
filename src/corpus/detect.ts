/**
 * Which parser reads a file: by extension, then by content, so a mislabelled file still loads
 * (a `.txt` that is the page format, a `.json` that is json3 or Whisper, a `.srt` that is WebVTT).
 */
import type { CaptionFormat } from './types.ts';
import { isPage } from './page.ts';

/**
 * The format of a caption file from its name and text.
 * `.json` files are told apart by their parsed shape in the loader; here they report `'json3'` when
 * the text mentions `"events"` before `"segments"`, else `'whisper'`.
 *
 * @example
 * detectFormat('talk.txt', 'Title\nCaptions\nhello\nInfo\nId: f96Xrg4uNik\n') // 'page'
 */
export function detectFormat(file: string, text: string): CaptionFormat {
  const lower = file.toLowerCase();
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (/^WEBVTT(?:\s|$)/.test(head)) return 'vtt';
  if (lower.endsWith('.json3')) return 'json3';
  if (lower.endsWith('.json') || /^\s*[{[]/.test(head)) {
    const events = text.indexOf('"events"');
    const segments = text.indexOf('"segments"');
    if (events >= 0 && (segments < 0 || events < segments)) return 'json3';
    if (segments >= 0) return 'whisper';
    if (lower.endsWith('.json')) return 'whisper';
  }
  if (lower.endsWith('.vtt')) return 'vtt';
  if (lower.endsWith('.srt')) return 'srt';
  if (isPage(text)) return 'page';
  if (/^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/.test(head)) return 'srt';
  return 'txt';
}
