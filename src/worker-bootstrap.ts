/**
 * Starting a worker thread on a module of this project, compiled or not. Compiled (dist/), the worker
 * imports the module's JavaScript; as TypeScript sources under tsx, where Node does not carry the main
 * thread's loader into workers, the worker's small eval script registers tsx's ESM loader first and then
 * imports the module. The module's URL comes from {@link siblingModule}, which picks `.js` when compiled.
 *
 * @example
 * const worker = new Worker(workerSource(siblingModule('./build-worker.ts', import.meta.url).href), { eval: true });
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isCompiled } from './compiled.ts';

/**
 * tsx's ESM register API as an absolute URL (an eval worker resolves bare names from the working
 * directory, which need not be the project): the `import` entry of `tsx/esm/api` in tsx's package.json.
 */
function tsxApi(): string {
  try {
    const require = createRequire(import.meta.url);
    const manifestPath = require.resolve('tsx/package.json');
    const manifest = require(manifestPath) as { exports?: Record<string, { import?: string | { default?: string } }> };
    const entry = manifest.exports?.['./esm/api']?.import;
    const file = typeof entry === 'string' ? entry : entry?.default;
    if (file) return new URL(file, pathToFileURL(manifestPath)).href;
  } catch {
    // tsx's manifest is not resolvable from here: the bare name below is tried instead, and a failure to
    // load it surfaces as the worker's own error (callers fall back to their main-thread path and log it).
  }
  return 'tsx/esm/api';
}

/**
 * The eval source of a worker that imports the module at `moduleUrl`: compiled ({@link isCompiled}), with
 * source maps on (dist/ has a map beside each file); TypeScript, after registering tsx.
 */
export function workerSource(moduleUrl: string): string {
  // Compiled: stacks map to the TypeScript lines, as on the main thread (bin/quotebot.js; a worker has its own setting).
  if (isCompiled(moduleUrl)) return `process.setSourceMapsEnabled(true); import(${JSON.stringify(moduleUrl)});`;
  return `import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); });`;
}
