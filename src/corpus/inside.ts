/**
 * Whether a path really lies inside the transcripts folder: its real path (every symlink resolved) must be
 * the folder's real path or below it. A link inside the folder to another file inside it is fine; a link
 * to `/etc/passwd`, to the bot's `.env`, or through a linked folder to anywhere else is not, so nothing
 * outside the folder can be indexed and quoted.
 *
 * @example
 * const where = realPathInsideSync('/srv/transcripts/talk.vtt', '/srv/transcripts');
 * if (!where.inside) throw new Error('refused: outside the transcripts folder');
 * await readFile(where.real);
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

/** Where a path really is, relative to a folder. */
export interface RealPlace {
  /** True when the path's real path is the folder's real path or lies below it. */
  inside: boolean;
  /** The resolved path (read this, not the link, so a link swapped afterwards is not followed). */
  real: string;
}

/** True when `path` is `folder` or below it (both already resolved). */
export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolves `path` and `folder` (all symlinks) and says whether the one is inside the other: two
 * `realpath(3)` calls on this thread, no thread-pool round trip (a cold start checks thousands of files, and
 * has nothing else to do meanwhile). Throws as `realpath` does (ENOENT for a dangling link, ELOOP for a link
 * loop, EACCES).
 */
export function realPathInsideSync(path: string, folder: string): RealPlace {
  const real = realpathSync.native(path);
  return { inside: isWithin(real, realpathSync.native(folder)), real };
}
