/** Collection views of an index (`SearchIndex.within`): every method sees only the bound collections' videos. */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { buildIndex } from '../../src/search/index.ts';
import { decodeSnapshot, encodeSnapshot } from '../../src/search/persist/snapshot.ts';
import type { SearchIndex } from '../../src/search/types.ts';

const DIR = fileURLToPath(new URL('../fixtures/collections', import.meta.url));
let index: SearchIndex;
beforeAll(async () => {
  index = buildIndex(await loadCorpus(DIR));
});

const videosOf = (hits: Array<{ video: { id: string } }>) => [...new Set(hits.map((h) => h.video.id))].sort();

describe('collections', () => {
  it('lists the named collections; top-level files have none', () => {
    expect(index.collections()).toEqual(['garden', 'kitchen']);
    expect(index.corpus.transcripts.map((t) => [t.meta.id, t.collection])).toEqual([
      ['gardenCmp1', 'garden'],
      ['topLevel001', undefined],
      ['kitchenBrd1', 'kitchen'],
    ]);
  });

  it('a view searches, lists and completes only its collections', () => {
    expect(videosOf(index.search('compost', { limit: 10 }).hits)).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
    const kitchen = index.within(['Kitchen']);
    expect(kitchen.collections()).toEqual(['kitchen']);
    expect(kitchen.corpus.transcripts.map((t) => t.meta.id)).toEqual(['kitchenBrd1']);
    expect(videosOf(kitchen.search('compost', { limit: 10 }).hits)).toEqual(['kitchenBrd1']);
    expect(kitchen.search('earthworms').hits).toHaveLength(0);
    expect(videosOf(kitchen.mentions('compost').hits)).toEqual(['kitchenBrd1']);
    expect(kitchen.mentions('compost', { video: 'gardenCmp1' }).hits).toHaveLength(0);
    expect(kitchen.search('compost', { video: 'gardenCmp1' }).hits).toHaveLength(0);
    expect(kitchen.findVideos('Compost Heaps').map((v) => v.id)).not.toContain('gardenCmp1');
    expect(kitchen.around('gardenCmp1', 10)).toEqual([]);
    expect(index.suggest('earth')).toContain('earthworms');
    expect(kitchen.suggest('earth')).toEqual([]);
    expect(kitchen.verify('Turn the compost every week so the worms and the bacteria get enough air').verdict).toBe('none');
    expect(index.verify('Turn the compost every week so the worms and the bacteria get enough air').verdict).toBe('verbatim');
    for (let i = 0; i < 20; i++) expect(kitchen.random(undefined, () => i / 20)?.video.id).toBe('kitchenBrd1');
  });

  it('several collections, unknown names and no limit', () => {
    // The top-level file sorts between the two folders, so the view is not one range of passages.
    expect(index.corpus.transcripts[1]!.collection).toBeUndefined();
    expect(videosOf(index.within(['garden', 'kitchen']).search('compost', { limit: 10 }).hits)).toEqual(['gardenCmp1', 'kitchenBrd1']);
    expect(index.within(['nowhere']).search('compost').hits).toHaveLength(0);
    expect(index.within(['nowhere']).random()).toBeUndefined();
    expect(index.within([])).toBe(index);
    expect(index.within(undefined)).toBe(index);
    expect(index.within(['kitchen'])).toBe(index.within(['KITCHEN']));
  });

  it('an index restored from the cache keeps the collections', () => {
    const restored = decodeSnapshot(Buffer.concat(encodeSnapshot(index, 'k')), 'k');
    expect(restored.collections()).toEqual(['garden', 'kitchen']);
    expect(videosOf(restored.within(['kitchen']).search('compost', { limit: 10 }).hits)).toEqual(['kitchenBrd1']);
  });
});
