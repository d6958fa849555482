/**
 * Video metadata from beside a caption file: a yt-dlp `.info.json` sidecar, else the `[VIDEOID]` in a
 * yt-dlp style file name, else the file stem (as id and title, and no link).
 *
 * Pairing: the caption name minus its subtitle extension and any language tag, plus `.info.json`:
 * `Talk [abc123def45].en.vtt` -> `Talk [abc123def45].info.json`, `x.srt` -> `x.info.json`.
 */
import { readFileSync, statSync } from 'node:fs';
import { realPathInsideSync } from './inside.ts';
import { basename, dirname, join } from 'node:path';
import type { Chapter, VideoMeta } from './types.ts';
import type { ParseWarning } from './parsed.ts';
import { parseJsonText } from './json.ts';
import { youtubeUrl } from './youtube.ts';

/** Extensions of the caption files quotebot reads (lower case, with the dot). */
export const CAPTION_EXTENSIONS = ['.srt', '.vtt', '.json3', '.json', '.txt'] as const;

/** The sidecar suffix; such files are metadata, never transcripts. */
export const SIDECAR_SUFFIX = '.info.json';

/** Largest sidecar read (yt-dlp info files with all formats are typically 0.1-1 MB). */
const MAX_SIDECAR_BYTES = 20 * 1024 * 1024;

/** A language tag as yt-dlp appends it: `.en`, `.en-US`, `.pt-BR`, `.en-orig`, `.zh-Hans`. */
const LANGUAGE_TAG = /\.[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}$/;
/** `[dQw4w9WgXcQ]` at the end of a yt-dlp style name. */
const BRACKET_ID = /\s*\[([A-Za-z0-9_-]{11})\]\s*$/;

/** `name.en.vtt` -> `name.en`; `x.srt` -> `x` (the file name without its caption extension). */
export function captionStem(file: string): string {
  const name = basename(file);
  const lower = name.toLowerCase();
  const ext = CAPTION_EXTENSIONS.find((e) => lower.endsWith(e));
  return ext ? name.slice(0, -ext.length) : name;
}

/** The stem without a trailing language tag: `Talk [id].en` -> `Talk [id]`. */
export function withoutLanguageTag(stem: string): string {
  const stripped = stem.replace(LANGUAGE_TAG, '');
  return stripped || stem;
}

/**
 * Candidate sidecar paths for a caption file, most specific first.
 *
 * @example
 * sidecarCandidates('/t/Talk [abc123def45].en.vtt')
 * // ['/t/Talk [abc123def45].en.info.json', '/t/Talk [abc123def45].info.json']
 */
export function sidecarCandidates(file: string): string[] {
  const dir = dirname(file);
  const stem = captionStem(file);
  const bare = withoutLanguageTag(stem);
  const names = bare === stem ? [stem] : [stem, bare];
  return names.map((name) => join(dir, name + SIDECAR_SUFFIX));
}

/** Metadata from the file name alone: `[VIDEOID]` gives id + YouTube link, else the stem is id and title. */
export function metaFromFileName(file: string): VideoMeta {
  const stem = withoutLanguageTag(captionStem(file));
  const m = BRACKET_ID.exec(stem);
  if (m) {
    const title = stem.slice(0, m.index).trim() || m[1]!;
    return { id: m[1]!, title, url: youtubeUrl(m[1]!) };
  }
  return { id: stem, title: stem };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Metadata from a parsed yt-dlp info object; only the fields present are returned.
 * `upload_date` `YYYYMMDD` becomes `YYYY-MM-DD`; chapters get an end (next start / duration) if missing.
 */
export function metaFromInfoJson(info: unknown): Partial<VideoMeta> {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return {};
  const o = info as Record<string, unknown>;
  const meta: Partial<VideoMeta> = {};
  const id = str(o.id);
  if (id) meta.id = id;
  const title = str(o.title) ?? str(o.fulltitle);
  if (title) meta.title = title;
  const channel = str(o.channel) ?? str(o.uploader);
  if (channel) meta.channel = channel;
  const date = str(o.upload_date);
  if (date && /^\d{8}$/.test(date)) meta.uploadDate = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  const duration = num(o.duration);
  if (duration !== undefined) meta.duration = duration;
  const url = str(o.webpage_url);
  if (url && /^https?:\/\//i.test(url)) meta.url = url;
  else if (id && /youtube/i.test(String(o.extractor ?? o.extractor_key ?? ''))) meta.url = youtubeUrl(id);
  const tags = Array.isArray(o.tags) ? o.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
  if (tags.length) meta.keywords = tags.map((t) => t.trim());
  const chapters = readChapters(o.chapters, duration);
  if (chapters.length) meta.chapters = chapters;
  return meta;
}

function readChapters(value: unknown, duration: number | undefined): Chapter[] {
  if (!Array.isArray(value)) return [];
  const raw = value
    .map((c) => (typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {}))
    .map((c) => ({ title: str(c.title) ?? '', start: num(c.start_time), end: num(c.end_time) }))
    .filter((c): c is { title: string; start: number; end: number | undefined } => c.start !== undefined)
    .sort((a, b) => a.start - b.start);
  return raw.map((c, i) => {
    const next = raw[i + 1]?.start ?? duration ?? c.start;
    return { title: c.title || `Chapter ${i + 1}`, start: c.start, end: Math.max(c.start, c.end ?? next) };
  });
}

/** A sidecar that was found and read. */
export interface Sidecar {
  /** Path of the `.info.json`. */
  path: string;
  meta: Partial<VideoMeta>;
  warnings: ParseWarning[];
}

/**
 * Finds and reads the `.info.json` of a caption file. Returns undefined when there is none;
 * an unreadable or malformed sidecar gives a warning (and no metadata), never an exception. With `root`
 * (the transcripts folder), a sidecar whose real path is outside it (a symlink out) is refused with a warning.
 */
export async function readSidecar(file: string, root?: string): Promise<Sidecar | undefined> {
  for (const path of sidecarCandidates(file)) {
    let size: number;
    let real = path;
    try {
      if (root !== undefined) {
        const place = realPathInsideSync(path, root);
        if (!place.inside) {
          return { path, meta: {}, warnings: [{ message: `sidecar ${basename(path)} refused: it is a link to a file outside the transcripts folder` }] };
        }
        real = place.real;
      }
      const info = statSync(real);
      if (!info.isFile()) continue;
      size = info.size;
    } catch {
      continue;
    }
    if (size > MAX_SIDECAR_BYTES) {
      return { path, meta: {}, warnings: [{ message: `sidecar ${basename(path)} is larger than ${MAX_SIDECAR_BYTES} bytes; ignored` }] };
    }
    try {
      const parsed = parseJsonText(readFileSync(real, 'utf8'));
      if (!parsed.ok) {
        const w = parsed.warning;
        return { path, meta: {}, warnings: [{ message: `sidecar ${basename(path)} ignored: ${w.message}${w.line ? ` (line ${w.line})` : ''}` }] };
      }
      return { path, meta: metaFromInfoJson(parsed.value), warnings: [] };
    } catch (error) {
      return { path, meta: {}, warnings: [{ message: `sidecar ${basename(path)} unreadable: ${(error as Error).message}` }] };
    }
  }
  return undefined;
}
