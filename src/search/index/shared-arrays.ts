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
  return Object.assign(Object.create(Object.getPrototypeOf(object) as object) as T, fields);
}

/** The postings of `bm25` in shared memory (a new `Bm25Index` over them). */
export function sharedBm25(bm25: Bm25Index): Bm25Index {
  return withSharedFields(bm25);
}

/** The pruning bounds in shared memory (a new `TermBounds` over them). */
export function sharedBounds(bounds: TermBounds): TermBounds {
  return withSharedFields(bounds);
}

/**
 * The passage and chunk arrays a ranking reads in shared memory (each field of `data` replaced by its copy,
 * the rest of `data` as it is).
 */
export function sharePassageArrays(data: {
  pTranscript: Int32Array;
  pBase: Int32Array;
  pSpeaker: Int32Array;
  pChunk: Int32Array;
  blockLo: Int32Array;
  blockHi: Int32Array;
  blockNorm: Float64Array;
}): void {
  data.pTranscript = inShared(data.pTranscript);
  data.pBase = inShared(data.pBase);
  data.pSpeaker = inShared(data.pSpeaker);
  data.pChunk = inShared(data.pChunk);
  data.blockLo = inShared(data.blockLo);
  data.blockHi = inShared(data.blockHi);
  data.blockNorm = inShared(data.blockNorm);
}
