/**
 * The per-file parse cache behind hot reload: a scan parses only files whose size/mtime changed, and a
 * seeded file (unchanged since the live corpus was read) stands for what is served without counting as a
 * change, whether or not this thread holds its transcript.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../src/corpus/load.ts';
import type { Transcript } from '../../src/corpus/types.ts';
import { FileCatalog } from '../../src/reload/catalog.ts';
import { put, talk, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** A catalog whose loader records every file it parses. */
function counting(): { catalog: FileCatalog; parsed: string[] } {
  const parsed: string[] = [];
  const catalog = new FileCatalog({
    dir,
    loadFile: (path, root, options) => {
      parsed.push(path.slice(dir.length + 1));
      return loadFile(path, root, options);
    },
  });
  return { catalog, parsed };
}

const servedOf = (transcripts: Transcript[]): Map<string, Transcript> => new Map(transcripts.map((t) => [t.file, t]));

describe('FileCatalog', () => {
  it('re-parses only the files that changed', async () => {
    for (const word of ['zebra', 'walrus', 'pelican']) await put(dir, `${word}.srt`, talk(word));
    const { catalog, parsed } = counting();
    const first = await catalog.scan(new Map());
    expect(first).toMatchObject({ verdict: 'changed', added: ['pelican.srt', 'walrus.srt', 'zebra.srt'], read: 3 });
    catalog.commit();
    await put(dir, 'otter.srt', talk('otter'));
    const second = await catalog.scan(servedOf(first.transcripts));
    expect(second).toMatchObject({ verdict: 'changed', added: ['otter.srt'], changed: [], removed: [], read: 1, reused: 3 });
    expect(parsed).toEqual(['pelican.srt', 'walrus.srt', 'zebra.srt', 'otter.srt']);
    catalog.commit();
    const third = await catalog.scan(servedOf(second.transcripts));
    expect(third).toMatchObject({ verdict: 'unchanged', read: 0, reused: 4 });
    expect(parsed).toHaveLength(4);
  });

  it('takes a seeded file for the served one: reused when held, read once but not a change when not', async () => {
    await put(dir, 'a.srt', talk('zebra'));
    await put(dir, 'b.srt', talk('walrus'));
    const info = await stat(join(dir, 'a.srt'));
    const infoB = await stat(join(dir, 'b.srt'));
    const loadedState = [
      { file: 'a.srt', size: info.size, mtimeMs: info.mtimeMs },
      { file: 'b.srt', size: infoB.size, mtimeMs: infoB.mtimeMs },
    ];
    // This thread holds a.srt's transcript; b.srt is served but its transcript is elsewhere (a worker's view).
    const a = await loadFile(join(dir, 'a.srt'), dir);
    const served = new Map<string, Transcript | undefined>([['a.srt', a], ['b.srt', undefined]]);
    const { catalog, parsed } = counting();
    catalog.seed({ loadedState });
    const scan = await catalog.scan(served);
    expect(scan).toMatchObject({ verdict: 'unchanged', added: [], changed: [], removed: [] });
    expect(parsed).toEqual(['b.srt']);
  });
});
