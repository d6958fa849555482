/**
 * bin/quotebot.js with a compiled build, end to end, in a copy of the project (its own src/, bin/ and
 * dist/; node_modules linked): the bin runs dist/ while it is fresh and the TypeScript sources through tsx
 * once a source changed or without a build; both answer alike, share the index cache (one source hash), and
 * the compiled code starts its worker threads from compiled modules. The build itself is scripts/build.mjs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildState } from '../../bin/build-check.js';
import { siblingModule } from '../../src/compiled.ts';
import { hashSources, sourceHash } from '../../src/search/persist/cache.ts';
import { FIXTURE_DIR, ROOT } from '../core/helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'quotebot-dist-'));
const project = join(work, 'project');
/** A working directory without a .env. */
const cwd = join(work, 'cwd');
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, QUOTEBOT_DB: 'off', QUOTEBOT_CACHE_DIR: 'off' };
/** The help line of `index`, as written in src/cli.ts: a test changes it in the compiled or the source file to see which ran. */
const HELP = 'Load and index the transcripts';

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(project, 'bin/quotebot.js'), ...args], { cwd, input, encoding: 'utf8', env: { ...ENV, ...env }, timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const build = () => execFileSync(process.execPath, [join(project, 'scripts/build.mjs'), '--quiet'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** Runs `body` with dist/ moved away (the bin then runs the sources). */
function withoutBuild<T>(body: () => T): T {
  renameSync(join(project, 'dist'), join(project, 'dist.away'));
  try {
    return body();
  } finally {
    renameSync(join(project, 'dist.away'), join(project, 'dist'));
  }
}
const replaceIn = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

beforeAll(() => {
  mkdirSync(cwd, { recursive: true });
  for (const part of ['src', 'bin', 'scripts/build.mjs', 'package.json']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(project, 'node_modules'));
  build();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('bin/quotebot.js with a compiled build', () => {
  it('runs the compiled build while it is fresh', () => {
    expect(buildState(project)).toEqual({ state: 'fresh' });
    replaceIn(join(project, 'dist/src/cli.js'), HELP, 'COMPILED-MARK');
    const r = run(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('COMPILED-MARK');
  });

  it('answers search --json exactly as the TypeScript sources through tsx do', () => {
    const input = ['gpus', 'oolong tea', 'grind size extraction', 'how did the lab start?', 'milk'].map((query, id) => JSON.stringify({ id, query })).join('\n') + '\n';
    const compiled = run(['search', '--json', '--top', '5', '--transcripts', FIXTURE_DIR], input);
    const sources = withoutBuild(() => run(['search', '--json', '--top', '5', '--transcripts', FIXTURE_DIR], input));
    expect(compiled.code).toBe(0);
    expect(sources.code).toBe(0);
    const lines = compiled.stdout.trim().split('\n').map((l) => JSON.parse(l) as { results: unknown[] });
    expect(lines).toHaveLength(5);
    expect(lines.filter((l) => l.results.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(compiled.stdout).toBe(sources.stdout);
    expect(compiled.stderr).toBe(sources.stderr);
  });

  it('keys the index cache with the sources\' hash, so either restores what the other wrote', () => {
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(join(project, 'dist/src/search/persist/cache.js')).href)}); console.log(m.sourceHash());`], { encoding: 'utf8' });
    expect(printed.trim()).toBe(hashSources(join(project, 'src')));
    expect(printed.trim()).toBe(sourceHash());
    const env = { QUOTEBOT_CACHE_DIR: join(work, 'cache') };
    const first = run(['index', '--transcripts', FIXTURE_DIR], '', env);
    expect(first.stderr).toMatch(/index built and cached in /);
    const second = withoutBuild(() => run(['index', '--transcripts', FIXTURE_DIR], '', env));
    expect(second.stderr).toMatch(/index restored from the index cache /);
    expect(second.stdout).toBe(first.stdout);
  });

  it('starts its worker threads (parsing, reload builds, pictures) from the compiled modules', () => {
    const dist = pathToFileURL(join(project, 'dist/src/')).href;
    const script = `
      const dist = ${JSON.stringify(dist)};
      const { loadAndTokenize } = await import(dist + 'search/index/load-tokenize.js');
      const warnings = [];
      const loaded = await loadAndTokenize(${JSON.stringify(FIXTURE_DIR)}, { pauseSeconds: 1.5, workers: 1, minFiles: 1, mainTakes: false, onWarning: (m) => warnings.push(m) });
      const { createWorkerBuilder } = await import(dist + 'reload/build.js');
      const builder = createWorkerBuilder({ logger: { warn: (_, m) => warnings.push(m) } });
      await builder.build(loaded.corpus);
      const lastBuild = builder.lastBuild;
      await builder.close();
      const { Worker } = await import('node:worker_threads');
      const { workerSource } = await import(dist + 'worker-bootstrap.js');
      const { siblingModule } = await import(dist + 'compiled.js');
      const draw = new Worker(workerSource(siblingModule('./draw-worker.ts', dist + 'pictures/index.js').href), { eval: true });
      const reply = await new Promise((resolve, reject) => {
        draw.once('message', resolve);
        draw.once('error', reject);
        draw.postMessage({ id: 1, picture: { kind: 'timeline', title: 'warm', subtitle: 'x', bars: [], more: 0 } });
      });
      await draw.terminate();
      console.log(JSON.stringify({ transcripts: loaded.corpus.transcripts.length, warnings, lastBuild, picture: reply.ok, png: reply.file?.png?.byteLength ?? 0 }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 90_000 }).trim()) as Record<string, unknown>;
    expect(out).toMatchObject({ warnings: [], lastBuild: 'worker', picture: true });
    expect(out.transcripts).toBeGreaterThan(0);
    expect(out.png).toBeGreaterThan(100);
  });

  it('has every module a compiled caller starts on its own (workers, shard processes) compiled beside it', () => {
    const targets: string[] = [];
    for (const file of readdirSync(join(project, 'dist/src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
      const path = join(project, 'dist/src', file);
      // Code lines only: a doc comment's example names a module too.
      const code = readFileSync(path, 'utf8').split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
      for (const line of code) for (const m of line.matchAll(/siblingModule\('([^']+)'/g)) targets.push(fileURLToPath(siblingModule(m[1]!, pathToFileURL(path).href)));
    }
    expect(targets.map((t) => t.slice(project.length))).toEqual(
      expect.arrayContaining(['/dist/src/app/shard-entry.js', '/dist/src/reload/build-worker.js', '/dist/src/pictures/draw-worker.js', '/dist/src/search/index/load-tokenize-worker.js']),
    );
    expect(targets.filter((t) => !existsSync(t))).toEqual([]);
  });

  it('runs the sources once a source changed since the build, and the build again once rebuilt', () => {
    replaceIn(join(project, 'src/cli.ts'), HELP, 'SOURCE-MARK');
    expect(buildState(project)).toEqual({ state: 'stale', file: 'src/cli.ts' });
    const stale = run(['help']);
    expect(stale.stdout + stale.stderr).toContain('SOURCE-MARK');
    expect(stale.stdout + stale.stderr).not.toContain('COMPILED-MARK');
    // Not a terminal: nothing is added to the command's own output.
    expect(stale.stderr).not.toMatch(/changed since the last build/);
    build();
    expect(buildState(project)).toEqual({ state: 'fresh' });
    replaceIn(join(project, 'dist/src/cli.js'), 'SOURCE-MARK', 'REBUILT-MARK');
    expect(run(['help']).stdout).toContain('REBUILT-MARK');
  });

  it('runs the sources without a build', () => {
    rmSync(join(project, 'dist'), { recursive: true });
    expect(buildState(project)).toEqual({ state: 'missing' });
    const r = run(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('SOURCE-MARK');
  });
});
