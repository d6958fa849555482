/**
 * Warming the search's lazily loaded resources, so the first user query does not pay for them: the WordNet
 * index behind synonym expansion (~0.4-0.5 s and ~32 MB once per process, {@link synonyms}), the spoken-English
 * word frequencies behind the relevance floor (~0.1-0.2 s, {@link generalRank}) and the index's own typo
 * correction structure (bigram lists of its vocabulary, built on the first fuzzy lookup), and verify's word
 * lists and corpus word index (built on the first `verify`; typed arrays, ~2.2 bytes per word held: docs/benchmarks.md) with the corpus lexicon
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
import { storedText } from '../../corpus/text.ts';
import { lexiconOf, lexiconSteps } from '../text/lexicon.ts';
import { ENGINE_DEFAULTS } from '../params.ts';
import { viewsOf } from '../index.ts';
import type { SearchIndex } from '../types.ts';
import { builtWords, transcriptWords } from '../verify/words.ts';

/** A made-up word: unknown to WordNet, to the frequency list and (almost surely) to any corpus. */
const PROBE = 'quotebotwarmupzq';

/** Options of {@link warmSearch}. */
export interface WarmOptions {
  /**
   * Also build verify's corpus word index (~0.3 s at 100 hours, on this thread). Default true. The hot reload
   * passes false: it warms only the search part (~10-20 ms) before the swap, so a reload never blocks answers
   * for a second, carries the unchanged files' word tables over (`carry.ts`) and builds the rest after the
   * swap with {@link verifyWarmSteps}.
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

/** Step sizes of {@link verifyWarmSteps}: `ENGINE_DEFAULTS.warmChars`, `warmLexicon` and `warmRunTokens` (src/search/params.ts). */
export const WARM_STEP = { chars: ENGINE_DEFAULTS.warmChars, lexicon: ENGINE_DEFAULTS.warmLexicon, runTokens: ENGINE_DEFAULTS.warmRunTokens };

/**
 * The warm-up of verify's word index ({@link warmSearch} with `verify`) cut into small synchronous steps,
 * for a hot reload to run after the swap with the event loop running between two (one step per `next()`):
 * the stored text and word table of every transcript that has none yet (a reload carries the unchanged
 * ones' over: `carry.ts`), a few per step; the corpus lexicon in steps, and that of each collection view
 * made so far ({@link viewsOf}); then one verify of a word no
 * corpus says (verify's corpus postings, on a corpus small enough to use them). A verify or search
 * arriving meanwhile builds what it still needs itself, so answers never depend on how far this got.
 *
 * @example for (const _ of verifyWarmSteps(index)) await pause();
 */
export function* verifyWarmSteps(index: SearchIndex, steps: Partial<typeof WARM_STEP> = {}): Generator<void, void> {
  const step = { ...WARM_STEP, ...steps };
  const transcripts = index.corpus.transcripts;
  let chars = 0;
  for (const t of transcripts) {
    const text = storedText(t).text;
    chars += text.length / 8; // a stored text made from cues costs far less than tokenising it
    if (!builtWords(t)) {
      transcriptWords(t);
      chars += text.length;
    }
    if (chars >= step.chars) (chars = 0), yield;
  }
  yield* lexiconSteps(transcripts, step.lexicon);
  // Where runs of words start: the acronym chance rule's scan of every token, before a query needs it.
  yield* afterStartSteps(index, step.runTokens);
  // Each collection view has a lexicon of its own transcripts (made views: a reload makes the old index's).
  for (const names of viewsOf(index)) yield* lexiconSteps(index.within(names).corpus.transcripts, step.lexicon);
  yield;
  index.verify(`${PROBE} ${PROBE}`);
}

/**
 * What the bot's start-up warm-up ({@link warmSearch}) leaves for after the start, in steps the caller runs
 * with the event loop running between two (the bot answers meanwhile): where runs of words start, for the
 * acronym chance rule (`Lexicon.runPlaceSteps`: a scan of every token, ~1.7 s at 10,000 hours), so no query
 * pays for it. A query that needs it first counts it at once; the steps then stop.
 *
 * @example for (const _ of afterStartSteps(index)) await new Promise((r) => setImmediate(r));
 */
export function* afterStartSteps(index: SearchIndex, runTokens = WARM_STEP.runTokens): Generator<void, void> {
  yield* lexiconOf(index.corpus.transcripts).runPlaceSteps(runTokens);
}
