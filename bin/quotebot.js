#!/usr/bin/env node
// Entry point for `npx quotebot ...` and `npm start`. Runs the compiled JavaScript in dist/ (built by
// `npm install` / `npm ci`, or `npm run build`) when it was built from the sources as they are now, else
// the TypeScript sources through tsx (a fresh clone installed without building, or a src/ edited since the
// build: never stale code). Compiled, the process carries no TypeScript loader: it starts faster and
// holds less memory (docs/benchmarks.md, "Compiled start").
import { fileURLToPath } from 'node:url';
import { buildState } from './build-check.js';

const build = buildState(fileURLToPath(new URL('..', import.meta.url)));
let cli;
if (build.state === 'fresh') {
  // Stacks in logs and errors then name the TypeScript file and line (the build writes the maps).
  process.setSourceMapsEnabled(true);
  cli = await import('../dist/src/cli.js');
} else {
  // Only for a person at a terminal: piped output (scripts, tests) stays exactly the command's own.
  if (build.state === 'stale' && process.stderr.isTTY) process.stderr.write(`quotebot: ${build.file} changed since the last build: running the TypeScript sources (npm run build compiles them again)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
