/**
 * The arrays a pruned ranking reads, moved into shared memory when a second ranking thread will read them
 * too (`src/search/ranking/rank-thread.ts`): the postings (`Bm25Index`), the passage and chunk arrays and the
 * pruning bounds. An index restored from the index cache or from another thread has them there already;
 * a build copies each once, as it is made, before anything else keeps the original.
 *
 * @example
 * if (rankThreadsWanted(numPassages, params)) bm25 = sharedBm25(bm25);
 * sharePassageArrays(data);
 */
import { availableParallelism } from 'node:os';
import type { SearchParams } from '../params.ts';
import type { IndexData } from './index-data.ts';
import { Bm25Index } from './bm25.ts';
import { TermBounds } from './bounds.ts';

type Typed = Int32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

/** Whether a corpus of `numPassages` passages ranks on a second thread ({@link RankWeights.rankThreads}), so its ranking arrays belong in shared memory. */
export function rankThreadsWanted(numPassages: number, params: SearchParams): boolean {
  const w = params.rank;
  return w.rankThreads >= 2 && numPassages >= w.rankThreadMinPassages && w.prune > 0 && availableParallelism() >= 2;
}

/** `array` in shared memory: itself when it is there already, else a copy. */
export function inShared<T extends Typed>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** Every typed-array field of `object` in shared memory ({@link inShared}), on a new object of its class. */
function withSharedFields<T extends object>(object: T): T {
  const fields = { ...object } as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) if (ArrayBuffer.isView(value) && !(value instanceof DataView)) fields[key] = inShared(value as Typed);
  return onPrototype<T>(Object.getPrototypeOf(object) as object, fields);
}

/** An object of the class whose prototype is `prototype`, with `fields` as its own (a class instance rebuilt from its fields, e.g. in another thread). */
export function onPrototype<T>(prototype: object, fields: Record<string, unknown>): T {
  return Object.assign(Object.create(prototype) as object, fields) as T;
}

/** The postings of `bm25` in shared memory (a new `Bm25Index` over them). */
export function sharedBm25(bm25: Bm25Index): Bm25Index {
  return withSharedFields(bm25);
}

/** The pruning bounds in shared memory (a new `TermBounds` over them). */
export function sharedBounds(bounds: TermBounds): TermBounds {
  return withSharedFields(bounds);
}

/** The passage and chunk arrays of the index a ranking reads, besides the postings and the bounds. */
export const RANKING_ARRAYS = ['pTranscript', 'pBase', 'pSpeaker', 'pChunk', 'blockLo', 'blockHi', 'blockNorm'] as const;

/** Those arrays ({@link RANKING_ARRAYS}). */
export type RankingArrays = Pick<IndexData, (typeof RANKING_ARRAYS)[number]>;

/** The {@link RANKING_ARRAYS} of `data`. */
export function rankingArrays(data: RankingArrays): RankingArrays {
  return Object.fromEntries(RANKING_ARRAYS.map((key) => [key, data[key]])) as unknown as RankingArrays;
}

/** Each of `parts`' {@link RANKING_ARRAYS} (whichever part holds it) replaced by its copy in shared memory. */
export function sharePassageArrays(...parts: Array<Partial<RankingArrays>>): void {
  for (const part of parts) {
    for (const key of RANKING_ARRAYS) {
      const array = part[key];
      if (array) (part as Record<string, Typed>)[key] = inShared(array);
    }
  }
}
