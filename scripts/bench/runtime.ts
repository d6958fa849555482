/**
 * How the benchmarks' child processes run quotebot: `compiled` (the default), as users run it since
 * `npm install` builds dist/ (plain node on `dist/scripts/bench/<child>.js`, which imports dist/src/, source
 * maps on as the bin turns them on), or `tsx` (the TypeScript sources through tsx's loader, as before the
 * build existed: for comparing the two).
 *
 * @example
 * const runtime = prepareRuntime('compiled');                 // builds dist/ from the current sources
 * execFileSync(process.execPath, ['--expose-gc', ...childArgs('scripts/bench/bot-child.ts', runtime), dir]);
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildInfo } from '../../src/compiled.ts';

export type Runtime = 'compiled' | 'tsx';

/** The project root (the benchmarks run from it). */
const ROOT = join(import.meta.dirname, '..', '..');

/** Builds dist/ (scripts/build.mjs) when `runtime` is `compiled`, so the children run the sources as they are now. Returns `runtime`. */
export function prepareRuntime(runtime: Runtime): Runtime {
  if (runtime === 'compiled') execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return runtime;
}

/** The node arguments that run the bench script `script` (its TypeScript path, e.g. `scripts/bench/bot-child.ts`) under `runtime`. */
export function childArgs(script: string, runtime: Runtime): string[] {
  if (runtime === 'tsx') return ['--import', 'tsx', script];
  return ['--enable-source-maps', join(ROOT, 'dist', `${script.slice(0, -3)}.js`)];
}

/** The index cache's source hash the children use: the build's for `compiled` (dist/build-info.json), else `sourceHash` of the sources. */
export function childSourceHash(runtime: Runtime, sourceHash: () => string): string {
  if (runtime === 'tsx') return sourceHash();
  return (JSON.parse(readFileSync(join(ROOT, 'dist/build-info.json'), 'utf8')) as BuildInfo).sourceHash;
}
