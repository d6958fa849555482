/**
 * The "video statistics" page format: a saved web page with a title line, section headings, the
 * captions as one unpunctuated paragraph after a `Captions` heading, then an `Info` section:
 *
 * ```text
 * Ilya Sutskever | The era of AI will come in full swing | ...
 * Video Statistics and Information
 * ...
 * Captions
 * it I think probably two years before that ...
 * Info
 * Channel: Me&ChatGPT
 * Keywords: AI, GPT, GPT-4o
 * Id: f96Xrg4uNik
 * Length: 17min 49sec (1069 seconds)
 * Published: Sat May 25 2024
 * ```
 *
 * It has no timestamps: the paragraph is cut into pseudo-cues of {@link WORDS_PER_CUE} words, each
 * timed at `duration x wordsBefore / totalWords` (`approximate: true`).
 */
import type { VideoMeta } from './types.ts';
import type { EstimateOptions, ParsedCaptions, ParseWarning } from './parsed.ts';
import { splitLines } from './blocks.ts';
import { cleanCaptionText } from './clean.ts';
import { chunkWords, timeByWords } from './estimate.ts';
import { youtubeUrl, YOUTUBE_ID } from './youtube.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * True when `text` looks like the page format: a `Captions` heading and an `Info` section with an
 * `Id:` line (or the page's own `Video Statistics and Information` heading).
 */
export function isPage(text: string): boolean {
  const head = text.slice(0, 2000);
  if (/^Video Statistics and Information\s*$/m.test(head)) return true;
  return /^Captions\s*$/m.test(text) && /^Info\s*$/m.test(text) && /^Id:\s*\S/m.test(text);
}

export function parsePage(text: string, options: EstimateOptions = {}): ParsedCaptions {
  const lines = splitLines(text).map((line) => line.trim());
  const warnings: ParseWarning[] = [];
  const captionsAt = lines.indexOf('Captions');
  if (captionsAt < 0) return { cues: [], warnings: [{ message: 'page format without a "Captions" heading' }], approximate: true };
  let infoAt = lines.indexOf('Info', captionsAt + 1);
  if (infoAt < 0) {
    warnings.push({ line: captionsAt + 1, message: 'page format without an "Info" section; no metadata read' });
    infoAt = lines.length;
  }
  const meta = pageMeta(lines, infoAt, warnings);
  const title = lines.find((line) => line !== '');
  if (title && title !== 'Captions') meta.title = title;
  const paragraph = cleanCaptionText(lines.slice(captionsAt + 1, infoAt).join(' ')).text;
  if (!paragraph) warnings.push({ line: captionsAt + 1, message: 'the "Captions" section is empty' });
  const duration = meta.duration ?? options.duration;
  const cues = timeByWords(chunkWords(paragraph).map((piece) => ({ text: piece })), duration);
  return { cues, warnings, meta, approximate: true };
}

/** Reads the `Key: value` lines of the Info section (until a line without a colon). */
function pageMeta(lines: string[], infoAt: number, warnings: ParseWarning[]): Partial<VideoMeta> {
  const meta: Partial<VideoMeta> = {};
  for (let i = infoAt + 1; i < lines.length; i++) {
    const m = /^([A-Za-z][A-Za-z ]{0,30}):\s*(.*)$/.exec(lines[i]!);
    if (!m) {
      if (lines[i] === '') continue;
      break;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (!value || value === 'undefined') continue;
    if (key === 'channel') meta.channel = value;
    else if (key === 'keywords') meta.keywords = value.split(',').map((k) => k.trim()).filter(Boolean);
    else if (key === 'id') {
      if (YOUTUBE_ID.test(value)) {
        meta.id = value;
        meta.url = youtubeUrl(value);
      } else warnings.push({ line: i + 1, message: `"Id:" is not a YouTube id: ${JSON.stringify(value.slice(0, 40))}` });
    } else if (key === 'length') {
      const seconds = /\((\d+(?:\.\d+)?) seconds?\)/.exec(value);
      const parts = /(?:(\d+)\s*h\w*\s*)?(?:(\d+)\s*min\w*\s*)?(?:(\d+)\s*sec)?/.exec(value);
      const fromParts = parts ? Number(parts[1] ?? 0) * 3600 + Number(parts[2] ?? 0) * 60 + Number(parts[3] ?? 0) : 0;
      const duration = seconds ? Number(seconds[1]) : fromParts;
      if (duration > 0) meta.duration = duration;
      else warnings.push({ line: i + 1, message: `unreadable "Length:" ${JSON.stringify(value.slice(0, 40))}` });
    } else if (key === 'published') {
      const date = parsePublished(value);
      if (date) meta.uploadDate = date;
      else warnings.push({ line: i + 1, message: `unreadable "Published:" date ${JSON.stringify(value.slice(0, 40))}` });
    }
  }
  return meta;
}

/** `Sat May 25 2024` / `May 25, 2024` / `2024-05-25` -> `2024-05-25` (no time zone involved). */
export function parsePublished(value: string): string | undefined {
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(value);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!.toLowerCase());
  const day = Number(m[2]);
  if (month < 0 || day < 1 || day > 31) return undefined;
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
