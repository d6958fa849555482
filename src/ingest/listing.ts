/**
 * Listing what a URL holds, with `yt-dlp --flat-playlist --dump-single-json`: a single video (its full
 * info), or a playlist / channel (its entries, one line each, without fetching every video). A channel's
 * tabs (Videos, Shorts, Live) are listed in turn, so a channel URL yields its videos.
 *
 * @example
 * const listing = await listUrl(ytdlp, 'https://www.youtube.com/@channel');
 * listing.entries.length // videos found; listing.kind === 'playlist'
 */
import { runYtDlp, type YtDlp } from './ytdlp.ts';

/** One video found by a listing. */
export interface ListedVideo {
  /** The site's video id. */
  id: string;
  /** Title, when the listing carries one (flat listings usually do). */
  title?: string;
  /** The URL to fetch it from. */
  url: string;
  /** The full yt-dlp info when the listing already extracted it (single videos, generic pages). */
  info?: Record<string, unknown>;
}

/** What a URL holds. */
export interface Listing {
  kind: 'video' | 'playlist';
  /** yt-dlp's id of the video, playlist or channel. */
  id?: string;
  title?: string;
  entries: ListedVideo[];
}

type Info = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** How deep nested playlists (channel -> tab -> videos) are followed. */
const MAX_DEPTH = 2;

function isNestedList(entry: Info): boolean {
  if (entry._type === 'playlist') return true;
  return entry._type === 'url' && /tab|playlist|channel/i.test(String(entry.ie_key ?? ''));
}

function videoUrl(entry: Info): string | undefined {
  const url = str(entry.webpage_url) ?? str(entry.url) ?? str(entry.original_url);
  if (url && /^https?:\/\//i.test(url)) return url;
  const id = str(entry.id);
  if (id && /^youtube$/i.test(String(entry.ie_key ?? entry.extractor_key ?? ''))) return `https://www.youtube.com/watch?v=${id}`;
  return undefined;
}

async function dump(ytdlp: YtDlp, url: string): Promise<Info> {
  const { stdout } = await runYtDlp(ytdlp, ['--flat-playlist', '--dump-single-json', '--no-progress', '--', url]);
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`yt-dlp listed nothing for ${url}`);
  return parsed as Info;
}

async function collect(ytdlp: YtDlp, info: Info, depth: number, out: ListedVideo[]): Promise<void> {
  const entries = Array.isArray(info.entries) ? (info.entries as unknown[]) : [];
  for (const raw of entries) {
    if (typeof raw !== 'object' || raw === null) continue; // yt-dlp lists unavailable entries as null
    const entry = raw as Info;
    if (isNestedList(entry)) {
      if (depth >= MAX_DEPTH) continue;
      const nested = Array.isArray(entry.entries) ? entry : await dump(ytdlp, videoUrl(entry) ?? String(entry.url));
      await collect(ytdlp, nested, depth + 1, out);
      continue;
    }
    const id = str(entry.id);
    const url = videoUrl(entry);
    if (!id || !url) continue;
    const listed: ListedVideo = { id, url };
    const title = str(entry.title);
    if (title) listed.title = title;
    if (entry._type !== 'url' && ('subtitles' in entry || 'formats' in entry)) listed.info = entry;
    out.push(listed);
  }
}

/** Lists a URL (a {@link YtDlpRunError} when yt-dlp cannot). Entries are unique by id, in listing order. */
export async function listUrl(ytdlp: YtDlp, url: string): Promise<Listing> {
  const info = await dump(ytdlp, url);
  const listing: Listing = { kind: 'video', entries: [] };
  const id = str(info.id);
  const title = str(info.title);
  if (id) listing.id = id;
  if (title) listing.title = title;
  if (info._type === 'playlist' || Array.isArray(info.entries)) {
    listing.kind = 'playlist';
    await collect(ytdlp, info, 1, listing.entries);
  } else if (id) {
    listing.entries.push({ id, url: videoUrl(info) ?? url, ...(title ? { title } : {}), info });
  }
  const seen = new Set<string>();
  listing.entries = listing.entries.filter((e) => !seen.has(e.id) && seen.add(e.id));
  return listing;
}

/** The full info of one video (`--dump-single-json --no-playlist`). */
export async function videoInfo(ytdlp: YtDlp, url: string): Promise<Info> {
  const { stdout } = await runYtDlp(ytdlp, ['--dump-single-json', '--no-playlist', '--no-progress', '--', url]);
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`yt-dlp returned no information for ${url}`);
  return parsed as Info;
}
