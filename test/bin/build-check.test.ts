/**
 * bin/build-check.js: when the compiled build is fresh (every source file as recorded when the build
 * started), missing, or stale (a file edited, added or removed, the build script changed, the record broken).
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildState, sourceStamps, tsFiles } from '../../bin/build-check.js';

let root: string;
/** Writes the record a finished build leaves, for the files as they are now. */
const record = (): void => {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist/build-info.json'), JSON.stringify({ sourceHash: 'h', sources: sourceStamps(root) }));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'quotebot-build-check-'));
  mkdirSync(join(root, 'src/search/deep'), { recursive: true });
  mkdirSync(join(root, 'scripts'), { recursive: true });
  writeFileSync(join(root, 'src/cli.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src/search/deep/rank.ts'), 'export const b = 2;\n');
  writeFileSync(join(root, 'scripts/build.mjs'), '// build\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildState', () => {
  it('compares a file modified just before the build by content (an edit in the same second, same size)', () => {
    const file = join(root, 'src/cli.ts');
    const mtime = Math.floor(Date.now() / 1000); // whole seconds, as such a file system keeps them
    utimesSync(file, mtime, mtime);
    record(); // right after writing: every file is racy, recorded with its hash
    writeFileSync(file, 'export const a = 2;\n'); // same size
    utimesSync(file, mtime, mtime); // a file system keeping seconds: the same time
    expect(buildState(root)).toEqual({ state: 'stale', file: 'src/cli.ts' });
    writeFileSync(file, 'export const a = 1;\n');
    utimesSync(file, mtime, mtime);
    expect(buildState(root)).toEqual({ state: 'fresh' });
  });

  it('hashes only the files modified just before the stamps are taken', () => {
    const file = join(root, 'src/cli.ts');
    const old = Math.floor(Date.now() / 1000) - 60;
    utimesSync(file, old, old);
    const stamps = sourceStamps(root);
    expect(stamps['src/cli.ts']).toHaveLength(2);
    expect(stamps['src/search/deep/rank.ts']).toHaveLength(3); // written just now
    const plain = Object.values(sourceStamps(root, Infinity));
    expect(plain).toHaveLength(3);
    expect(plain.every((stamp) => stamp.length === 2)).toBe(true);
  });

  it('is missing without a finished build, fresh right after one', () => {
    expect(buildState(root)).toEqual({ state: 'missing' });
    record();
    expect(buildState(root)).toEqual({ state: 'fresh' });
  });

  it('is stale when a source is edited, even to the same size, or only touched', () => {
    record();
    writeFileSync(join(root, 'src/search/deep/rank.ts'), 'export const b = 3;\n');
    utimesSync(join(root, 'src/search/deep/rank.ts'), new Date(), new Date(Date.now() + 5000));
    expect(buildState(root)).toEqual({ state: 'stale', file: 'src/search/deep/rank.ts' });
    record();
    utimesSync(join(root, 'src/cli.ts'), new Date(), new Date(Date.now() - 86_400_000));
    expect(buildState(root)).toEqual({ state: 'stale', file: 'src/cli.ts' });
  });

  it('is stale when a source is added or removed, or the build script changed', () => {
    record();
    writeFileSync(join(root, 'src/search/new.ts'), '');
    expect(buildState(root)).toEqual({ state: 'stale', file: 'src/search/new.ts' });
    unlinkSync(join(root, 'src/search/new.ts'));
    expect(buildState(root)).toEqual({ state: 'fresh' });
    unlinkSync(join(root, 'src/cli.ts'));
    expect(buildState(root)).toEqual({ state: 'stale', file: 'src/cli.ts' });
    writeFileSync(join(root, 'src/cli.ts'), 'export const a = 1;\n');
    record();
    writeFileSync(join(root, 'scripts/build.mjs'), '// build, changed\n');
    expect(buildState(root)).toEqual({ state: 'stale', file: 'scripts/build.mjs' });
  });

  it('ignores files that are not TypeScript (an editor swap file does not make the build stale)', () => {
    record();
    writeFileSync(join(root, 'src/.cli.ts.swp'), 'x');
    writeFileSync(join(root, 'src/notes.md'), 'x');
    expect(buildState(root)).toEqual({ state: 'fresh' });
  });

  it('is stale, naming the record, when the record does not parse', () => {
    record();
    writeFileSync(join(root, 'dist/build-info.json'), '{"sources": ');
    expect(buildState(root)).toEqual({ state: 'stale', file: 'dist/build-info.json' });
  });
});

describe('tsFiles', () => {
  it('lists .ts files recursively, sorted, relative to the root; none for a missing folder', () => {
    expect(tsFiles(root, 'src')).toEqual(['src/cli.ts', 'src/search/deep/rank.ts']);
    expect(tsFiles(root, 'nope')).toEqual([]);
  });
});
