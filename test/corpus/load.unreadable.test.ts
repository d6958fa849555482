/**
 * One unreadable subfolder must not stop startup (issue 18, item 9): it is skipped with a warning naming
 * it, as unreadable files are. Tests run as root (CI), where permissions cannot make a folder unreadable,
 * so `readdir` is made to fail with EACCES for folders named `locked`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (async (path: Parameters<typeof actual.readdir>[0], ...rest: unknown[]) => {
    if (basename(String(path)) === 'locked') throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
    return (actual.readdir as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof actual.readdir;
  return { ...actual, readdir, default: { ...actual, readdir } };
});

const { loadCorpus } = await import('../../src/corpus/load.ts');
const { openIndexCached } = await import('../../src/search/persist/cache.ts');
const { createReloader } = await import('../../src/reload/index.ts');
const { buildIndex } = await import('../../src/search/index.ts');

const srt = (text: string) => `1\n00:00:01,000 --> 00:00:04,000\n${text}\n`;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qb-locked-'));
  mkdirSync(join(dir, 'locked'));
  mkdirSync(join(dir, 'open'));
  writeFileSync(join(dir, 'top.srt'), srt('honey bees at the top'));
  writeFileSync(join(dir, 'open', 'inner.srt'), srt('sourdough starter inside'));
  writeFileSync(join(dir, 'locked', 'hidden.srt'), srt('never read'));
  return dir;
}

describe('an unreadable subfolder', () => {
  it('is skipped by the loader with a warning naming it; the rest loads', async () => {
    const corpus = await loadCorpus(folder());
    expect(corpus.transcripts.map((t) => t.file)).toEqual(['open/inner.srt', 'top.srt']);
    expect(corpus.skipped).toEqual([{ file: 'locked/', message: 'folder unreadable (EACCES); skipped with everything in it' }]);
  });

  it('does not stop the index cache (startup), and its warning survives a restore from the cache', async () => {
    const dir = folder();
    const cacheDir = mkdtempSync(join(tmpdir(), 'qb-locked-cache-'));
    const built = await openIndexCached(dir, { cacheDir });
    expect(built.source).toBe('built');
    expect(built.index.corpus.skipped.map((s) => s.file)).toEqual(['locked/']);
    const restored = await openIndexCached(dir, { cacheDir });
    expect(restored.source).toBe('cache');
    expect(restored.index.corpus.skipped.map((s) => s.file)).toEqual(['locked/']);
  });

  it('is skipped by a reload with a warning, which keeps what was served from it', async () => {
    const dir = folder();
    // Served before the folder became unreadable: a transcript of locked/hidden.srt.
    const corpus = await loadCorpus(dir);
    const hidden = { ...corpus.transcripts[0]!, file: 'locked/hidden.srt', meta: { id: 'hidden', title: 'hidden' } };
    let index = buildIndex({ transcripts: [...corpus.transcripts, hidden], skipped: [] });
    const warnings: string[] = [];
    const noop = () => {};
    const reloader = createReloader({
      dir,
      bot: { get index() { return index; }, setIndex: (i) => (index = i) },
      build: (c) => buildIndex(c),
      logger: { info: noop, debug: noop, error: noop, warn: (_o, msg) => warnings.push(String(msg)) },
    });
    writeFileSync(join(dir, 'new.srt'), srt('a new file about tides'));
    const summary = await reloader.reload();
    expect(summary.outcome).toBe('swapped');
    expect(summary.added).toEqual(['new.srt']);
    expect(summary.removed).toEqual([]);
    expect(summary.skippedFiles).toEqual([expect.objectContaining({ file: 'locked/', keptPrevious: true })]);
    expect(warnings.join('\n')).toMatch(/locked\/: folder unreadable \(EACCES\)/);
    expect(index.corpus.transcripts.map((t) => t.file)).toEqual(['locked/hidden.srt', 'new.srt', 'open/inner.srt', 'top.srt']);
  });
});
