/**
 * Which caption track to write for a video, from its yt-dlp info: the uploader's own captions in a wanted
 * language first, then the site's automatic captions in that language (never a machine translation of
 * another language's auto-captions, which would not be the speaker's words). Only real caption tracks:
 * `live_chat` and other non-caption "subtitles" are never chosen, and only formats quotebot reads
 * (WebVTT, SRT, YouTube json3).
 *
 * @example
 * chooseCaptions({ subtitles: { en: [{ ext: 'vtt' }] }, automatic_captions: {} }, ['en'])
 * // { ok: true, choice: { lang: 'en', kind: 'uploader', ext: 'vtt' } }
 */

/** The track chosen for a video; recorded in the sources file so the choice can be audited. */
export interface CaptionChoice {
  /** The track's language key as yt-dlp names it (`en`, `en-US`, `en-orig`). */
  lang: string;
  /** `uploader`: captions the uploader provided; `auto`: the site's speech recognition. */
  kind: 'uploader' | 'auto';
  /** File format written (`vtt`, `srt` or `json3`). */
  ext: string;
}

/** Formats quotebot parses, most preferred first. */
export const READABLE_FORMATS = ['vtt', 'srt', 'json3'] as const;

/** Track names yt-dlp lists among subtitles that are not captions. */
const NOT_CAPTIONS = new Set(['live_chat', 'rechat', 'danmaku', 'comments']);

type Tracks = Record<string, Array<{ ext?: unknown }>>;

function tracks(value: unknown): Tracks {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Tracks = {};
  for (const [lang, list] of Object.entries(value as Record<string, unknown>)) {
    if (NOT_CAPTIONS.has(lang.toLowerCase()) || !Array.isArray(list)) continue;
    out[lang] = list.filter((t): t is { ext?: unknown } => typeof t === 'object' && t !== null);
  }
  return out;
}

function readableExt(list: Array<{ ext?: unknown }>): string | undefined {
  const exts = new Set(list.map((t) => String(t.ext ?? '').toLowerCase()));
  return READABLE_FORMATS.find((f) => exts.has(f));
}

/** The outcome of {@link chooseCaptions}: a track, or why there is none (said to the user as is). */
export type CaptionOutcome = { ok: true; choice: CaptionChoice } | { ok: false; reason: string };

/**
 * Picks one track for the first wanted language that has one. `langs` are language codes in order of
 * preference (`['en']`); a code also matches its regional variants (`en` matches `en-US`, `en-GB`).
 */
export function chooseCaptions(info: { subtitles?: unknown; automatic_captions?: unknown }, langs: readonly string[]): CaptionOutcome {
  const uploader = tracks(info.subtitles);
  const auto = tracks(info.automatic_captions);
  const matches = (key: string, lang: string) => key.toLowerCase() === lang.toLowerCase() || key.toLowerCase().startsWith(`${lang.toLowerCase()}-`);
  let unreadable: string | undefined;
  for (const lang of langs) {
    // The uploader's own captions: the exact code first, then a regional variant.
    const own = Object.keys(uploader)
      .filter((k) => matches(k, lang) && !k.toLowerCase().endsWith('-orig'))
      .sort((a, b) => Number(b.toLowerCase() === lang.toLowerCase()) - Number(a.toLowerCase() === lang.toLowerCase()) || a.localeCompare(b));
    for (const key of own) {
      const ext = readableExt(uploader[key]!);
      if (ext) return { ok: true, choice: { lang: key, kind: 'uploader', ext } };
      unreadable ??= `${key} (${uploader[key]!.map((t) => String(t.ext)).join(', ')})`;
    }
    // Automatic captions: the original-language track (`en-orig`) if listed, else `en` unless the
    // video's original language is another one (then `en` is a machine translation).
    const autoKeys = Object.keys(auto);
    const originals = autoKeys.filter((k) => k.toLowerCase().endsWith('-orig'));
    const candidates = [`${lang}-orig`, lang].filter((k) => autoKeys.some((a) => a.toLowerCase() === k.toLowerCase()));
    for (const wanted of candidates) {
      const key = autoKeys.find((a) => a.toLowerCase() === wanted.toLowerCase())!;
      if (!key.toLowerCase().endsWith('-orig') && originals.length && !originals.some((o) => matches(o.replace(/-orig$/i, ''), lang))) continue;
      const ext = readableExt(auto[key]!);
      if (ext) return { ok: true, choice: { lang: key, kind: 'auto', ext } };
      unreadable ??= `${key} (${auto[key]!.map((t) => String(t.ext)).join(', ')})`;
    }
  }
  if (unreadable) return { ok: false, reason: `captions only in formats quotebot cannot read: ${unreadable}` };
  const has = [...new Set([...Object.keys(uploader), ...Object.keys(auto).filter((k) => k.toLowerCase().endsWith('-orig')).map((k) => `${k.replace(/-orig$/i, '')} (auto)`)])];
  const wanted = langs.join('/');
  return { ok: false, reason: has.length ? `no ${wanted} captions (has: ${has.slice(0, 6).join(', ')}${has.length > 6 ? ', ...' : ''})` : 'no captions' };
}
