/** The reload worker's own build: never in shared memory for a second ranking thread (it answers no query). */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { workerIndex } from '../../src/reload/build-worker.ts';
import { indexDataOf } from '../../src/search/index.ts';
import { BUNDLED_DIR } from '../fuzz/hostile.ts';

describe('workerIndex', () => {
  it('leaves the postings, passage arrays and bounds unshared even where two threads would rank', async () => {
    const corpus = await loadCorpus(BUNDLED_DIR);
    const index = workerIndex(corpus, { rank: { pruneMinPassages: 0, rankThreadMinPassages: 0 } });
    const { data } = indexDataOf(index)!;
    expect(data.bounds).toBeDefined();
    const arrays = [data.bm25.docs, data.pTranscript, data.blockNorm, ...Object.values(data.bounds!).filter((v) => ArrayBuffer.isView(v))];
    for (const array of arrays) expect(array.buffer instanceof SharedArrayBuffer).toBe(false);
  });
});
