/** src/worker-bootstrap.ts: a worker starts on a compiled module with plain node, on a TypeScript one through tsx. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { workerSource } from '../src/worker-bootstrap.ts';
import { isCompiled } from '../src/compiled.ts';

const dir = mkdtempSync(join(tmpdir(), 'quotebot-worker-'));
// ES modules, as in the project.
writeFileSync(join(dir, 'package.json'), '{"type": "module"}');

/** Starts a worker on `file` and resolves with its first message. */
function firstMessage(file: string): Promise<unknown> {
  const worker = new Worker(workerSource(pathToFileURL(file).href), { eval: true });
  return new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

describe('workerSource', () => {
  it('imports a compiled module directly, without loading tsx', async () => {
    expect(workerSource('file:///q/dist/src/reload/build-worker.js')).not.toContain('tsx');
    const file = join(dir, 'plain.js');
    writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage('from js');\n");
    expect(await firstMessage(file)).toBe('from js');
  });

  it('maps a compiled worker\'s stack to the TypeScript source (the build writes a map beside each file)', async () => {
    const source = "type Said = { n: number };\nconst said: Said = { n: 1 };\nthrow new Error(`boom ${said.n}`);\n";
    const out = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true }, fileName: 'thrower.ts' });
    writeFileSync(join(dir, 'thrower.ts'), source);
    writeFileSync(join(dir, 'thrower.js'), out.outputText);
    writeFileSync(join(dir, 'thrower.js.map'), out.sourceMapText!);
    const error = (await firstMessage(join(dir, 'thrower.js')).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('boom 1');
    expect(error.stack).toMatch(/thrower\.ts:3:\d+/);
  });

  it('registers tsx first for a TypeScript module', async () => {
    expect(workerSource('file:///q/src/reload/build-worker.ts')).toContain('register()');
    const file = join(dir, 'typed.ts');
    writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nconst said: string = 'from ts';\nparentPort!.postMessage(said);\n");
    expect(await firstMessage(file)).toBe('from ts');
  });

  it('takes a module as compiled exactly when isCompiled does (one rule, also for other extensions)', () => {
    const urls = ['file:///q/dist/src/a.js', 'file:///q/src/a.ts', 'file:///q/dist/src/a.mjs', 'file:///q/src/a.mts', 'file:///q/src/a'];
    const byBootstrap = urls.map((url) => !workerSource(url).includes('tsx'));
    expect(byBootstrap).toEqual(urls.map(isCompiled));
    expect(byBootstrap).toContain(true);
    expect(byBootstrap).toContain(false);
  });
});
