/**
 * What the transcripts themselves say, word by word: the corpus lexicon used to decide whether a topic is
 * covered and which words stand for it. Everything here is learned from the captions at index time (built
 * lazily once per corpus and cached), never from hand-made lists:
 *
 * - **word forms**: the inflections of a topic word that are said (`gpu` / `gpus`, `compression` /
 *   `compressed`), never two different words a stemmer happens to join (`transformer` is not
 *   `transformation`, `probability` is not `probably`, `gpu` is not `gpt`);
 * - **joined and split words**: a two-word query said as one word (`eigen vectors` -> `eigenvectors`) and
 *   a one-word query said as two (`openai` -> `open ai`, `selfsimilar` -> `self similar`);
 * - **acronyms**: an upper-case query word spelled by the initials of a run of words that is said
 *   (`RL` -> `reinforcement learning`, `CNN` -> `convolutional neural network`).
 *
 * Words are the normalised tokens of {@link tokenize} in `align.ts` (the ones `verify` compares), so
 * `newton's` is `newtons` and `it's` is `it is`.
 *
 * @example
 * const lex = lexiconOf(index.corpus.transcripts);
 * lex.forms('gpus')            // ['gpu', 'gpus']
 * lex.acronym('CNN')           // ['convolutional', 'neural', 'network']
 */
import type { Transcript } from '../../corpus/types.ts';
import { transcriptWords } from '../verify/anchors.ts';
import { spellingSimilarity } from '../verify/align.ts';
import { generalRank } from '../query/relevance.ts';
import { isStopword } from './stopwords.ts';
import { SEARCH_DEFAULTS } from '../params.ts';
import { editDistance } from './vocabulary.ts';
import { BREAKS, LINKS, nextRunStart, runWordKind, SPELLS, spellRun, wordKinds, type WordKinds } from './acronym-spelling.ts';

/** Inflected forms share a base: `gpus` -> `gpu`, `compressed` -> `compress`, `probabilities` -> `probability`. */
export function inflectionBases(word: string): string[] {
  const out = [word];
  const add = (w: string) => {
    if (w.length >= 3 && !out.includes(w)) out.push(w);
  };
  if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) add(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
  if (word.endsWith("'s")) add(word.slice(0, -2));
  if (word.endsWith('ed')) {
    add(word.slice(0, -2));
    add(word.slice(0, -1));
  }
  if (word.endsWith('ing')) {
    add(word.slice(0, -3));
    add(`${word.slice(0, -3)}e`);
  }
  return out;
}

/** Work units of grouping one word by its inflection bases, against 1 for counting a transcript's word. */
const BASE_WORK = 8;

/** The lexicon of one corpus (see the module comment). */
export class Lexicon {
  /** How often each word is said, all transcripts together. */
  readonly counts = new Map<string, number>();
  /** Words by their inflection bases. */
  private readonly byBase = new Map<string, string[]>();
  private readonly acronyms = new Map<string, AcronymRun>();
  /** Per run length (index 2-6): the places a run of that many words starts ({@link chanceSpellings}). */
  private runPlaces: number[] | undefined;
  /** The share of said words that spell (every use counted) that begin with each letter. */
  private initialShares: Map<string, number> | undefined;
  /**
   * Each word id's kind and first letter, for the scans over every token ({@link acronymRun},
   * {@link chanceSpellings}): the one table every lexicon shares ({@link wordKinds}).
   */
  readonly kinds: WordKinds = wordKinds;

  /** @param fill build it now (default); false leaves it empty for {@link Lexicon.fill} in steps. */
  constructor(readonly transcripts: readonly Transcript[], fill = true) {
    if (fill) for (const _ of this.fill(Infinity));
  }

  /**
   * Counts every transcript's words, then groups the words by inflection base, yielding whenever about
   * `stepWork` units were done (a word of a transcript counts 1, a word grouped {@link BASE_WORK}); the
   * order of everything is the same whatever the step, so a lexicon built in steps equals one built at once.
   */
  *fill(stepWork: number): Generator<void, void> {
    let work = 0;
    for (const t of this.transcripts) {
      const words = transcriptWords(t);
      for (const [word, n] of words.counts()) this.counts.set(word, (this.counts.get(word) ?? 0) + n);
      if ((work += words.distinct) >= stepWork) (work = 0), yield;
    }
    for (const word of this.counts.keys()) {
      for (const base of inflectionBases(word)) {
        const list = this.byBase.get(base);
        if (list) list.push(word);
        else this.byBase.set(base, [word]);
      }
      if ((work += BASE_WORK) >= stepWork) (work = 0), yield;
    }
  }

  /** Whether the word is said anywhere. */
  has(word: string): boolean {
    return this.counts.has(word);
  }

  /**
   * The said words that are inflections of `word` (including itself when said): words sharing an
   * inflection base with it, plus, for a noun in `-ion`, its verb's forms (`compression` -> `compress`,
   * `compressed`) and, for any word, its `-al` adjective (`convolution` -> `convolutional`).
   */
  forms(word: string): string[] {
    const out = new Set<string>();
    const bases = inflectionBases(word);
    // The verb of an -ion noun counts only when its bare form is said ("compress"), so "convoluted" (said,
    // while "convolute" is not) stays apart from "convolution".
    if (word.endsWith('ion') && word.length > 6) {
      for (const verb of [word.slice(0, -3), `${word.slice(0, -3)}e`]) if (this.counts.has(verb)) bases.push(verb);
    }
    for (const base of bases) {
      for (const w of this.byBase.get(base) ?? []) {
        // A shared base must be one of the word's own bases or the word itself: "news" is no form of "new".
        if (w === word || inflectionBases(w).some((b) => bases.includes(b))) out.add(w);
      }
    }
    for (const extra of [`${word}al`, `${word}s`]) if (this.counts.has(extra)) out.add(extra);
    return [...out];
  }

  /** How often `a` is said right before `b` (capped scan: stops counting at `cap`). */
  bigramCount(a: string, b: string, cap = 1000): number {
    let n = 0;
    for (const t of this.transcripts) {
      const words = transcriptWords(t);
      const at = words.positions(a);
      if (!at || !words.has(b)) continue;
      for (const i of at) if (words.norm(i + 1) === b && ++n >= cap) return n;
    }
    return n;
  }

  /**
   * A two-or-three-word topic said as one word (`eigen vectors` -> `eigenvectors`), when that word is said.
   */
  joined(words: readonly string[]): string | undefined {
    if (words.length < 2 || words.length > 3) return undefined;
    const joined = words.join('');
    if (this.counts.has(joined)) return joined;
    const singular = inflectionBases(joined).find((b) => this.counts.has(b));
    return singular ?? this.byBase.get(joined)?.[0];
  }

  /**
   * A one-word topic said as two words (`openai` -> `open ai`): the split whose two parts (2+ letters, no
   * stopwords) are said one right after the other most often, or undefined.
   */
  split(word: string): [string, string] | undefined {
    if (word.length < 5) return undefined;
    let best: [string, string] | undefined;
    let bestCount = 0;
    for (let i = 2; i <= word.length - 2; i++) {
      const a = word.slice(0, i);
      const b = word.slice(i);
      if (isStopword(a) || isStopword(b)) continue;
      const bForms = [b, ...inflectionBases(b)].filter((w) => this.counts.has(w));
      if (!this.counts.has(a) || !bForms.length) continue;
      for (const form of bForms) {
        const n = this.bigramCount(a, form);
        if (n > bestCount) {
          best = [a, form];
          bestCount = n;
        }
      }
    }
    return best;
  }

  /**
   * The run of said words whose initials spell `acronym` (2-6 letters), the most often said such run; words
   * inside the run may be skipped when they are stopwords (`RLHF` -> reinforcement learning from human
   * feedback). A word spelled as two said words counts with both initials (`MLP` -> multilayer perceptron),
   * but a run is at least two words that are not stopwords. Undefined when no run is said at least once.
   */
  acronym(acronym: string): string[] | undefined {
    return this.acronymRun(acronym).run;
  }

  /**
   * Whether one transcript says both the acronym's run (`found`, from {@link acronymRun}) and one of the
   * `words` (the acronym's own forms): a speaker who says "fast fourier transform" and "FFT" in one video is
   * spelling it out.
   */
  saidWithRun(found: AcronymRun, words: readonly string[]): boolean {
    for (const i of found.saidIn) {
      const said = transcriptWords(this.transcripts[i]!);
      if (words.some((w) => said.has(w))) return true;
    }
    return false;
  }

  /** The run {@link acronym} returns, how often it is said and where (worked out once per acronym). */
  acronymRun(acronym: string): AcronymRun {
    const key = acronym.toLowerCase();
    const known = this.acronyms.get(key);
    if (known) return known;
    let result: string[] | undefined;
    let best = 0;
    const found = new Map<string, { n: number; saidIn: Set<number> }>();
    if (/^[a-z]{2,6}$/.test(key)) {
      const kinds = this.kinds;
      this.transcripts.forEach((t, ti) => {
        // Read through the ids (no array of every word of the corpus): spellRun reads the words only
        // where the word kinds' typed tables say a run may start.
        const words = transcriptWords(t);
        const ids = words.ids;
        for (let i = nextRunStart(kinds, ids, 0, key); i < ids.length; i = nextRunStart(kinds, ids, i + 1, key)) {
          const run = spellRun(words, i, key, this)?.join(' ');
          if (!run) continue;
          const seen = found.get(run) ?? { n: 0, saidIn: new Set<number>() };
          seen.n++;
          seen.saidIn.add(ti);
          found.set(run, seen);
        }
      });
      let second = 0;
      for (const [run, { n }] of found) {
        if (n > best) {
          second = best;
          best = n;
          result = run.split(' ');
        } else if (n > second) second = n;
      }
      // A run no more said than another spelling the same initials is a chance spelling, not the name the
      // letters stand for ("complicated neural network" and "complex numbers are each number", once each);
      // so is one said once where chance alone would spell the letters ("solid grasp of determinants").
      if (best <= second || (best === 1 && this.chanceSpellings(key) >= SEARCH_DEFAULTS.query.acronymOnceChance)) {
        result = undefined;
        best = 0;
      }
    }
    const entry = { run: result, uses: best, saidIn: result ? found.get(result.join(' '))!.saidIn : new Set<number>() };
    this.acronyms.set(key, entry);
    return entry;
  }

  /**
   * How many runs of words would spell the letters `key` by chance in this corpus: the places a run of
   * `key.length` words starts (a word that spells, then more such words with only linking words between
   * them, as {@link spellRun} reads them), times the share of said words that begin with each letter. About 1.5 for "sgd" over 35 3Blue1Brown videos, 0.0001 for "rlhf" in one interview.
   */
  chanceSpellings(key: string): number {
    if (!this.runPlaces) for (const _ of this.runPlaceSteps(Infinity));
    const places = this.runPlaces!;
    const shares = (this.initialShares ??= this.countInitials());
    let expected = places[key.length] ?? 0;
    for (const letter of key) expected *= shares.get(letter) ?? 0;
    return expected;
  }

  /** Whether the places runs start are counted ({@link chanceSpellings} then scans nothing). */
  get runPlacesCounted(): boolean {
    return this.runPlaces !== undefined;
  }

  /**
   * Counts the places runs start ({@link chanceSpellings}) in steps of about `stepTokens` tokens, for a
   * warm-up that lets the event loop run between two (one step per `next()`): a scan of every token, ~1.7 s
   * at 10,000 hours, then off the path of the first query that needs it. A `chanceSpellings` call meanwhile
   * counts at once, and the steps stop. The counts are the same whatever the step.
   * @example for (const _ of lex.runPlaceSteps(1_000_000)) await pause();
   */
  *runPlaceSteps(stepTokens: number): Generator<void, void> {
    const places = [0, 0, 0, 0, 0, 0, 0];
    let work = 0;
    for (const t of this.transcripts) {
      if (this.runPlaces) return;
      work += this.countRunPlacesIn(t, places);
      if (work >= stepTokens) (work = 0), yield;
    }
    this.runPlaces ??= places;
  }

  /** Adds transcript `t`'s run starts to `places` (by run length); returns its tokens. */
  private countRunPlacesIn(t: Transcript, places: number[]): number {
    const kinds = this.kinds;
    const ids = transcriptWords(t).ids;
    for (let i = 0; i < ids.length; i++) {
      if (kinds.kind(ids[i]!) !== SPELLS) continue;
      let content = 0;
      // As spellRun reads a run: up to 6 words that spell, at most 2 linking words between them.
      for (let j = i; j < ids.length && content < 6; j++) {
        const kind = kinds.kind(ids[j]!);
        if (kind === BREAKS || j - i + 1 > content + 3) break;
        if (kind === LINKS) continue;
        content++;
        if (content >= 2) places[content]!++;
      }
    }
    return ids.length;
  }

  /** The share of said words that spell (every use counted) that begin with each letter. */
  private countInitials(): Map<string, number> {
    const shares = new Map<string, number>();
    let all = 0;
    for (const [word, n] of this.counts) {
      if (runWordKind(word) !== SPELLS) continue;
      shares.set(word[0]!, (shares.get(word[0]!) ?? 0) + n);
      all += n;
    }
    for (const [letter, n] of shares) shares.set(letter, n / all);
    return shares;
  }
}

/** The run of said words an acronym spells ({@link Lexicon.acronymRun}). */
export interface AcronymRun {
  /** The words, or undefined when no run is said (or two are said equally often). */
  run: string[] | undefined;
  /** How often the run is said (0 when there is none). */
  uses: number;
  /** The transcripts (indexes into the lexicon's) that say it. */
  saidIn: Set<number>;
}

/**
 * The words a word typed in capitals (`RLHF`, `GPTs`) stands for: the {@link Lexicon.acronym} run, when
 * that run is said more often than the word itself in any form. A said acronym whose initials happen to
 * spell a common run ("GPT" -> "given point in time", "SHA" -> "see what happens after ...") stays itself;
 * one never said, or said less than its words ("ML" said twice, "machine learning" often), is read as them.
 *
 * @example
 * acronymOf(lex, 'RLHF') // ['reinforcement', 'learning', 'from', 'human', 'feedback']
 */
export function acronymOf(lex: Lexicon, raw: string): string[] | undefined {
  if (!/^[A-Z]{2,6}s?$/.test(raw)) return undefined;
  const key = raw.replace(/s$/, '');
  const found = lex.acronymRun(key);
  const run = found.run;
  if (!run) return undefined;
  const forms = lex.forms(key.toLowerCase());
  let literal = 0;
  for (const w of forms) literal += lex.counts.get(w) ?? 0;
  if (found.uses <= literal) return undefined;
  // A said acronym stands for a run only where one transcript says both ("TV", said once in a video
  // without "two vectors", is no abbreviation of that common phrase).
  return literal === 0 || lex.saidWithRun(found, forms) ? run : undefined;
}

const cache = new WeakMap<readonly Transcript[], Lexicon>();

/** The lexicon of a corpus's transcripts (built on first use, cached per transcripts array). */
export function lexiconOf(transcripts: readonly Transcript[]): Lexicon {
  let lex = cache.get(transcripts);
  if (!lex) {
    lex = new Lexicon(transcripts);
    cache.set(transcripts, lex);
  }
  return lex;
}

/**
 * Builds the lexicon of `transcripts` in steps (see {@link Lexicon.fill}; the caller runs one step per
 * `next()` and lets the event loop run between two) and caches it as {@link lexiconOf} does. A
 * `lexiconOf` call meanwhile builds its own at once; the steps then stop and return that one.
 * @example for (const _ of lexiconSteps(index.corpus.transcripts, 50_000)) await pause();
 */
export function* lexiconSteps(transcripts: readonly Transcript[], stepWork: number): Generator<void, Lexicon> {
  const built = cache.get(transcripts);
  if (built) return built;
  const lex = new Lexicon(transcripts, false);
  for (const _ of lex.fill(stepWork)) {
    yield;
    const meanwhile = cache.get(transcripts);
    if (meanwhile) return meanwhile;
  }
  cache.set(transcripts, lex);
  return lex;
}

/** The closest said spelling of a word that is no everyday English word, or undefined. */
export function typoOf(lex: Lexicon, word: string): string | undefined {
  if (word.length < 4 || generalRank(word) !== Infinity) return undefined;
  // A short word one edit from a said word is as likely a name never said ("huang" is no "hang"): below
  // six letters only swapped letters count as a typo ("gpsu" -> "gpus").
  const letters = [...word].sort().join('');
  const short = word.length < 6;
  const limit = 1; // one edit (a transposition counts as one): two would read "imagenet" as "imagine"
  let best: string | undefined;
  let bestKey = [Infinity, 0];
  for (const [w, n] of lex.counts) {
    if (Math.abs(w.length - word.length) > limit || w[0] !== word[0] || isStopword(w)) continue;
    const d = editDistance(word, w, limit);
    if (d > limit || (short && [...w].sort().join('') !== letters)) continue;
    if (d < bestKey[0]! || (d === bestKey[0] && n > bestKey[1]!)) {
      best = w;
      bestKey = [d, n];
    }
  }
  return best;
}

/** British and American spellings of one word: `optimisation` / `optimization`, `colour` / `color`. */
export function spellingVariant(lex: Lexicon, word: string): string | undefined {
  const variants = [word.replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1'), word.replace(/our(s?)$/, 'or$1'), word.replace(/tre(s?)$/, 'ter$1'), word.replace(/yse(d|s)?$/, 'yze$1')];
  return variants.find((v) => v !== word && lex.has(v));
}

/**
 * A said word that looks like an auto-caption garbling of `word` (a name or coined term, not everyday
 * English: `imagenet` captioned "imet"), itself no English word; undefined otherwise.
 */
export function garbleOf(lex: Lexicon, word: string): string | undefined {
  if (word.length < 6 || generalRank(word) !== Infinity) return undefined;
  const head = word.slice(0, 2);
  let best: string | undefined;
  let bestSim = 0;
  for (const w of lex.counts.keys()) {
    // Captions garble a name into a shorter non-word ("imagenet" -> "imet"), not a longer one.
    if (!w.startsWith(head) || w.length > word.length || generalRank(w) !== Infinity) continue;
    const sim = spellingSimilarity(word, w);
    if (sim > bestSim) {
      best = w;
      bestSim = sim;
    }
  }
  return best;
}
