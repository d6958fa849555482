/**
 * Which videos a transcripts folder already has, by id: the ones `quotebot add` recorded, plus any file
 * named the yt-dlp way (`Title [ID].en.vtt`, `Title [ID].info.json`) put there by hand.
 *
 * @example
 * const ids = await presentIds('/srv/transcripts', record); ids.has('abc123def45')
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourcesFile } from './store.ts';

/** `[ID]` right before the language tag and extension (or `.info.json`) of a file name. */
const ID_IN_NAME = /\[([^\][/\\]+)\](?:\.[A-Za-z0-9_-]+)?\.(?:vtt|srt|json3|json|txt)$/i;

/** The id in a yt-dlp style file name, if any. */
export function idInFileName(name: string): string | undefined {
  return ID_IN_NAME.exec(name)?.[1];
}

/** Every file under `dir` (relative paths), skipping dot folders and node_modules as the loader does. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && rel) return; // removed while listing
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(folder, entry.name), relPath);
      else if (entry.isFile()) out.push(relPath);
    }
  };
  await walk(dir, '');
  return out;
}

/** Ids of the videos already in the folder (recorded or named `[ID]`). An absent folder has none. */
export async function presentIds(dir: string, record: SourcesFile): Promise<Set<string>> {
  const ids = new Set(Object.keys(record.videos));
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ids;
    throw error;
  }
  for (const file of files) {
    const id = idInFileName(file.split('/').pop()!);
    if (id) ids.add(id);
  }
  return ids;
}
