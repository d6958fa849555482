/** src/worker-bootstrap.ts: a worker starts on a compiled module with plain node, on a TypeScript one through tsx. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerSource } from '../src/worker-bootstrap.ts';

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

  it('registers tsx first for a TypeScript module', async () => {
    expect(workerSource('file:///q/src/reload/build-worker.ts')).toContain('register()');
    const file = join(dir, 'typed.ts');
    writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nconst said: string = 'from ts';\nparentPort!.postMessage(said);\n");
    expect(await firstMessage(file)).toBe('from ts');
  });
});
