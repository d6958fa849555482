import { mkdir, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus, loadFile } from '../../src/corpus/load.ts';
import type { Corpus, Transcript } from '../../src/corpus/types.ts';
import { createReloader, type ReloaderOptions } from '../../src/reload/index.ts';
import { buildIndex } from '../../src/search/index.ts';
import { lexiconSteps } from '../../src/search/text/lexicon.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { emptyIndex, finds, Holder, liveFiles, put, recordingLogger, talk, tempDir } from './helpers.ts';
import { expectAll } from '../helpers/expect-all.ts';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

/** A bot-like holder loaded from the folder the way main does, and a reloader on it. */
async function setup(extra: Partial<ReloaderOptions> = {}) {
  const holder = new Holder(buildIndex(await loadCorpus(dir)));
  const logger = recordingLogger();
  let builds = 0;
  let reads = 0;
  const reloader = createReloader({
    dir,
    bot: holder,
    logger,
    build: (corpus: Corpus) => {
      builds++;
      return buildIndex(corpus);
    },
    loadFile: (path, root, options) => {
      reads++;
      return loadFile(path, root, options);
    },
    ...extra,
  });
  return { holder, logger, reloader, builds: () => builds, reads: () => reads };
}

describe('reload()', () => {
  it('adds, changes and removes files, swapping in a new index each time', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const { holder, reloader } = await setup();
    expect(liveFiles(holder)).toEqual(['a.srt']);

    await put(dir, 'b.srt', talk('walrus'));
    // The index swapped out is closed (its ranking thread, at scale, stops then); the new one is not.
    const first = holder.index;
    const closed: SearchIndex[] = [];
    // On the class, so a close of any index (the new one too) is seen.
    const spy = vi.spyOn(Object.getPrototypeOf(first) as Required<SearchIndex>, 'close').mockImplementation(function (this: SearchIndex) {
      closed.push(this);
    });
    let summary: Awaited<ReturnType<typeof reloader.reload>>;
    try {
      summary = await reloader.reload();
    } finally {
      spy.mockRestore();
    }
    expect(summary).toMatchObject({ outcome: 'swapped', added: ['b.srt'], changed: [], removed: [], skipped: [], transcripts: 2 });
    expect(closed).toHaveLength(1);
    expect(closed[0]).toBe(first);
    expect(holder.index).not.toBe(first);
    expect(liveFiles(holder)).toEqual(['a.srt', 'b.srt']);
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);

    await put(dir, 'a.srt', talk('quasar', 'A longer file now.'));
    summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'swapped', added: [], changed: ['a.srt'], removed: [] });
    expect(finds(holder.index, 'quasar', 'a.srt')).toBe(true);
    expect(finds(holder.index, 'zebra', 'a.srt')).toBe(false);

    await unlink(join(dir, 'b.srt'));
    summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'swapped', added: [], changed: [], removed: ['b.srt'], transcripts: 1 });
    expect(liveFiles(holder)).toEqual(['a.srt']);
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(false);
    expect(holder.swaps).toBe(3);
  });

  it('warms a new index before swapping it in, so its first (misspelt) query finds its typo structure ready', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const events: string[] = [];
    let holder: Holder | undefined;
    const built = await setup({
      build: (corpus: Corpus) => {
        const index = buildIndex(corpus);
        const search = index.search.bind(index);
        index.search = (query, options) => {
          events.push(holder?.index === index ? `live:${query}` : `before swap:${query}`);
          return search(query, options);
        };
        const verify = index.verify.bind(index);
        index.verify = (claim) => {
          events.push(holder?.index === index ? `live verify:${claim}` : `verify before swap:${claim}`);
          return verify(claim);
        };
        return index;
      },
    });
    holder = built.holder;
    await put(dir, 'b.srt', talk('walrus'));
    expect((await built.reloader.reload()).outcome).toBe('swapped');
    // Warming searches the new index, all before the swap; verify is warmed after it, in steps (its word
    // index costs ~1 s at 100 hours on this thread), ending with one verify of a made-up word.
    const verifies = events.filter((e) => e.includes('verify'));
    expect(verifies).toHaveLength(1);
    expect(verifies[0]).toMatch(/^live verify:/);
    // What that verify searched (its candidate windows) is the made-up word too.
    expectAll(events.splice(events.indexOf(verifies[0]!)).slice(1), (e) => e.startsWith('live:quotebotwarmupzq'));
    const warming = events.length;
    expect(warming).toBeGreaterThan(0);
    expectAll(events, (e) => e.startsWith('before swap:'));
    expect(holder.index.search('walrsu').corrected).toEqual({ walrsu: 'walrus' });
    expect(events[warming]).toBe('live:walrsu');
  });

  it('warms the lexicon of each collection view in use after the swap, as the whole index\'s', async () => {
    for (const folder of ['talks', 'notes']) await mkdir(join(dir, folder));
    await put(dir, 'talks/a.srt', talk('zebra'));
    await put(dir, 'notes/b.srt', talk('walrus'));
    const built = await setup();
    built.holder.index.within(['talks']); // a server bound to one collection asked something
    await put(dir, 'talks/c.srt', talk('otter'));
    expect((await built.reloader.reload()).outcome).toBe('swapped');
    // A lexicon is built when its steps end at once: the whole index's, and that of the view that was in use.
    const isBuilt = (index: { corpus: { transcripts: readonly Transcript[] } }) => lexiconSteps(index.corpus.transcripts, 1).next().done;
    const live = built.holder.index;
    expect(isBuilt(live)).toBe(true);
    expect(live.within(['talks']).corpus.transcripts).toHaveLength(2);
    expect(isBuilt(live.within(['talks']))).toBe(true);
    expect(isBuilt(live.within(['notes']))).toBe(false); // never asked for: built on first use
  });

  it('rebuild() reads every file again and swaps even when nothing changed (a live index from a damaged cache)', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    await put(dir, 'b.srt', talk('walrus'));
    const { holder, reloader, builds, reads } = await setup();
    expect((await reloader.reload()).outcome).toBe('unchanged');
    const before = holder.index;
    const summary = await reloader.rebuild();
    expect(summary.outcome).toBe('swapped');
    expect(summary.read).toBe(2);
    expect(builds()).toBe(1);
    expect(reads()).toBe(4);
    expect(holder.index).not.toBe(before);
    // New transcript objects, none of the old index's.
    expect(holder.index.corpus.transcripts.filter((t) => before.corpus.transcripts.includes(t))).toEqual([]);
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);
    expect((await reloader.reload()).outcome).toBe('unchanged');
  });

  it('re-reads only changed files and does not rebuild when nothing changed', async () => {
    for (const w of ['zebra', 'walrus', 'quasar', 'pelican']) await put(dir, `${w}.srt`, talk(w));
    const { holder, reloader, reads, builds } = await setup();
    const before = new Map(holder.index.corpus.transcripts.map((t) => [t.file, t]));

    // The first reload reads every file once, finds them equal to what is served, and rebuilds nothing.
    expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', read: 4, reused: 0 });
    expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', read: 0, reused: 4 });
    expect(reads()).toBe(4);
    expect(builds()).toBe(0);
    expect(holder.swaps).toBe(0);

    await put(dir, 'walrus.srt', talk('walrus', 'Plus one more sentence here.'));
    const summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'swapped', changed: ['walrus.srt'], read: 1, reused: 3 });
    expect(reads()).toBe(5);
    // Unchanged files keep the very same parsed Transcript objects.
    for (const t of holder.index.corpus.transcripts) {
      if (t.file !== 'walrus.srt') expect(t).toBe(before.get(t.file));
      else expect(t).not.toBe(before.get(t.file));
    }
  });

  it('notices a changed sidecar (same caption bytes) and re-reads the caption file', async () => {
    await put(dir, 'talk.srt', talk('zebra'));
    const { holder, reloader } = await setup();
    expect(holder.index.corpus.transcripts[0]!.meta.title).toBe('talk');
    await put(dir, 'talk.info.json', JSON.stringify({ id: 'abcdefghijk', title: 'Zebras explained', duration: 60 }));
    const summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'swapped', changed: ['talk.srt'] });
    expect(holder.index.corpus.transcripts[0]!.meta.title).toBe('Zebras explained');
  });

  it('skips a broken new file with a warning naming it, and keeps serving the rest', async () => {
    await put(dir, 'good.srt', talk('zebra'));
    const { holder, reloader, logger } = await setup();
    await put(dir, 'broken.srt', new Uint8Array([0, 1, 2, 0, 255, 0, 7]));
    await put(dir, 'fresh.srt', talk('walrus'));
    const summary = await reloader.reload();
    expect(summary.outcome).toBe('swapped');
    expect(summary.added).toEqual(['fresh.srt']);
    expect(summary.skippedFiles).toEqual([expect.objectContaining({ file: 'broken.srt', keptPrevious: false })]);
    const warning = logger.lines.find((l) => l.level === 'warn' && l.msg.includes('broken.srt'));
    expect(warning?.msg).toMatch(/skipped broken\.srt: /);
    expect(liveFiles(holder)).toEqual(['fresh.srt', 'good.srt']);
    expect(finds(holder.index, 'zebra', 'good.srt')).toBe(true);
    expect(holder.index.corpus.skipped.map((s) => s.file)).toEqual(['broken.srt']);

    // The broken file is not re-read (nor re-warned) until it changes.
    const warnings = logger.lines.filter((l) => l.level === 'warn').length;
    expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', read: 0 });
    expect(logger.lines.filter((l) => l.level === 'warn').length).toBe(warnings);

    // Once fixed, it loads.
    await put(dir, 'broken.srt', talk('pelican'));
    expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', added: ['broken.srt'], skipped: [] });
    expect(finds(holder.index, 'pelican', 'broken.srt')).toBe(true);
    expect(holder.index.corpus.skipped).toEqual([]);
  });

  it('keeps serving the previous version of a file that breaks (e.g. truncated by a bad copy)', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    await put(dir, 'b.srt', talk('walrus'));
    const { holder, reloader, logger } = await setup();
    await put(dir, 'a.srt', '');
    const summary = await reloader.reload();
    expect(summary.skippedFiles).toEqual([expect.objectContaining({ file: 'a.srt', keptPrevious: true })]);
    expect(logger.lines.some((l) => l.level === 'warn' && /a\.srt.*previous version/.test(l.msg))).toBe(true);
    expect(finds(holder.index, 'zebra', 'a.srt')).toBe(true);
    expect(liveFiles(holder)).toEqual(['a.srt', 'b.srt']);
  });

  it('keeps the live index when the folder is emptied, deleted, or holds only broken files', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    await put(dir, 'b.srt', talk('walrus'));
    const { holder, reloader, logger } = await setup();
    const live = holder.index;

    await unlink(join(dir, 'a.srt'));
    await unlink(join(dir, 'b.srt'));
    let summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'kept', transcripts: 2 });
    expect(summary.reason).toMatch(/no caption files/);
    expect(holder.index).toBe(live);
    expect(logger.lines.some((l) => l.level === 'warn' && /keeping the 2 transcripts/.test(l.msg))).toBe(true);

    await put(dir, 'junk.srt', 'this is not a subtitle file at all\n');
    await writeFile(join(dir, 'junk.srt'), new Uint8Array([0, 0, 0]));
    summary = await reloader.reload();
    expect(summary.outcome).toBe('kept');
    expect(holder.index).toBe(live);
    await unlink(join(dir, 'junk.srt'));

    await rm(dir, { recursive: true, force: true });
    summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'kept' });
    expect(summary.reason).toMatch(/not found/);
    expect(holder.index).toBe(live);
    expect(finds(holder.index, 'zebra', 'a.srt')).toBe(true);
  });

  it('starting from an empty corpus, an empty folder is simply unchanged and files then load', async () => {
    const holder = new Holder(emptyIndex());
    const reloader = createReloader({ dir, bot: holder });
    expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', transcripts: 0 });
    await put(dir, 'a.srt', talk('zebra'));
    expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', added: ['a.srt'], transcripts: 1 });
  });

  it('keeps the live index when the build throws', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    let fail = true;
    const { holder, reloader, logger } = await setup({
      build: (corpus) => {
        if (fail) throw new Error('out of memory (simulated)');
        return buildIndex(corpus);
      },
    });
    const live = holder.index;
    await put(dir, 'b.srt', talk('walrus'));
    const summary = await reloader.reload();
    expect(summary).toMatchObject({ outcome: 'failed', transcripts: 1 });
    expect(holder.index).toBe(live);
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    fail = false;
    expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', added: ['b.srt'] });
  });

  it('answers from the old index while a rebuild is in progress, then swaps atomically', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const { holder, reloader } = await setup({
      loadFile: async (path, root, options): Promise<Transcript> => {
        entered();
        await gate;
        return loadFile(path, root, options);
      },
    });
    const old = holder.index;
    await put(dir, 'a.srt', talk('walrus'));
    await put(dir, 'b.srt', talk('walrus'));
    const pending = reloader.reload();
    await inside;
    // Mid-reload: every query still sees the complete old corpus.
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(holder.index).toBe(old);
      expect(finds(holder.index, 'zebra', 'a.srt')).toBe(true);
      expect(finds(holder.index, 'walrus', 'b.srt')).toBe(false);
    }
    release();
    expect(await pending).toMatchObject({ outcome: 'swapped', added: ['b.srt'], changed: ['a.srt'] });
    expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);
    expect(finds(holder.index, 'zebra', 'a.srt')).toBe(false);
  });

  it('never overlaps reloads: calls during one share a single follow-up that sees later changes', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let active = 0;
    let maxActive = 0;
    const { holder, reloader, builds } = await setup({
      loadFile: async (path, root, options) => {
        // a.srt (read once by the first reload, which reads every file) passes; new files wait at the gate.
        if (path.endsWith('a.srt')) return loadFile(path, root, options);
        active++;
        maxActive = Math.max(maxActive, active);
        entered();
        await gate;
        try {
          return await loadFile(path, root, options);
        } finally {
          active--;
        }
      },
    });
    await put(dir, 'b.srt', talk('walrus'));
    const first = reloader.reload();
    await inside; // the first reload has listed the folder and is reading b.srt
    await put(dir, 'c.srt', talk('quasar'));
    const second = reloader.reload();
    const third = reloader.reload();
    expect(third).toBe(second);
    release();
    const [s1, s2] = await Promise.all([first, second]);
    expect(maxActive).toBe(1);
    expect(s1).toMatchObject({ outcome: 'swapped', added: ['b.srt'] });
    expect(s2).toMatchObject({ outcome: 'swapped', added: ['c.srt'] });
    expect(builds()).toBe(2);
    expect(liveFiles(holder)).toEqual(['a.srt', 'b.srt', 'c.srt']);
  });

  it('a file touched or rewritten without a content change is re-read but nothing is rebuilt', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const { holder, reloader, builds } = await setup();
    await reloader.reload();
    const later = new Date(Date.now() + 5000);
    await utimes(join(dir, 'a.srt'), later, later);
    expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', changed: [], read: 1 });
    await put(dir, 'a.srt', talk('zebra'));
    expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', changed: [], read: 1 });
    expect(builds()).toBe(0);
    expect(holder.swaps).toBe(0);
  });
});
