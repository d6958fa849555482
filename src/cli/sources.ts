/**
 * `quotebot sources` (the followed sources with their last update and counts) and `quotebot remove
 * <id|url>` (a followed source and the videos it brought in, or one video, and their files).
 *
 * @example
 * await runSources('transcripts', process.stdout) // prints the list, returns 0
 */
import { resolve } from 'node:path';
import { removeTarget } from '../ingest/remove.ts';
import { readSources } from '../ingest/store.ts';
import { sourcesLines } from '../ingest/summary.ts';

/** Prints the followed sources. */
export async function runSources(transcriptsDir: string, out: NodeJS.WritableStream): Promise<number> {
  out.write(`${sourcesLines(await readSources(resolve(transcriptsDir))).join('\n')}\n`);
  return 0;
}

/** Removes a source or a video and prints what was deleted. */
export async function runRemove(transcriptsDir: string, target: string, out: NodeJS.WritableStream): Promise<number> {
  const removed = await removeTarget(transcriptsDir, target);
  const what = removed.kind === 'source' ? `Stopped following ${removed.label} and removed its ${removed.videos} video${removed.videos === 1 ? '' : 's'}` : `Removed ${removed.label}`;
  out.write(`${what} (${removed.files.length} file${removed.files.length === 1 ? '' : 's'}).\n${removed.files.map((f) => `  ${f}`).join('\n')}${removed.files.length ? '\n' : ''}`);
  return 0;
}
