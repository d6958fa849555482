/**
 * `quotebot remove <id|url>`: a followed source (by its URL or yt-dlp id) stops being followed and the
 * videos it brought in are deleted; a video (by id, URL or YouTube link) has its files deleted, whether
 * `quotebot add` wrote them or they were dropped in by hand with a yt-dlp style `[ID]` name.
 *
 * @example
 * await removeTarget(dir, 'abc123def45') // { kind: 'video', label: 'Talk', files: ['Channel/Talk [abc123def45].en.vtt', ...] }
 */
import { rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { withIngestLock } from './lock.ts';
import { idInFileName, listFiles } from './present.ts';
import { readSources, writeSources } from './store.ts';
import { youtubeIdOf } from './targets.ts';

/** What {@link removeTarget} removed. */
export interface Removal {
  kind: 'source' | 'video';
  /** Title (or URL / id) of what was removed. */
  label: string;
  /** Files deleted, relative to the transcripts folder. */
  files: string[];
  /** Videos deleted (for a source: the ones it brought in). */
  videos: number;
}

/** Nothing matched the id or URL. */
export class NothingToRemoveError extends Error {
  constructor(target: string) {
    super(`nothing matches "${target}": give a video id or URL, or a followed source's URL or id (quotebot sources lists them).`);
    this.name = 'NothingToRemoveError';
  }
}

async function deleteFiles(dir: string, files: string[]): Promise<void> {
  for (const file of files) await rm(join(dir, file), { force: true });
  // Drop channel folders left empty (never the transcripts folder itself).
  for (const folder of new Set(files.map((f) => dirname(f)).filter((f) => f !== '.'))) {
    await rmdir(join(dir, folder)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'ENOENT' && error.code !== 'EEXIST') throw error;
    });
  }
}

/** Removes a followed source or a video and its files. Throws {@link NothingToRemoveError} when nothing matches. */
export async function removeTarget(transcriptsDir: string, target: string): Promise<Removal> {
  const dir = resolve(transcriptsDir);
  const wanted = target.trim();
  return withIngestLock(dir, async () => {
    const record = await readSources(dir);
    const sourceIndex = record.sources.findIndex((s) => s.url === wanted || s.id === wanted || (s.url.replace(/\/+$/, '') === wanted.replace(/\/+$/, '')));
    if (sourceIndex >= 0) {
      const source = record.sources[sourceIndex]!;
      const ids = Object.keys(record.videos).filter((id) => record.videos[id]!.source === source.url);
      const files = ids.flatMap((id) => record.videos[id]!.files);
      await deleteFiles(dir, files);
      for (const id of ids) delete record.videos[id];
      record.sources.splice(sourceIndex, 1);
      await writeSources(dir, record);
      return { kind: 'source', label: source.title ?? source.url, files, videos: ids.length };
    }
    const id = Object.keys(record.videos).find((v) => v === wanted || record.videos[v]!.url === wanted) ?? youtubeIdOf(wanted) ?? wanted;
    const recorded = record.videos[id];
    const named = (await listFiles(dir)).filter((f) => idInFileName(f.split('/').pop()!) === id);
    const files = [...new Set([...(recorded?.files ?? []), ...named])];
    if (!recorded && !named.length) throw new NothingToRemoveError(wanted);
    await deleteFiles(dir, files);
    if (recorded) {
      delete record.videos[id];
      await writeSources(dir, record);
    }
    return { kind: 'video', label: recorded?.title ?? id, files, videos: 1 };
  });
}
