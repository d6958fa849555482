/**
 * How a run of said words spells an acronym (`RLHF` -> "reinforcement learning from human feedback"): the
 * one rule of which words take part in a run ({@link runWordKind}), the reading of a run from a token
 * ({@link spellRun}), and the quick check over typed tables of where a run may start
 * ({@link nextRunStart}), which the corpus scan of {@link Lexicon.acronymRun} applies to every token before
 * it reads the words, over the per-word-id table {@link WordKinds} (one for the thread: {@link wordKinds}).
 * Both read words through `runWordKind` only, so a change to which words spell, link or break a run
 * reaches both.
 *
 * Words are verify's normalised tokens and ids ({@link wordOf}); keys are acronyms in lower case.
 *
 * @example
 * runWordKind('learning') // SPELLS
 * runWordKind('from')     // LINKS
 * runWordKind('are')      // BREAKS
 * spellRun(words, i, 'rlhf', lexicon) // ['reinforcement', 'learning', 'from', 'human', 'feedback'] when said from token i
 */
import type { TranscriptWords, WordIds } from '../verify/words.ts';
import { wordCount, wordOf } from '../verify/words.ts';
import { isStopword } from './stopwords.ts';

/** A word whose initial spells a letter of an acronym: any word that is no stopword. A run starts and ends with one. */
export const SPELLS = 1;
/** A stopword a run may skip between two words that spell (a preposition or "and": "learning from human feedback"). */
export const LINKS = 2;
/** Another stopword (a verb, article, pronoun): no run reads past it ("complex numbers are each number" is no CNN). */
export const BREAKS = 3;
/** How a word takes part in an acronym's run: {@link SPELLS}, {@link LINKS} or {@link BREAKS}. */
export type RunWordKind = typeof SPELLS | typeof LINKS | typeof BREAKS;

/** The stopwords an acronym may skip inside its run: prepositions and "and" that link the nouns of a name. */
const ACRONYM_LINKS = new Set(['of', 'for', 'from', 'with', 'and', 'in', 'on', 'to', 'by', 'over', 'through', 'via']);

/**
 * How `word` (a normalised token) takes part in an acronym's run: it spells a letter (no stopword), links two
 * words that do (one of the linking stopwords), or breaks the run (any other stopword). The one rule both
 * {@link spellRun} and the scan's check {@link nextRunStart} (through {@link WordKinds}) read.
 *
 * @example
 * runWordKind('network') // SPELLS
 * runWordKind('of')      // LINKS
 * runWordKind('the')     // BREAKS
 */
export function runWordKind(word: string): RunWordKind {
  return !isStopword(word) ? SPELLS : ACRONYM_LINKS.has(word) ? LINKS : BREAKS;
}

/**
 * The words from token `i` whose initials spell `key` (lower case), or undefined: words that spell
 * ({@link SPELLS}) with the key's letters in order, linking words ({@link LINKS}) only between two of them,
 * at most `key.length + 2` words, and at least two words that spell ("adding" is not "AI"). A word spelled
 * as two said words counts with both initials ("multilayer" spells "ml" when `said` has "multi" and "layer").
 *
 * @param said the words said in the corpus (a {@link Lexicon}), for words that spell two letters.
 * @example
 * spellRun(words, i, 'mlp', lexicon) // ['multilayer', 'perceptron']
 */
export function spellRun(words: TranscriptWords, i: number, key: string, said: { has(word: string): boolean }): string[] | undefined {
  const run: string[] = [];
  let spelling = 0;
  let k = 0;
  let j = i;
  while (k < key.length && j < words.length && run.length < key.length + 2) {
    const w = words.norm(j)!;
    const kind = runWordKind(w);
    if (kind !== SPELLS) {
      // Names drop only the words that link their nouns ("learning from human feedback", "proof of
      // work"), never a verb, article or pronoun: "complex numbers are each number" is no CNN.
      if (run.length === 0 || kind !== LINKS) return undefined;
      run.push(w);
      j++;
      continue;
    }
    if (w[0] !== key[k]) return undefined;
    // "multilayer" spells "ml" when "multi" and "layer" are both said words.
    const two = k + 1 < key.length ? spellsTwo(w, key[k + 1]!, said) : false;
    run.push(w);
    spelling++;
    k += two ? 2 : 1;
    j++;
  }
  if (k !== key.length || runWordKind(run[run.length - 1]!) !== SPELLS) return undefined;
  // One word is no acronym's run ("adding" is not "AI"): at least two words that spell.
  return spelling < 2 ? undefined : run;
}

/** Whether `word` splits into two said words (3+ letters each), the second starting with `next`. */
function spellsTwo(word: string, next: string, said: { has(word: string): boolean }): boolean {
  for (let s = 3; s <= word.length - 3; s++) {
    if (word[s] === next && said.has(word.slice(0, s)) && said.has(word.slice(s))) return true;
  }
  return false;
}

/**
 * The first token from `from` on where a run spelling `key` may start, `ids.length` when none: checked in
 * `kinds`' typed tables over the word ids `ids`, without reading the words. A run may start at a token that
 * spells `key`'s first letter when the next token that is no linking word spells its second letter, or its
 * third when the first spells two ("multilayer"). Every token where {@link spellRun} finds a run passes (the
 * condition is looser: it does not count the linking words or read the later letters), so the corpus scan
 * calls `spellRun` only there.
 *
 * @example
 * for (let i = nextRunStart(kinds, words.ids, 0, 'cnn'); i < words.length; i = nextRunStart(kinds, words.ids, i + 1, 'cnn')) spellRun(words, i, 'cnn', lexicon);
 */
export function nextRunStart(kinds: WordKinds, ids: WordIds, from: number, key: string): number {
  const first = key.charCodeAt(0);
  const second = key.charCodeAt(1);
  const third = key.charCodeAt(2); // NaN for two letters: no initial equals it
  for (let i = from; i < ids.length; i++) {
    const id = ids[i]!;
    if (kinds.initial(id) !== first || kinds.kind(id) !== SPELLS) continue;
    let j = i + 1;
    while (j < ids.length && kinds.kind(ids[j]!) === LINKS) j++;
    if (j >= ids.length || kinds.kind(ids[j]!) !== SPELLS) continue;
    const next = kinds.initial(ids[j]!);
    if (next === second || next === third) return i;
  }
  return ids.length;
}

/**
 * Per word id (verify's dictionary, {@link wordOf}): its {@link runWordKind} and its first letter's char
 * code, looked up once per id so a scan over every token of the corpus reads typed arrays only.
 *
 * @example
 * kinds.kind(wordId('of')) // LINKS
 */
export class WordKinds {
  private kinds = new Uint8Array(0);
  private initials = new Uint16Array(0);

  /** The {@link runWordKind} of the word with id `id`. */
  kind(id: number): RunWordKind {
    if (id >= this.kinds.length || !this.kinds[id]) this.learn(id);
    return this.kinds[id] as RunWordKind;
  }

  /** The char code of the first letter of the word with id `id` (0 for an empty word). */
  initial(id: number): number {
    if (id >= this.kinds.length || !this.kinds[id]) this.learn(id);
    return this.initials[id]!;
  }

  private learn(id: number): void {
    if (id >= this.kinds.length) {
      const size = Math.max(wordCount(), id + 1);
      const kinds = new Uint8Array(size);
      const initials = new Uint16Array(size);
      kinds.set(this.kinds);
      initials.set(this.initials);
      this.kinds = kinds;
      this.initials = initials;
    }
    const w = wordOf(id);
    this.kinds[id] = runWordKind(w);
    this.initials[id] = w.charCodeAt(0);
  }
}

/**
 * The word kinds of this thread's dictionary, one table for every lexicon (the corpus's, each collection
 * view's, each reload's): an entry depends only on its word, and a word id never changes its word (the
 * dictionary only grows), so an entry learned for one lexicon holds for all; ids added later are learned on
 * first use (the table grows).
 */
export const wordKinds = new WordKinds();
