/**
 * The watcher end to end: real files in a temp folder, real chokidar events, real loader and index.
 * Tests await reload summaries (no sleeps, no timed assertions); generous timeouts for a slow machine.
 */
import { mkdir, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';
import { createReloader, type Reloader } from '../../src/reload/index.ts';
import { folderIdentity } from '../../src/reload/watch.ts';
import { buildIndex } from '../../src/search/index.ts';
import { folderState } from '../../src/search/persist/cache.ts';
import { finds, Holder, liveFiles, put, recordingLogger, Summaries, talk, tempDir } from './helpers.ts';

const TIMEOUT = 60_000;
let dir: string;
let cleanup: () => Promise<void>;
let reloader: Reloader | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await reloader?.stop();
  reloader = undefined;
  await cleanup();
});

/** Loads the folder like main does, starts watching, and waits for the start-up catch-up reload. */
async function watching(debounceMs = 300, extra: { rescanMs?: number; maxWaitMs?: number; loadedAt?: number } = {}) {
  const holder = new Holder(buildIndex(await loadCorpus(dir)));
  const logger = recordingLogger();
  const summaries = new Summaries();
  let builds = 0;
  reloader = createReloader({
    dir,
    bot: holder,
    logger,
    debounceMs,
    writeFinishMs: 150,
    build: (corpus: Corpus) => {
      builds++;
      return buildIndex(corpus);
    },
    onReload: summaries.push,
    ...extra,
  });
  await reloader.start();
  await summaries.next(() => true);
  return { holder, logger, summaries, builds: () => builds };
}

describe('watching the transcripts folder', () => {
  it('picks up an added, a changed and a deleted file', { timeout: TIMEOUT }, async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const { holder, summaries } = await watching();
    expect(summaries.all[0]).toMatchObject({ outcome: 'unchanged' });

    let from = summaries.all.length;
    await put(dir, 'b.srt', talk('walrus'));
    expect(await summaries.next((s) => s.added.includes('b.srt'), from)).toMatchObject({ outcome: 'swapped' });
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);

    from = summaries.all.length;
    await put(dir, 'a.srt', talk('quasar', 'Now about something else.'));
    expect(await summaries.next((s) => s.changed.includes('a.srt'), from)).toMatchObject({ outcome: 'swapped' });
    expect(finds(holder.index, 'quasar', 'a.srt')).toBe(true);

    from = summaries.all.length;
    await unlink(join(dir, 'b.srt'));
    expect(await summaries.next((s) => s.removed.includes('b.srt'), from)).toMatchObject({ outcome: 'swapped' });
    expect(liveFiles(holder)).toEqual(['a.srt']);
  });

  it('turns a burst of 20 files (a yt-dlp batch) into one rebuild', { timeout: TIMEOUT }, async () => {
    await put(dir, 'seed.srt', talk('zebra'));
    const { holder, summaries, builds } = await watching(3000);
    expect(builds()).toBe(0);
    const from = summaries.all.length;
    const names = Array.from({ length: 20 }, (_, i) => `batch-${String(i).padStart(2, '0')}.srt`);
    // Each file is written in two steps, like a downloader that streams, plus a sidecar for some.
    await Promise.all(
      names.map(async (name, i) => {
        await writeFile(join(dir, name), talk(`word${i}x`).slice(0, 40));
        await writeFile(join(dir, name), talk(`word${i}x`));
        if (i % 4 === 0) await writeFile(join(dir, name.replace('.srt', '.info.json')), JSON.stringify({ title: `Batch ${i}` }));
      }),
    );
    const summary = await summaries.next((s) => s.outcome === 'swapped', from);
    expect(summary.added.sort()).toEqual(names);
    expect(builds()).toBe(1);
    expect(liveFiles(holder)).toEqual([...names, 'seed.srt']);
    expect(holder.index.corpus.transcripts.find((t) => t.file === 'batch-04.srt')?.meta.title).toBe('Batch 4');
  });

  it('skips a broken file with a warning naming it and keeps serving the old content', { timeout: TIMEOUT }, async () => {
    await put(dir, 'good.srt', talk('zebra'));
    const { holder, logger, summaries } = await watching();
    const from = summaries.all.length;
    await put(dir, 'broken.vtt', 'WEBVTT\n\nthis cue has no timing line at all\n');
    const summary = await summaries.next((s) => s.skipped.length > 0, from);
    expect(summary.skippedFiles[0]).toMatchObject({ file: 'broken.vtt', keptPrevious: false });
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.includes('broken.vtt'))).toBe(true);
    expect(liveFiles(holder)).toEqual(['good.srt']);
    expect(finds(holder.index, 'zebra', 'good.srt')).toBe(true);
  });

  it('keeps the old index when every file is deleted', { timeout: TIMEOUT }, async () => {
    await put(dir, 'a.srt', talk('zebra'));
    await put(dir, 'b.srt', talk('walrus'));
    const { holder, summaries } = await watching(1000);
    const live = holder.index;
    const from = summaries.all.length;
    await unlink(join(dir, 'a.srt'));
    await unlink(join(dir, 'b.srt'));
    const summary = await summaries.next((s) => s.outcome === 'kept', from);
    expect(summary.reason).toMatch(/no caption files/);
    expect(holder.index).toBe(live);
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);
  });

  it('sees files in subfolders and a folder moved in at once, and ignores dot folders', { timeout: TIMEOUT }, async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const { holder, summaries } = await watching(1000);
    const staging = join(dir, '.partial');
    await mkdir(staging);
    await writeFile(join(staging, 'x.srt'), talk('walrus'));
    await writeFile(join(staging, 'y.srt'), talk('pelican'));
    const from = summaries.all.length;
    await rename(staging, join(dir, 'channel'));
    const summary = await summaries.next((s) => s.added.length > 0, from);
    expect(summary.added.sort()).toEqual(['channel/x.srt', 'channel/y.srt']);
    expect(liveFiles(holder)).toEqual(['a.srt', 'channel/x.srt', 'channel/y.srt']);
  });

  it('watches the folder again after it is deleted and recreated (a deploy replacing it)', { timeout: TIMEOUT }, async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const { holder, summaries } = await watching(300);
    let from = summaries.all.length;
    await rm(dir, { recursive: true, force: true });
    expect(await summaries.next((s) => s.outcome === 'kept', from)).toMatchObject({ reason: expect.stringMatching(/not found/) });
    expect(liveFiles(holder)).toEqual(['a.srt']);
    from = summaries.all.length;
    await mkdir(dir);
    await put(dir, 'b.srt', talk('walrus'));
    const summary = await summaries.next((s) => s.outcome === 'swapped', from);
    expect(summary).toMatchObject({ added: ['b.srt'], removed: ['a.srt'] });
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);
  });

  it('a folder removed and made again has a new identity, even when it gets the freed inode back', async () => {
    const before = await folderIdentity(dir);
    await rm(dir, { recursive: true, force: true });
    expect(await folderIdentity(dir)).toBeUndefined();
    await mkdir(dir);
    const after = await folderIdentity(dir);
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('rescans on a timer, catching changes no event reported', { timeout: TIMEOUT }, async () => {
    await put(dir, 'a.srt', talk('zebra'));
    // A debounce far longer than the test stands in for a file system whose events never arrive.
    const { holder, summaries } = await watching(10 * TIMEOUT, { rescanMs: 400, maxWaitMs: 10 * TIMEOUT });
    const from = summaries.all.length;
    await put(dir, 'b.srt', talk('walrus'));
    const summary = await summaries.next((s) => s.outcome === 'swapped', from);
    expect(summary.added).toEqual(['b.srt']);
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);
  });

  it('with loadedAt, the start-up catch-up reads only files modified since the corpus was read', { timeout: TIMEOUT }, async () => {
    const names = ['a.srt', 'b.srt', 'c.srt'];
    for (const [i, name] of names.entries()) await put(dir, name, talk(['zebra', 'walrus', 'pelican'][i]!));
    const old = new Date(Date.now() - 60_000);
    for (const name of names) await utimes(join(dir, name), old, old);
    const loadedAt = Date.now();
    // Loaded, then changed before the watcher starts: only this file must be read again.
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    await put(dir, 'b.srt', talk('quasar'));
    const summaries = new Summaries();
    reloader = createReloader({ dir, bot: holder, logger: recordingLogger(), debounceMs: 300, writeFinishMs: 150, build: (c) => buildIndex(c), onReload: summaries.push, loadedAt });
    await reloader.start();
    const first = await summaries.next(() => true);
    expect(first).toMatchObject({ outcome: 'swapped', changed: ['b.srt'], read: 1, reused: 2 });
    expect(finds(holder.index, 'quasar', 'b.srt')).toBe(true);
  });

  it('with loadedState (the index cache\'s folder state), the catch-up reads exactly the files changed since', { timeout: TIMEOUT }, async () => {
    for (const [i, name] of ['a.srt', 'b.srt', 'c.srt'].entries()) await put(dir, name, talk(['zebra', 'walrus', 'pelican'][i]!));
    await put(dir, 'c.info.json', JSON.stringify({ title: 'Pelicans' }));
    const loadedState = folderState(dir);
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    // Changed after the state was taken: b's text, and c's sidecar (so c must be read again too).
    await put(dir, 'b.srt', talk('quasar', 'Longer now.'));
    await put(dir, 'c.info.json', JSON.stringify({ title: 'Pelicans, revised edition' }));
    const summaries = new Summaries();
    reloader = createReloader({ dir, bot: holder, logger: recordingLogger(), debounceMs: 300, writeFinishMs: 150, build: (c) => buildIndex(c), onReload: summaries.push, loadedState });
    await reloader.start();
    const first = await summaries.next(() => true);
    expect(first).toMatchObject({ outcome: 'swapped', read: 2, reused: 1 });
    expect(first.changed.sort()).toEqual(['b.srt', 'c.srt']);
    expect(holder.index.corpus.transcripts.find((t) => t.file === 'c.srt')?.meta.title).toBe('Pelicans, revised edition');
  });
});

