#!/usr/bin/env node
/**
 * `npm run build`, also run by `npm install` and `npm ci` (the `prepare` script): compiles the TypeScript
 * of src/ (and scripts/bench/, for the benchmarks) to JavaScript in dist/ (`src/a/b.ts` -> `dist/src/a/b.js`),
 * which bin/quotebot.js runs with plain node while it is up to date with the sources (bin/build-check.js).
 *
 * Each file is transpiled on its own (TypeScript's `transpileModule`: types removed, relative `.ts` import
 * paths rewritten to `.js`, a source map beside each), the same per-file transform tsx applies at run time, in a few seconds; types are
 * checked by `npm run typecheck`, not here (a type error must not fail `npm install`). Syntax errors fail the
 * build. Written to a temporary folder, then swapped in for dist/, with `dist/build-info.json` (the source
 * files' sizes and times when the build started, and the index cache's source hash).
 *
 * Without TypeScript (installed without dev dependencies) it says so and exits 0: quotebot then runs its
 * sources through tsx.
 *
 * node scripts/build.mjs [--quiet]
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_INFO, sourceStamps, tsFiles } from '../bin/build-check.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
/** Compiled: the bot and CLI (src/), and the benchmarks' child processes with what they import (scripts/bench/). */
const FOLDERS = ['src', 'scripts/bench'];

const started = performance.now();
let ts;
try {
  ts = (await import('typescript')).default;
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  console.error('quotebot build: TypeScript is not installed (a dev dependency), so nothing is compiled; quotebot runs its sources through tsx.');
  process.exit(0);
}

// Taken before any source is read: a file saved while the build runs then no longer matches the record.
const sources = sourceStamps(root);
const options = {
  target: ts.ScriptTarget.ES2022, // as tsconfig.json
  module: ts.ModuleKind.ESNext,
  rewriteRelativeImportExtensions: true,
  // dist/src/a/b.js.map: the bin turns source maps on, so a logged stack names the .ts file and line.
  sourceMap: true,
};
const out = join(root, `dist.tmp-${process.pid}`);
rmSync(out, { recursive: true, force: true });
const errors = [];
let count = 0;
for (const file of FOLDERS.flatMap((folder) => tsFiles(root, folder))) {
  if (file.endsWith('.d.ts')) continue;
  const result = ts.transpileModule(readFileSync(join(root, file), 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
  for (const d of result.diagnostics ?? []) {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    errors.push(`${file}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  const dest = join(out, `${file.slice(0, -3)}.js`);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, result.outputText);
  // The map names the source relative to itself: dist/src/a/b.js.map -> ../../../src/a/b.ts.
  const map = JSON.parse(result.sourceMapText);
  map.sources = [relative(dirname(dest), join(root, file)).split(sep).join('/')];
  writeFileSync(`${dest}.map`, JSON.stringify(map));
  count++;
}
if (errors.length) {
  rmSync(out, { recursive: true, force: true });
  console.error(`quotebot build failed (dist/ left as it was):\n${errors.join('\n')}`);
  process.exit(1);
}
// The index cache's code version, computed by the compiled code itself from the sources it was compiled from.
const { hashSources } = await import(pathToFileURL(join(out, 'src/search/persist/cache.js')).href);
writeFileSync(join(out, BUILD_INFO.replace(/^dist\//, '')), `${JSON.stringify({ sourceHash: hashSources(join(root, 'src')), sources })}\n`);
// Swapped by two renames, so dist/ is missing only between them; the old build is deleted after. A bot
// running compiled keeps the modules it loaded: restart it to run the new build (README, "Running it").
const old = join(root, `dist.old-${process.pid}`);
rmSync(old, { recursive: true, force: true });
try {
  renameSync(join(root, 'dist'), old);
} catch (error) {
  if (error?.code !== 'ENOENT') throw error; // no earlier build
}
try {
  renameSync(out, join(root, 'dist'));
} catch (error) {
  // Keep the compiled build there was (the bin checks it against the sources as before).
  try {
    renameSync(old, join(root, 'dist'));
  } catch (restore) {
    if (restore?.code !== 'ENOENT') console.error(`quotebot build: the previous build could not be put back: ${restore.message}`);
  }
  throw error;
}
rmSync(old, { recursive: true, force: true });
if (!quiet) console.error(`quotebot build: ${count} files compiled to dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
