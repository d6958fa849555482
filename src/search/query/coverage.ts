/**
 * Is a topic covered at all? Before quoting anything, every topic word of a question (the question wrapper
 * and stopwords dropped) must stand for something the transcripts say, so a user asking about a topic that
 * is not there hears "not covered" instead of quotes about a look-alike word:
 *
 * - the word, or one of its inflections, is said (`gpus`, `compressed`), or names a speaker or is in a title;
 * - it is half of a two-word topic said as one word (`eigen vectors` -> "eigenvectors"), or a one-word
 *   topic said as two (`selfsimilar` -> "self similar");
 * - typed in capitals, it is an acronym of a run of words said more often than it (`RL` -> "reinforcement
 *   learning"; `GPT`, said often, stays "GPT", see `acronymOf`);
 * - it is no word of everyday English and one or two letters from a said word: a typo (`compresion`,
 *   `nueral`), or a spelling variant of a said word (`optimisation` -> "optimization"), or a name that
 *   auto-captions garbled into another non-word (`imagenet` -> "imet");
 * - it is an everyday verb of a question ("how did GPUs help?") and another topic word is said: wrapper.
 *
 * A real English word the transcripts never say is never a typo of another word: `food` is not `good`.
 *
 * @example
 * topicCoverage(transcripts, 'what does he say about food?') // { missing: ['food'], ... }
 * topicCoverage(transcripts, 'quote RL').query               // 'reinforcement learning'
 */
import { SEARCH_DEFAULTS } from '../params.ts';
import type { Transcript } from '../../corpus/types.ts';
import { acronymOf, garbleOf, lexiconOf, spellingVariant, typoOf } from '../text/lexicon.ts';
import { topicWords } from '../quotes/mentions.ts';
import { tokenize } from '../verify/align.ts';
import { generalRank } from './relevance.ts';
import { isVerb } from '../text/synonyms.ts';

/** What {@link topicCoverage} found. */
export interface TopicCoverage {
  /** The topic's content words (normalised), in order. */
  words: string[];
  /** Topic words nothing in the transcripts stands for (empty when covered). */
  missing: string[];
  /**
   * The topic rewritten with what the transcripts say, when that differs from the typed words
   * (`RL` -> `reinforcement learning`, `eigen vectors` -> `eigenvectors`); undefined otherwise.
   */
  query?: string;
  /** Question words dropped as wrapper although not said (the verb ending "how did GPUs help?"); `query` then leaves them out. */
  dropped?: string[];
  /** Words read as something else, typed -> said (acronyms, joined or split words, typos, spelling variants). */
  readAs: Record<string, string>;
}

/** Whether each topic word stands for something said, and the topic as the transcripts say it. */
export function topicCoverage(transcripts: readonly Transcript[], topic: string, extraWords: Iterable<string> = []): TopicCoverage {
  const lex = lexiconOf(transcripts);
  const known = new Set<string>();
  for (const text of extraWords) for (const t of tokenize(text)) known.add(t.norm);
  const words = topicWords(topic);
  const out: TopicCoverage = { words: words.map((w) => w.norm), missing: [], readAs: {} };
  const said: string[] = [];
  /** Entries of `said` that are missing words (index -> normalised word). */
  const missingAt = new Map<number, string>();
  let rewritten = false;
  for (let i = 0; i < words.length; i++) {
    const { norm, raw } = words[i]!;
    const next = words[i + 1];
    // A pair said as one word ("eigen vectors" -> "eigenvectors") is read as that word.
    const joined = next ? lex.joined([norm, next.norm]) : undefined;
    if (joined && !(lex.has(norm) && lex.has(next!.norm) && lex.bigramCount(norm, next!.norm, 1) > 0)) {
      said.push(joined);
      out.readAs[`${norm} ${next!.norm}`] = joined;
      rewritten = true;
      i++;
      continue;
    }
    const expansion = acronymOf(lex, raw);
    if (expansion) {
      said.push(expansion.join(' '));
      out.readAs[norm] = expansion.join(' ');
      rewritten = true;
      continue;
    }
    if (lex.forms(norm).length || known.has(norm)) {
      said.push(raw);
      continue;
    }
    const split = lex.split(norm);
    if (split) {
      said.push(raw);
      continue;
    }
    const fixed = spellingVariant(lex, norm) ?? typoOf(lex, norm);
    if (fixed) {
      said.push(fixed);
      out.readAs[norm] = fixed;
      continue;
    }
    const garbled = garbleOf(lex, norm);
    if (garbled) {
      said.push(raw);
      out.readAs[norm] = garbled;
      continue;
    }
    out.missing.push(norm);
    said.push(raw);
    missingAt.set(said.length - 1, norm);
  }
  // "how did GPUs help?", "why do networks need GPUs?": a question's everyday verbs are its wrapper, not
  // its topic, when they are not said and another topic word is.
  if (out.missing.length && out.missing.length < words.length && isQuestion(topic)) {
    const verbs = out.missing.filter((w) => generalRank(w) <= QUESTION_VERB_RANK && isVerb(w));
    if (verbs.length === out.missing.length) {
      out.dropped = verbs;
      out.missing = [];
      // The quotes are about the rest of the question (the answer says so): the dropped verbs are not searched.
      for (const at of [...missingAt.keys()].sort((a, b) => b - a)) said.splice(at, 1);
      rewritten = true;
    }
  }
  if (rewritten && !out.missing.length) out.query = said.join(' ');
  return out;
}

/** Everyday verbs may end a question as its wrapper: {@link QueryParams.questionVerbRank}. */
export const QUESTION_VERB_RANK = SEARCH_DEFAULTS.query.questionVerbRank;

/** Whether the text is a question: a question word first, or a question mark at the end. */
function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || /^\s*(?:how|why|what|when|where|who|which|did|does|do|is|are|was|were|can|could|would|should|will|has|have)\b/i.test(text);
}

