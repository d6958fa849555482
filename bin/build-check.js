/**
 * Whether dist/ (the compiled build, scripts/build.mjs) was built from the sources as they are now. The
 * build records the size and modification time of every file it depends on when it starts
 * (`dist/build-info.json`, written last); the build is fresh when exactly those files exist with the same
 * size and time (and content, for a file modified just before the build: {@link RACY_MS}). Any edit,
 * added, removed or checked-out file makes it stale: bin/quotebot.js then runs the TypeScript sources through tsx, so an edited src/ never runs old code. Cost: one stat per file
 * (about 230), and reads only of the record and of the files it holds as racy (none after a build made
 * 2 s or more after the last edit).
 *
 * Plain JavaScript (no build step before it): the bin and the build script use it.
 *
 * @example
 * buildState('/path/to/quotebot') // { state: 'fresh' } | { state: 'missing' } | { state: 'stale', file: 'src/cli.ts' }
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A file modified this close (ms) before its stamp was taken is "racy" (as git calls it): on a file system
 * that keeps times to the second, an edit later in the same second keeps the time, and the same size when
 * a digit changes. Such files are recorded with a hash of their content too, and compared by it.
 */
const RACY_MS = 2000;

const contentHash = (path) => createHash('sha1').update(readFileSync(path)).digest('hex');

/** The build's own files (relative to the project): a change to them changes what it makes. */
const BUILD_FILES = ['scripts/build.mjs'];

/**
 * The folder of the code the bin runs (every `.ts` file under it, subfolders included). The build also
 * compiles scripts/bench/ for the benchmarks, which build before they measure: not part of this check.
 */
const SOURCE_FOLDER = 'src';

/** Where the build writes its record, relative to the project. */
export const BUILD_INFO = 'dist/build-info.json';

/** Every `.ts` file under `root/folder`, relative to `root` with `/`, sorted (none when the folder is missing). */
export function tsFiles(root, folder) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT' && rel === folder) return;
      throw error;
    }
    for (const entry of entries) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(folder);
  return out.sort();
}

/**
 * The files the bin's code depends on (see {@link SOURCE_FOLDER}, {@link BUILD_FILES}) with `[size, mtimeMs]`
 * each, as recorded in the build info; a file modified within {@link RACY_MS} before `now` gets its content
 * hash as a third element.
 */
export function sourceStamps(root, now = Date.now()) {
  const stamps = {};
  for (const file of [...tsFiles(root, SOURCE_FOLDER), ...BUILD_FILES]) {
    const s = statSync(join(root, file));
    stamps[file] = s.mtimeMs >= now - RACY_MS ? [s.size, s.mtimeMs, contentHash(join(root, file))] : [s.size, s.mtimeMs];
  }
  return stamps;
}

/**
 * The state of the compiled build under `root`: `fresh` (every recorded file unchanged, none added),
 * `missing` (no finished build), or `stale` with the first `file` that differs (the record itself when it
 * cannot be read).
 */
export function buildState(root) {
  let text;
  try {
    text = readFileSync(join(root, BUILD_INFO), 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  let recorded;
  try {
    recorded = JSON.parse(text).sources;
  } catch {
    recorded = undefined; // reported below: a record that does not parse is stale
  }
  if (!recorded || typeof recorded !== 'object') return { state: 'stale', file: BUILD_INFO };
  // Stamps without hashes (as if taken at the end of time: no file was modified just before); a file the
  // record holds as racy is compared by content.
  const now = sourceStamps(root, Infinity);
  const names = Object.keys(now);
  for (const file of names) {
    const was = recorded[file];
    if (!was || was[0] !== now[file][0] || was[1] !== now[file][1]) return { state: 'stale', file };
    if (was[2] !== undefined && was[2] !== contentHash(join(root, file))) return { state: 'stale', file };
  }
  const removed = Object.keys(recorded).find((file) => !(file in now));
  return removed ? { state: 'stale', file: removed } : { state: 'fresh' };
}
