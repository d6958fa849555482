/**
 * Every moment a topic is said, for `timeline`: not a ranked search but a complete scan of the captions for
 * the topic's word forms ({@link Lexicon.forms}), so a timeline lists every video and every moment that says
 * the topic, and nothing a stemmer merely relates to it (`transformer` is not `transformation`).
 *
 * What counts as saying the topic (all learned from the corpus, see `lexicon.ts`):
 * - its words in order, each in any of its said forms (`neural networks`: "neural network", "neural nets");
 * - for a two-word topic whose last word is, in these transcripts, mostly said after its first word, that
 *   last word alone ("the network" in videos about neural networks), but not when it goes with many other
 *   words ("learning" after "deep", "machine", "unsupervised" is no mention of "reinforcement learning");
 * - the topic said as one word (`eigen vectors` -> "eigenvectors") or as two (`openai` -> "open AI");
 * - an upper-case acronym's said expansion (`RL` -> "reinforcement learning");
 * - for a word nobody says that is not an everyday English word, its closest said spelling (a typo);
 * - for words never said together ("how did GPUs help?"), the most specific one that is said, alone.
 *
 * Nearby mentions form one moment (one quote that shows them all); quotes start and end at sentence ends
 * where the captions have punctuation.
 *
 * @example
 * findMentions(transcripts, 'timeline gpus').hits // one Hit per moment, videos in corpus order, time order
 */
import { SEARCH_DEFAULTS } from '../params.ts';
import type { Transcript } from '../../corpus/types.ts';
import { transcriptWords } from '../verify/anchors.ts';
import { acronymOf, garbleOf, lexiconOf, typoOf, type Lexicon } from '../text/lexicon.ts';
import { isWrapperAt } from '../query/query.ts';
import { generalRarity } from '../query/relevance.ts';
import { isStopword } from '../text/stopwords.ts';
import { timeAt } from '../index/timing.ts';
import type { Hit, SearchResponse } from '../types.ts';
import { tokenize } from '../verify/align.ts';

/** How mentions group into moments and their quotes: {@link MentionParams} in SearchParams. */
const { momentGapWords: MOMENT_GAP_WORDS, momentMaxWords: MOMENT_MAX_WORDS, contextWords: CONTEXT_WORDS, headAloneShare: HEAD_ALONE_SHARE } =
  SEARCH_DEFAULTS.mentions;
export { MOMENT_GAP_WORDS, MOMENT_MAX_WORDS, CONTEXT_WORDS, HEAD_ALONE_SHARE };

/** One way of saying the topic: a sequence of slots, each the set of words that may fill it. */
type Sequence = Array<ReadonlySet<string>>;

/** How a topic is matched: the ways of saying it, and what to tell the user. */
export interface TopicPattern {
  sequences: Sequence[];
  /** The topic words as searched (shown to users). */
  terms: string[];
  /** Typo corrections applied, typed -> said. */
  corrected: Record<string, string>;
  /** The topic's content words as typed (normalised), wrapper and stopwords dropped. */
  words: string[];
}

/** The content words of a topic: the question wrapper and stopwords dropped (all words when that leaves none). */
export function topicWords(topic: string): Array<{ norm: string; raw: string }> {
  const tokens = tokenize(topic).map((t) => ({ norm: t.norm, raw: topic.slice(t.start, t.end) }));
  const terms = tokens.map((t) => t.norm);
  const content = tokens.filter((t, i) => !isStopword(t.norm) && !isWrapperAt(terms, i));
  return content.length ? content : tokens.filter((t) => !isStopword(t.norm));
}

/** How the topic is matched in this corpus, or undefined when it has no words. */
export function topicPattern(lex: Lexicon, topic: string): TopicPattern | undefined {
  const words = topicWords(topic);
  if (!words.length) return undefined;
  const pattern: TopicPattern = { sequences: [], terms: [], corrected: {}, words: words.map((w) => w.norm) };
  const norms = words.map((w) => w.norm);
  const slots: Sequence = [];
  for (const w of norms) {
    let forms = lex.forms(w);
    if (!forms.length) {
      const fixed = typoOf(lex, w) ?? garbleOf(lex, w);
      if (fixed) {
        pattern.corrected[w] = fixed;
        forms = lex.forms(fixed);
      }
    }
    slots.push(new Set(forms));
  }
  if (slots.every((s) => s.size > 0)) {
    pattern.sequences.push(slots);
    pattern.terms.push(norms.map((w) => pattern.corrected[w] ?? w).join(' '));
    if (slots.length === 2 && headMostlyAfter(lex, slots[0]!, slots[1]!)) pattern.sequences.push([slots[1]!]);
  }
  const joined = lex.joined(norms);
  if (joined) {
    pattern.sequences.push([new Set(lex.forms(joined))]);
    pattern.terms.push(joined);
  }
  if (norms.length === 1) {
    const split = lex.split(norms[0]!);
    if (split) {
      pattern.sequences.push([new Set([split[0]]), new Set(lex.forms(split[1]))]);
      pattern.terms.push(split.join(' '));
    }
    const raw = words[0]!.raw;
    const acronym = acronymOf(lex, raw);
    if (acronym) {
      pattern.sequences.push(acronym.map((w) => new Set(isStopword(w) ? [w] : lex.forms(w))));
      pattern.terms.push(acronym.join(' '));
    }
  }
  pattern.sequences = pattern.sequences.filter((s) => s.every((slot) => slot.size > 0));
  return pattern;
}

/** Whether most said uses of `head` that follow a content word follow one of `first`. */
function headMostlyAfter(lex: Lexicon, first: ReadonlySet<string>, head: ReadonlySet<string>): boolean {
  let after = 0;
  let withFirst = 0;
  for (const t of lex.transcripts) {
    const words = transcriptWords(t);
    for (const form of head) {
      for (const i of words.positions(form) ?? []) {
        const prev = words.norm(i - 1);
        if (prev === undefined || isStopword(prev)) continue;
        after++;
        if (first.has(prev)) withFirst++;
      }
    }
  }
  return after > 0 && withFirst / after >= HEAD_ALONE_SHARE;
}

/** `[from, to)` token ranges where the topic is said in one transcript, in order, overlaps merged. */
export function occurrences(transcript: Transcript, sequences: readonly Sequence[]): Array<[number, number]> {
  const words = transcriptWords(transcript);
  const found: Array<[number, number]> = [];
  for (const seq of sequences) {
    for (const form of seq[0]!) {
      for (const i of words.positions(form) ?? []) {
        let ok = true;
        for (let k = 1; k < seq.length && ok; k++) ok = seq[k]!.has(words.norm(i + k) ?? '');
        if (ok) found.push([i, i + seq.length]);
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Options of {@link findMentions}. */
export interface MentionOptions {
  /** Only this transcript (index into `transcripts`). Default: all. */
  transcript?: number;
  /**
   * Most moments made into hits, the first ones; the moments after them are only counted (`total`).
   * Default: all.
   * @example findMentions(transcripts, 'fourier', { limit: 50 }) // 50 hits, total 5,494 at 1,000 hours
   */
  limit?: number;
  /**
   * Consecutive moments' quotes never share words: a quote's context ends where the next moment's words
   * begin and starts after the previous quote. Default false (every moment with its full context).
   * @example findMentions(transcripts, 'scaling', { apart: true }) // a timeline's moments
   */
  apart?: boolean;
}

/**
 * Every moment that says the topic, one {@link Hit} per moment (score = how many mentions it holds), videos
 * in corpus order and moments in time order. `total` is the number of moments.
 */
export function findMentions(transcripts: readonly Transcript[], topic: string, options: MentionOptions = {}): SearchResponse {
  const response: SearchResponse = { hits: [], total: 0, terms: [], corrected: {}, suggestions: [] };
  const lex = lexiconOf(transcripts);
  const pattern = topicPattern(lex, topic);
  if (!pattern) return response;
  response.terms = pattern.terms;
  response.corrected = pattern.corrected;
  const subject = pattern.words.join(' ');
  // Moments past the limit: counted, never cut into quotes (their text would be made only to be dropped).
  const limit = options.limit ?? Infinity;
  let counted = 0;
  if (subject !== topic.trim().toLowerCase()) response.subject = subject;
  transcripts.forEach((transcript, t) => {
    if (options.transcript !== undefined && options.transcript >= 0 && t !== options.transcript) return;
    const spans = pattern.sequences.length ? occurrences(transcript, pattern.sequences) : [];
    const moments: Moment[] = [];
    for (const [a, b] of spans) {
      const moment = moments[moments.length - 1];
      if (moment && a - moment.to <= MOMENT_GAP_WORDS && b - moment.from <= MOMENT_MAX_WORDS) {
        moment.to = b;
        moment.count++;
      } else moments.push({ from: a, to: b, count: 1 });
    }
    let floor = 0;
    // Read once for this transcript's moments (its word table reads its token ranges from the same string),
    // not kept among the recently used texts: a timeline reads every transcript that says the topic
    // (thousands at 1,000 hours), and kept strings outlive young GCs.
    let text: string | undefined;
    moments.forEach((m, k) => {
      if (response.hits.length >= limit) return void counted++;
      const next = options.apart ? (moments[k + 1]?.from ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
      text ??= transcriptWords(transcript).sourceText();
      const hit = momentHit(transcript, text, m, floor, next);
      if (options.apart) floor = hit.tokenEnd;
      response.hits.push(hit.hit);
    });
  });
  response.total = response.hits.length + counted;
  if (!response.total && pattern.words.length > 1) {
    // Several words never said together ("how did GPUs help?"): the moments of the most specific said word.
    const said = pattern.words.filter((w) => lex.forms(w).length > 0);
    const key = said.sort((a, b) => generalRarity(b) - generalRarity(a))[0];
    if (key) return { ...findMentions(transcripts, key, options), subject: pattern.words.join(' '), onlyWord: key };
  }
  return response;
}

/** Mentions grouped into one moment: tokens `[from, to)` of a transcript, holding `count` mentions. */
interface Moment {
  from: number;
  to: number;
  count: number;
}

/**
 * The quote for a moment of `transcript` (whose stored text is `text`): up to {@link CONTEXT_WORDS} around its mentions, cut at sentence ends, and kept
 * within tokens `[floor, ceiling)` (the previous quote's end, the next moment's first word). Returns the hit
 * and the token its quote ends before.
 */
function momentHit(transcript: Transcript, text: string, { from, to, count }: Moment, floor: number, ceiling: number): { hit: Hit; tokenEnd: number } {
  const words = transcriptWords(transcript);
  const endsSentence = (k: number): boolean => k >= 0 && k + 1 < words.length && /[.?!]/.test(text.slice(words.end(k), words.start(k + 1)));
  let a = Math.max(0, floor, from - CONTEXT_WORDS);
  for (let k = from - 1; k >= a; k--) {
    if (endsSentence(k)) {
      a = k + 1;
      break;
    }
  }
  let b = Math.max(to, Math.min(words.length, ceiling, to + CONTEXT_WORDS));
  for (let k = to - 1; k < b - 1; k++) {
    if (endsSentence(k)) {
      b = k + 1;
      break;
    }
  }
  const charStart = words.start(a);
  let charEnd = words.end(b - 1);
  const trail = /^[.?!,;:"')\]]+/.exec(text.slice(charEnd));
  if (trail) charEnd += trail[0].length;
  const start = timeAt(transcript, charStart);
  const hit: Hit = {
    video: transcript.meta,
    transcript,
    start,
    end: Math.max(start, timeAt(transcript, charEnd)),
    approximate: transcript.approximate,
    text: detached(text.slice(charStart, charEnd)),
    charStart,
    charEnd,
    score: count,
  };
  const chapter = transcript.meta.chapters?.find((c) => start >= c.start && start < c.end);
  if (chapter) hit.chapter = chapter.title;
  return { hit, tokenEnd: b };
}

/**
 * A copy of `s` that holds no reference to the string it was sliced from: V8 keeps a slice's whole parent
 * alive (here a transcript's stored text, ~35 KB, for a quote of a few hundred characters), and a timeline
 * holds up to thousands of hits until its answer is made.
 */
function detached(s: string): string {
  return (` ${s}`).slice(1);
}
