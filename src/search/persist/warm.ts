/**
 * Warming the search's lazily loaded resources, so the first user query does not pay for them: the WordNet
 * index behind synonym expansion (~0.4-0.5 s and ~32 MB once per process, {@link synonyms}), the spoken-English
 * word frequencies behind the relevance floor (~0.1-0.2 s, {@link generalRank}) and the index's own typo
 * correction structure (bigram lists of its vocabulary, built on the first fuzzy lookup), and verify's word
 * lists and corpus word index (built on the first `verify`; typed arrays, ~11 bytes per word: docs/benchmarks.md) with the corpus lexicon
 * built from it (`lexicon.ts`: word forms, acronyms, coverage). A Discord
 * interaction must be acknowledged within 3 s, so the bot warms these at startup, before it connects.
 *
 * One search of a word no corpus says reaches all three (synonym lookup, rarity rank, correction, sub-words),
 * through the public {@link SearchIndex} API only; its answer is discarded. Nothing is loaded at import.
 * `quotebot search --json` and the tests do not call it (they load what their queries need, when needed).
 *
 * @example
 * const ms = warmSearch(index); // ~0.5-0.8 s on the first call in a process, a few ms after
 */
import { lexiconOf } from '../text/lexicon.ts';
import type { SearchIndex } from '../types.ts';

/** A made-up word: unknown to WordNet, to the frequency list and (almost surely) to any corpus. */
const PROBE = 'quotebotwarmupzq';

/** Options of {@link warmSearch}. */
export interface WarmOptions {
  /**
   * Also build verify's corpus word index (~0.3 s at 100 hours, on this thread). Default true. The hot reload
   * passes false: it warms only the search part (~10-20 ms), so a reload never blocks answers for a second.
   * @example warmSearch(index, { verify: false })
   */
  verify?: boolean;
}

/** Loads the lazy resources of `index` and of the search modules; returns the milliseconds it took. Never throws. */
export function warmSearch(index: SearchIndex, options: WarmOptions = {}): number {
  const t0 = performance.now();
  try {
    index.search(PROBE, { limit: 1, requireKeyWord: true, minRelative: 0.4 });
    if (options.verify !== false) {
      index.verify(`${PROBE} ${PROBE}`);
      // The corpus lexicon behind "not covered", acronyms and timelines (built from verify's word index).
      lexiconOf(index.corpus.transcripts);
    }
  } catch {
    // Warming is best effort: a failure here shows up (and is handled) on the first real query instead.
  }
  return performance.now() - t0;
}
