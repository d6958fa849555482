/**
 * Building the reloaded index in a worker thread: the result answers exactly like an index built here,
 * the reloader keeps recognising unchanged files afterwards, and every failure falls back to building
 * on this thread with a warning. By default the whole reload runs in the worker: only the folder's path
 * crosses to it, it re-parses only changed files, and the index comes back as transferred buffers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';
import { createReloader, createWorkerBuilder, type IndexBuilder } from '../../src/reload/index.ts';
import { buildIndex } from '../../src/search/index.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { BUNDLED_DIR } from '../fuzz/hostile.ts';
import { finds, Holder, put, recordingLogger, talk, tempDir } from './helpers.ts';

let builder: IndexBuilder | undefined;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await builder?.close();
  builder = undefined;
  await cleanup();
});

const QUERIES = ['gpus', 'how did the gpus help', 'toronto lab', 'scaling', 'neural networks', 'xyzzy', 'jeff'];

describe('createWorkerBuilder', () => {
  it('builds in a worker an index that answers exactly like one built here', { timeout: 60_000 }, async () => {
    const corpus = await loadCorpus(BUNDLED_DIR);
    const here = buildIndex(corpus);
    builder = createWorkerBuilder();
    const there = await builder.build(corpus);
    expect(builder.lastBuild).toBe('worker');
    expect(there.corpus.transcripts.map((t) => t.file)).toEqual(here.corpus.transcripts.map((t) => t.file));
    for (const q of QUERIES) {
      const a = here.search(q, { limit: 5 });
      const b = there.search(q, { limit: 5 });
      expect(b.hits.map((h) => [h.text, h.start, h.score])).toEqual(a.hits.map((h) => [h.text, h.start, h.score]));
      expect(b.total).toBe(a.total);
    }
    expect(there.verify('the gpus appeared in our lab').verdict).toBe(here.verify('the gpus appeared in our lab').verdict);
    // The worker stays for the next build.
    await builder.build(corpus);
    expect(builder.lastBuild).toBe('worker');
  });

  it('falls back to this thread, with a warning, when the corpus cannot be sent to the worker', { timeout: 60_000 }, async () => {
    const corpus = await loadCorpus(BUNDLED_DIR);
    const odd: Corpus = { ...corpus, transcripts: corpus.transcripts.map((t) => ({ ...t, meta: { ...t.meta, toJSON: () => 'x' } as typeof t.meta })) };
    const logger = recordingLogger();
    builder = createWorkerBuilder({ logger });
    const index = await builder.build(odd);
    expect(builder.lastBuild).toBe('thread');
    expect(index.search('gpus').hits.length).toBeGreaterThan(0);
    expect(logger.lines.some((l) => l.level === 'warn' && /main thread/.test(l.msg))).toBe(true);
  });

  it('closes quietly while a warm-up build is still in the worker (no fallback warning at shutdown)', { timeout: 60_000 }, async () => {
    const logger = recordingLogger();
    builder = createWorkerBuilder({ logger });
    const warming = builder.warm();
    await builder.close();
    await warming;
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
    await expect(builder.build(await loadCorpus(BUNDLED_DIR))).resolves.toBeDefined();
  });

  it('builds on this thread when asked to', async () => {
    builder = createWorkerBuilder({ inThread: true });
    const index = await builder.build(await loadCorpus(BUNDLED_DIR));
    expect(builder.lastBuild).toBe('thread');
    expect(index.corpus.transcripts).toHaveLength(1);
  });
});

describe('the reloader with the default (worker) build', () => {
  it('swaps in a worker-built index and still sees unchanged files as unchanged', { timeout: 60_000 }, async () => {
    await put(dir, 'a.srt', talk('zebra'));
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    const logger = recordingLogger();
    const reloader = createReloader({ dir, bot: holder, logger });
    try {
      await put(dir, 'b.srt', talk('walrus'));
      expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', added: ['b.srt'] });
      expect(finds(holder.index, 'walrus', 'b.srt')).toBe(true);
      expect(logger.lines.filter((l) => /main thread/.test(l.msg))).toEqual([]);
      expect(await reloader.reload()).toMatchObject({ outcome: 'unchanged', read: 0, added: [], changed: [] });
      await put(dir, 'a.srt', talk('pelican'));
      expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', changed: ['a.srt'], added: [], removed: [] });
      expect(finds(holder.index, 'pelican', 'a.srt')).toBe(true);
      expect(holder.swaps).toBe(2);
    } finally {
      await reloader.stop();
    }
  });
});

describe('the reload in the worker', () => {
  it('sends the worker the folder, never the corpus, and swaps in what it built', { timeout: 60_000 }, async () => {
    for (const word of ['zebra', 'walrus', 'pelican']) await put(dir, `${word}.srt`, talk(word));
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    const posted: unknown[] = [];
    const send = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, value: unknown, transfer?: readonly never[]) {
      posted.push(value);
      return send.call(this, value, transfer as never);
    };
    const reloader = createReloader({ dir, bot: holder, logger: recordingLogger() });
    try {
      await put(dir, 'otter.srt', talk('otter'));
      expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', added: ['otter.srt'] });
      expect(finds(holder.index, 'otter', 'otter.srt')).toBe(true);
      expect(posted.length).toBeGreaterThan(0);
      // Only paths cross: no corpus, no transcript, nothing big.
      expect(posted.filter((m) => JSON.stringify(m).includes('"cues"') || 'corpus' in (m as object))).toEqual([]);
      expect(Math.max(...posted.map((m) => JSON.stringify(m).length))).toBeLessThan(2000);
    } finally {
      Worker.prototype.postMessage = send;
      await reloader.stop();
    }
  });

  it('swaps in an index that answers exactly like one built here from the same folder, reload after reload', { timeout: 60_000 }, async () => {
    for (const word of ['zebra', 'walrus', 'pelican']) await put(dir, `${word}.srt`, talk(word));
    for (const file of await readdir(BUNDLED_DIR)) await put(dir, file, await readFile(join(BUNDLED_DIR, file), 'utf8'));
    const holder = new Holder(buildIndex(await loadCorpus(dir)));
    const reloader = createReloader({ dir, bot: holder, logger: recordingLogger() });
    const queries = [...QUERIES, 'zebra', 'walrus pelican', 'otter', 'heron'];
    const answers = (index: SearchIndex): unknown =>
      queries.map((q) => {
        const r = index.search(q, { limit: 5 });
        return [r.total, r.hits.map((h) => [h.text, h.start, h.score, h.transcript.file])];
      });
    try {
      for (const word of ['otter', 'heron']) {
        await put(dir, `${word}.srt`, talk(word));
        expect(await reloader.reload()).toMatchObject({ outcome: 'swapped', added: [`${word}.srt`] });
        const fresh = buildIndex(await loadCorpus(dir));
        expect(answers(holder.index)).toEqual(answers(fresh));
        expect(holder.index.corpus.transcripts.map((t) => [t.file, t.cues])).toEqual(fresh.corpus.transcripts.map((t) => [t.file, t.cues]));
      }
    } finally {
      await reloader.stop();
    }
  });

  it('re-parses only the files that changed', { timeout: 60_000 }, async () => {
    for (const word of ['zebra', 'walrus', 'pelican']) await put(dir, `${word}.srt`, talk(word));
    builder = createWorkerBuilder();
    const first = await builder.scan({ dir, reset: { live: [], seed: {} } });
    expect(first).toMatchObject({ parsed: 3, report: { verdict: 'changed', added: ['pelican.srt', 'walrus.srt', 'zebra.srt'] } });
    expect(finds(first.index!, 'walrus', 'walrus.srt')).toBe(true);
    await put(dir, 'otter.srt', talk('otter'));
    const second = await builder.scan({ dir });
    expect(second).toMatchObject({ parsed: 4, report: { verdict: 'changed', added: ['otter.srt'], changed: [], removed: [], read: 1, reused: 3 } });
    expect(second.index!.corpus.transcripts.map((t) => t.file).sort()).toEqual(['otter.srt', 'pelican.srt', 'walrus.srt', 'zebra.srt']);
    expect(await builder.scan({ dir })).toMatchObject({ parsed: 4, index: undefined, report: { verdict: 'unchanged', read: 0 } });
  });
});
