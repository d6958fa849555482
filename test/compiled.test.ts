/** src/compiled.ts: module URLs beside a compiled or TypeScript module, the sources' folder, the build record. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInfo, isCompiled, siblingModule, SOURCE_ROOT } from '../src/compiled.ts';
import { ROOT } from './core/helpers.ts';

describe('siblingModule', () => {
  it('keeps .ts beside a TypeScript module and picks .js beside a compiled one', () => {
    expect(siblingModule('./build-worker.ts', 'file:///q/src/reload/build.ts').href).toBe('file:///q/src/reload/build-worker.ts');
    expect(siblingModule('./build-worker.ts', 'file:///q/dist/src/reload/build.js').href).toBe('file:///q/dist/src/reload/build-worker.js');
    expect(siblingModule('../app/shard-entry.ts', 'file:///q/dist/src/x/y.js').href).toBe('file:///q/dist/src/app/shard-entry.js');
    expect(siblingModule('./data.json', 'file:///q/dist/src/x/y.js').href).toBe('file:///q/dist/src/x/data.json');
  });

  it('tells compiled from TypeScript by the module URL', () => {
    expect(isCompiled('file:///q/dist/src/cli.js')).toBe(true);
    expect(isCompiled(import.meta.url)).toBe(false);
  });
});

describe('running the TypeScript sources', () => {
  it('finds the sources in src/ and has no build record', () => {
    expect(SOURCE_ROOT).toBe(join(ROOT, 'src/'));
    expect(existsSync(join(SOURCE_ROOT, 'compiled.ts'))).toBe(true);
    expect(buildInfo()).toBeUndefined();
  });
});
