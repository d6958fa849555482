/**
 * Writing one video's captions and `.info.json` into the transcripts folder: yt-dlp writes them into a
 * temporary folder inside `.quotebot/incoming/` (same file system, ignored by the loader and watcher),
 * then they are moved into the channel's folder, the `.info.json` first so the hot reload pairs the
 * captions with their metadata. Nothing half-written ever appears in the transcripts folder.
 *
 * @example
 * const files = await writeVideo({ ytdlp, transcriptsDir, info, choice }); // ['Channel/Talk [id].info.json', 'Channel/Talk [id].en.vtt']
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptionChoice } from './captions.ts';
import { STATE_FOLDER } from './store.ts';
import { lastWarningLine } from './reasons.ts';
import { runYtDlp, type YtDlp } from './ytdlp.ts';

/** Where downloads are staged, relative to the transcripts folder. */
export const INCOMING_FOLDER = `${STATE_FOLDER}/incoming`;

/** yt-dlp's output template: `Title [ID].<lang>.<ext>` and `Title [ID].info.json` (title cut at 150 bytes). */
export const OUTPUT_TEMPLATE = '%(title).150B [%(id)s].%(ext)s';

/** A folder name from a channel name: no path separators, control or reserved characters, no leading dot. */
export function folderName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s_]+/, '')
    .replace(/[._\s]+$/, '');
  const cut = Buffer.from(cleaned).length > 100 ? Buffer.from(cleaned).subarray(0, 100).toString('utf8').replace(/\uFFFD+$/, '') : cleaned;
  return cut || 'videos';
}

/** The channel folder for a video's info: channel, else uploader, else the site's domain. */
export function channelFolder(info: Record<string, unknown>): string {
  for (const key of ['channel', 'uploader', 'playlist_uploader', 'webpage_url_domain', 'extractor']) {
    const v = info[key];
    if (typeof v === 'string' && v.trim()) return folderName(v);
  }
  return 'videos';
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Removes leftovers of an interrupted run (call while holding the ingest lock). */
export async function clearIncoming(transcriptsDir: string): Promise<void> {
  await rm(join(transcriptsDir, INCOMING_FOLDER), { recursive: true, force: true });
}

/** What {@link writeVideo} needs. */
export interface WriteVideoOptions {
  ytdlp: YtDlp;
  transcriptsDir: string;
  /** The video's full yt-dlp info (from a listing or `videoInfo`). */
  info: Record<string, unknown>;
  /** The caption track to write. */
  choice: CaptionChoice;
}

/** Has yt-dlp write the chosen captions and the info file, then moves them in; returns their paths relative to the folder. */
export async function writeVideo({ ytdlp, transcriptsDir, info, choice }: WriteVideoOptions): Promise<string[]> {
  const staging = join(transcriptsDir, INCOMING_FOLDER, randomBytes(6).toString('hex'));
  const out = join(staging, 'out');
  await mkdir(out, { recursive: true });
  try {
    const input = join(staging, 'input.info.json');
    await writeFile(input, JSON.stringify(info), 'utf8');
    const { stderr } = await runYtDlp(ytdlp, [
      '--load-info-json', input,
      '--skip-download',
      '--no-progress',
      choice.kind === 'uploader' ? '--write-subs' : '--write-auto-subs',
      '--sub-langs', escapeRegex(choice.lang),
      '--sub-format', choice.ext,
      '--write-info-json',
      '--paths', out,
      '--output', OUTPUT_TEMPLATE,
    ]);
    const names = await readdir(out);
    const infoFile = names.find((n) => n.endsWith('.info.json'));
    const caption = names.find((n) => n.toLowerCase().endsWith(`.${choice.lang.toLowerCase()}.${choice.ext}`));
    if (!caption) {
      const warning = lastWarningLine(stderr);
      throw new Error(`yt-dlp wrote no ${choice.lang} captions${warning ? ` (${warning})` : ''}`);
    }
    const folder = channelFolder(info);
    const dest = join(transcriptsDir, folder);
    await mkdir(dest, { recursive: true });
    const moved: string[] = [];
    for (const name of [infoFile, caption]) {
      if (!name) continue;
      await rename(join(out, name), join(dest, name));
      moved.push(`${folder}/${name}`);
    }
    return moved;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
