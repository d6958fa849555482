/**
 * The reloader never holds up serving or stopping: its watcher ignores symlink loops (issue 18, item 2),
 * and stop() aborts a running reload instead of waiting for it, never swapping an index in afterwards
 * (item 5).
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';
import { createReloader } from '../../src/reload/index.ts';
import { buildIndex } from '../../src/search/index.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { Holder, put, recordingLogger, talk, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await put(dir, 'orbit.srt', talk('orbit'));
});
afterEach(async () => {
  await cleanup();
});

describe('watching a folder with symlink loops', () => {
  it('gets ready, without an error, and still sees a new file', async () => {
    await symlink('.', join(dir, 'loop1'));
    await symlink('.', join(dir, 'loop2'));
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    const logger = recordingLogger();
    let changed!: () => void;
    const seen = new Promise<void>((resolve) => (changed = resolve));
    const reloader = createReloader({
      dir, bot: holder, logger, build: (c) => buildIndex(c), debounceMs: 50, writeFinishMs: 0,
      onReload: (s) => s.added.includes('tides.srt') && changed(),
    });
    try {
      await reloader.start(); // before: never resolved (chokidar walked loop1/loop2/loop1/... forever)
      await put(dir, 'tides.srt', talk('tides'));
      await seen;
      expect(holder.index.corpus.transcripts.map((t) => t.file).sort()).toEqual(['orbit.srt', 'tides.srt']);
      expect(logger.lines.filter((l) => l.level === 'warn' && /ELOOP/.test(JSON.stringify(l)))).toEqual([]);
    } finally {
      await reloader.stop();
    }
  });
});

describe('stop() during a running reload', () => {
  it('aborts it: stop() resolves while the build is still running, and its index is never swapped in', async () => {
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    let release!: (index: SearchIndex) => void;
    let buildStarted!: () => void;
    const started = new Promise<void>((resolve) => (buildStarted = resolve));
    const reloader = createReloader({
      dir,
      bot: holder,
      build: (corpus: Corpus) =>
        new Promise<SearchIndex>((resolve) => {
          buildStarted();
          release = () => resolve(buildIndex(corpus));
        }),
    });
    await put(dir, 'tides.srt', talk('tides'));
    const reloading = reloader.reload();
    await started;
    let stopped = false;
    const stopping = reloader.stop().then(() => (stopped = true));
    // The build is still running: stop() must not wait for it to finish it (a reload at 2,000 hours takes
    // seconds). It may wait a bounded time for a custom build; then the build finishes after shutdown.
    await stopping;
    expect(stopped).toBe(true);
    release(buildIndex(await loadCorpus(dir)));
    const summary = await reloading;
    expect(summary.outcome).toBe('kept');
    expect(summary.reason).toMatch(/stopping/);
    expect(holder.swaps).toBe(0);
  });

});
