import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { buildIndex, buildIndexFromTokens, indexDataOf } from '../../../src/search/index.ts';
import { loadAndTokenize } from '../../../src/search/index/load-tokenize.ts';
import { searchParams } from '../../../src/search/params.ts';
import { plainData } from '../helpers.ts';

const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url));
const pauseSeconds = searchParams().passages.pauseSeconds;

describe('loadAndTokenize', () => {
  // Skipped files, a duplicate id, sidecars, several formats and collections: the fixtures folder.
  it.each([
    ['one thread', { workers: 0 }],
    ['one worker, one file a batch', { workers: 1, minFiles: 0, batchFiles: 1, mainTakes: false }],
    ['two workers, three files a batch', { workers: 2, minFiles: 0, batchFiles: 3, mainTakes: false }],
    ['two workers and this thread', { workers: 2, minFiles: 0, batchFiles: 2 }],
  ])('gives the corpus and index of one pass (%s)', async (_, options) => {
    const expected = buildIndex(await loadCorpus(fixtures));
    const warnings: string[] = [];
    const files: number[] = [];
    const loaded = await loadAndTokenize(fixtures, { pauseSeconds, ...options, onWarning: (w) => warnings.push(w), load: { onFile: (_f, i) => files.push(i) } });
    const index = buildIndexFromTokens(loaded);
    expect(warnings).toEqual([]);
    expect(loaded.corpus).toEqual(expected.corpus);
    expect(loaded.corpus.skipped.length).toBeGreaterThan(0);
    expect(files).toEqual(Array.from({ length: files.length }, (_v, i) => i + 1));
    expect(files.length).toBe(loaded.corpus.transcripts.length + loaded.corpus.skipped.length);
    expect(plainData(indexDataOf(index)!.data)).toEqual(plainData(indexDataOf(expected)!.data));
    expect(index.search('sourdough starter').hits).toEqual(expected.search('sourdough starter').hits);
  }, 30_000);
});
