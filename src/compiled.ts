/**
 * Whether a module runs compiled (from dist/, built by `npm run build`, which `npm install` runs: see
 * scripts/build.mjs) or as its TypeScript source through tsx, and what differs between the two: the file of
 * a module started on its own (a worker thread, a shard process), where the sources are, and the build's
 * record (`dist/build-info.json`). Compiled modules keep the sources' layout (`src/a/b.ts` is
 * `dist/src/a/b.js`), so relative module URLs only change their extension.
 *
 * @example
 * const url = siblingModule('./build-worker.ts', import.meta.url); // …/src/reload/build-worker.ts, or …/dist/src/reload/build-worker.js compiled
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when the module at `moduleUrl` (its `import.meta.url`) is compiled JavaScript, false for TypeScript source. */
export function isCompiled(moduleUrl: string): boolean {
  return moduleUrl.endsWith('.js');
}

/**
 * The URL of the module `path` (relative, written as the TypeScript source: `./x.ts`) beside the module at
 * `base` (its `import.meta.url`): the compiled `./x.js` when `base` is compiled.
 *
 * @example
 * new Worker(workerSource(siblingModule('./draw-worker.ts', import.meta.url).href), { eval: true })
 */
export function siblingModule(path: string, base: string): URL {
  return new URL(isCompiled(base) && path.endsWith('.ts') ? `${path.slice(0, -3)}.js` : path, base);
}

/** This module compiled: everything else is too (the build compiles src/ as a whole). */
const COMPILED = isCompiled(import.meta.url);

/** The project's src/ folder (absolute, ending with the separator): the TypeScript sources, also when running compiled. */
export const SOURCE_ROOT = fileURLToPath(new URL(COMPILED ? '../../src/' : './', import.meta.url));

/** What the build records beside the compiled code (`dist/build-info.json`, written last: only a finished build has one). */
export interface BuildInfo {
  /** `sourceHash()` of the sources compiled (src/search/persist/cache.ts): the index cache key's code version. */
  sourceHash: string;
  /** Every file the build depends on, relative to the project with `/`: `[size, mtimeMs]` when the build started, plus its content hash for a file modified just before (bin/build-check.js compares them). */
  sources: Record<string, [number, number] | [number, number, string]>;
}

let info: BuildInfo | undefined;
/** The build's record, when this code runs compiled (read once); undefined for the TypeScript sources. Throws when a compiled build has none (an unfinished build). */
export function buildInfo(): BuildInfo | undefined {
  if (!COMPILED) return undefined;
  return (info ??= JSON.parse(readFileSync(new URL('../build-info.json', import.meta.url), 'utf8')) as BuildInfo);
}
