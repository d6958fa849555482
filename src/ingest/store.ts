/**
 * The ingest record, `TRANSCRIPTS_DIR/.quotebot/sources.json`: the followed sources (channels,
 * playlists) and every video `quotebot add` wrote, with its files and the caption track chosen. It sits
 * in a dot folder, so the transcript loader and the folder watcher never read it as a transcript.
 *
 * Format (version 1; written atomically, pretty-printed, safe to edit by hand while nothing is adding):
 *
 * ```json
 * {
 *   "version": 1,
 *   "sources": [
 *     { "url": "https://www.youtube.com/@channel", "id": "UC...", "title": "Channel",
 *       "followedAt": "2026-12-06T04:00:00.000Z", "lastUpdate": "2026-12-06T10:00:00.000Z",
 *       "lastResult": { "added": 2, "present": 40, "withoutCaptions": 1, "failed": 0 } }
 *   ],
 *   "videos": {
 *     "abc123def45": { "title": "Talk", "url": "https://www.youtube.com/watch?v=abc123def45",
 *       "folder": "Channel", "files": ["Channel/Talk [abc123def45].info.json", "Channel/Talk [abc123def45].en.vtt"],
 *       "captions": { "lang": "en", "kind": "uploader", "ext": "vtt" },
 *       "source": "https://www.youtube.com/@channel", "addedAt": "2026-12-06T04:00:00.000Z" }
 *   }
 * }
 * ```
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptionChoice } from './captions.ts';

/** The dot folder quotebot keeps its ingest state and temporary downloads in (inside the transcripts folder). */
export const STATE_FOLDER = '.quotebot';
/** The record's file name inside {@link STATE_FOLDER}. */
export const SOURCES_FILE = 'sources.json';

/** Counts of one add/update run. */
export interface RunCounts {
  added: number;
  present: number;
  withoutCaptions: number;
  failed: number;
}

/** A followed channel or playlist. */
export interface FollowedSource {
  /** The URL as given to `add --follow` (normalised by the URL parser). */
  url: string;
  /** yt-dlp's id for it (channel or playlist id), when known. */
  id?: string;
  /** Its title, when known. */
  title?: string;
  /** ISO time it was followed. */
  followedAt: string;
  /** ISO time of the last add/update that listed it. */
  lastUpdate?: string;
  /** What that run did. */
  lastResult?: RunCounts;
}

/** A video `quotebot add` wrote. */
export interface AddedVideo {
  title: string;
  /** The video's page. */
  url?: string;
  /** Its folder, relative to the transcripts folder (one per channel). */
  folder: string;
  /** Files written, relative to the transcripts folder. */
  files: string[];
  /** The caption track chosen (uploader's own or automatic). */
  captions: CaptionChoice;
  /** The followed source it came from, if any. */
  source?: string;
  /** ISO time it was added. */
  addedAt: string;
}

/** The whole record. */
export interface SourcesFile {
  version: 1;
  sources: FollowedSource[];
  videos: Record<string, AddedVideo>;
}

/** The record's path for a transcripts folder. */
export function sourcesPath(transcriptsDir: string): string {
  return join(transcriptsDir, STATE_FOLDER, SOURCES_FILE);
}

/** The sources file could not be read (bad JSON, wrong shape): the message names the file. */
export class SourcesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourcesFileError';
  }
}

/** Reads the record; an absent file is an empty record, a malformed one a {@link SourcesFileError} (never overwritten). */
export async function readSources(transcriptsDir: string): Promise<SourcesFile> {
  const path = sourcesPath(transcriptsDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sources: [], videos: {} };
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SourcesFileError(`${path} is not valid JSON (${(error as Error).message}); fix or delete it.`);
  }
  const o = data as Partial<SourcesFile>;
  if (typeof o !== 'object' || o === null || o.version !== 1 || !Array.isArray(o.sources) || typeof o.videos !== 'object' || o.videos === null || Array.isArray(o.videos)) {
    throw new SourcesFileError(`${path} is not a quotebot sources file (expected {"version":1,"sources":[],"videos":{}}); fix or delete it.`);
  }
  for (const s of o.sources) {
    if (typeof s !== 'object' || s === null || typeof s.url !== 'string') throw new SourcesFileError(`${path}: every source needs a "url".`);
  }
  return { version: 1, sources: o.sources, videos: o.videos };
}

/** Writes the record atomically (a temporary file renamed over it). */
export async function writeSources(transcriptsDir: string, data: SourcesFile): Promise<void> {
  const path = sourcesPath(transcriptsDir);
  await mkdir(join(transcriptsDir, STATE_FOLDER), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
}
