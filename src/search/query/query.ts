/**
 * Query understanding: turns what a user typed into what to look for.
 *
 * - `"double quotes"` (straight or curly) mark exact phrases.
 * - The question wrapper is dropped: "what did he say about X", "how did X", "summarize the discussion of X",
 *   "why did the group decide X" keep only X (question words, discourse verbs and stopwords go; meeting
 *   nouns such as "group" only where they name the asking, so "What is a group?" still searches "group").
 * - A trailing "when discussing Y" / "while talking about Y" clause becomes *context*: words that describe
 *   the surrounding discussion rather than the moment itself (ranked with a lower weight).
 * - A speaker named in the query ("what did the project manager think about X") is recognised by
 *   {@link findSpeaker} against the corpus's speaker names; its words are then not searched as topic words.
 *
 * @example
 * parseQuery('What did he say about "scaling laws" when discussing GPT?')
 * // { phrases: [['scaling', 'laws']], words: ['scaling', 'laws'], context: ['gpt'], tokens: [...] }
 */
import { isStopword } from '../text/stopwords.ts';
import { tokenize, type Token } from '../text/tokenize.ts';

/** Longest query text considered; the rest is ignored (a 6,000-character paste must stay fast). */
export const MAX_QUERY_CHARS = 1000;
/** Most content words searched per query. */
export const MAX_QUERY_WORDS = 24;

/**
 * Words of questions about a recording that say how to ask, not what about: question words and discourse
 * verbs (say, think, discuss...). Always dropped.
 */
const WRAPPER = new Set(
  `what whats how why when where who whom which whose did does do doing done was were is are be been
  say said says saying tell told talk talked talks talking speak spoke discuss discussed discusses discussing
  summarize summarise summarized mention mentioned mentions mentioning
  think thinks thought thinking feel felt commented
  explain explained explains describe described describes regarding concerning about
  please could would can me us anything something`.split(/\s+/),
);

/**
 * Nouns that name the asking rather than the topic in questions about meetings ("what did the group
 * decide", "the team's view on X", "summary of the discussion about X"). They are topic words too ("what is
 * a group?", "group theory"), so they are dropped only in a wrapper position ({@link isWrapperAt}), never by
 * list alone.
 */
const MEETING_NOUNS = new Set(
  `group team everyone everybody people participants members member meeting conversation person guys
  discussion discussions summary view views opinion opinions comment comments`.split(/\s+/),
);

/** Words before a meeting noun that make it part of the wrapper ("the group", "their view"). */
const DETERMINERS = new Set(['the', 'this', 'that', 'our', 'their', 'your', 'his', 'her', 'whole', 'entire', 'a', 'an']);
/** Words after a meeting noun that make it part of the wrapper ("summary of X", "view on X"). */
const LINKERS = new Set(['of', 'on', 'about', 'regarding', 'concerning', 'for', 'towards', 'toward']);

/**
 * Whether the word at position `i` of a query's words is question wrapper: a question word or discourse
 * verb anywhere, or a meeting noun after a determiner or before "of/on/about" ("the group", "summary of").
 *
 * @example
 * isWrapperAt(['what', 'did', 'the', 'group', 'decide'], 3) // true
 * isWrapperAt(['group', 'theory'], 0)                       // false
 */
export function isWrapperAt(terms: readonly string[], i: number): boolean {
  const term = terms[i]!;
  if (WRAPPER.has(term)) return true;
  if (!MEETING_NOUNS.has(term)) return false;
  return DETERMINERS.has(terms[i - 1] ?? '') || LINKERS.has(terms[i + 1] ?? '');
}

/** Words that open a context clause ("when discussing Y"). */
const CONTEXT_OPENERS = /\b(?:when|while|during)\s+(?:they\s+|we\s+|he\s+|she\s+|the\s+\w+\s+)?(?:were\s+|was\s+)?(?:discuss(?:ed|ing)?|talk(?:ed|ing)?\s+about|talk(?:ed|ing)?\s+of|present(?:ed|ing)?|introduc(?:ed|ing)|the\s+discussion\s+(?:of|about|on))\b/i;

/** What a query was understood as. */
export interface ParsedQuery {
  /** Exact phrases, each as normalised terms (stopwords kept). */
  phrases: string[][];
  /** The same phrases as typed (whitespace collapsed), for messages. */
  phraseText: string[];
  /** Topic words in order (normalised, not stemmed), wrapper and stopwords removed, phrase words included. */
  words: string[];
  /** Words of a "when discussing ..." clause. */
  context: string[];
  /** All tokens of the main part of the query (for speaker detection). */
  tokens: Token[];
  /** The main part of the query as typed (what `tokens` index into). */
  text: string;
  /** Where in a recording the query points by its wording, if anywhere ({@link positionIntent}). */
  position?: PositionIntent;
}

/** A part of a recording a query asks for by its wording. */
export type PositionIntent = 'opening' | 'closing';

/**
 * Openings: agenda, introductions, preliminaries, warm-up, opening remarks, a recap of the last meeting.
 * Closings: wrap-up, closing, concluding remarks, the end, final words, the next meeting.
 * "conclusion" counts only on its own ("Meeting conclusion"), not as "the conclusion of/on/about X".
 */
const OPENING = /\b(?:agenda|(?:self[- ]?)?introductions?|introducing|preliminaries|opening|warm(?:ing)?[- ]?up|ice[- ]?break(?:er|ing)?|kick[- ]?off|greetings?|beginning of the (?:meeting|video|talk)|(?:recap|review) of (?:the )?(?:last|previous) meeting)\b/i;
const CLOSING = /\b(?:wrap(?:ping)?[- ]?up|closing|concluding|the end\b|end of the (?:meeting|video|talk)|final (?:words|remarks|thoughts)|next meeting|outro|conclusions?\b(?!\s+(?:of|on|about|to|that|for|regarding)\b))/i;

/**
 * Whether a query asks for the opening or the closing of a recording by its wording ("Introduction and
 * the overall agenda", "Wrap-up of the meeting"). When both match, the one said first wins.
 *
 * @example
 * positionIntent('Meeting agenda and team building') // 'opening'
 * positionIntent('What is the conclusion of the discussion about X?') // undefined
 */
export function positionIntent(text: string): PositionIntent | undefined {
  const o = OPENING.exec(text);
  const c = CLOSING.exec(text);
  if (o && (!c || o.index <= c.index)) return 'opening';
  return c ? 'closing' : undefined;
}

/** Parses a raw query (any string; never throws). */
export function parseQuery(input: string): ParsedQuery {
  const text = String(input ?? '').slice(0, MAX_QUERY_CHARS);
  const phrases: string[][] = [];
  const phraseText: string[] = [];
  const phraseRe = /"([^"]+)"|“([^”]+)”/g;
  let m: RegExpExecArray | null;
  while ((m = phraseRe.exec(text)) !== null) {
    const terms = tokenize(m[1] ?? m[2] ?? '').map((t) => t.term);
    if (terms.length) {
      phrases.push(terms);
      phraseText.push((m[1] ?? m[2] ?? '').replace(/\s+/g, ' ').trim());
    }
  }
  let main = text;
  let contextText = '';
  const c = CONTEXT_OPENERS.exec(text);
  if (c && c.index > 0) {
    const before = text.slice(0, c.index);
    // Only split when the main part keeps some topic of its own.
    if (contentWords(tokenize(before)).length > 0) {
      main = before;
      contextText = text.slice(c.index + c[0].length);
    }
  }
  const tokens = tokenize(main);
  const words = contentWords(tokens);
  for (const p of phrases) for (const w of p) if (!isStopword(w) && !words.includes(w)) words.push(w);
  const parsed: ParsedQuery = {
    phrases,
    phraseText,
    words: words.slice(0, MAX_QUERY_WORDS),
    context: contentWords(tokenize(contextText)).slice(0, 8),
    tokens,
    text: main,
  };
  const position = positionIntent(main);
  if (position) parsed.position = position;
  return parsed;
}

/**
 * The topic words of a query: stopwords and the question wrapper ({@link isWrapperAt}) dropped. When that
 * leaves nothing ("What is a group?"), the words that are not stopwords are the topic.
 */
export function contentTerms(terms: readonly string[]): string[] {
  const out = terms.filter((t, i) => !isStopword(t) && !isWrapperAt(terms, i));
  return out.length ? out : terms.filter((t) => !isStopword(t));
}

function contentWords(tokens: Token[]): string[] {
  return contentTerms(tokens.map((t) => t.term));
}


/**
 * The speaker a query names, if any: a speaker whose full name occurs in the query's tokens
 * ("project manager", "PhD B"; a word of 4+ letters may be one edit off: "Grade E" names "Grad E"), else a
 * speaker who is the only one in `speakers` carrying a distinctive word of the query ("the professor" when
 * one professor speaks), else, when `text` (what `tokens` were cut from) is given, a capital letter that
 * ends exactly one speaker's name ("What did F think..." names "PhD F"). Returns the speaker and the
 * normalised words of the query that named them (so they are not searched as topic words).
 */
export function findSpeaker(tokens: Token[], speakers: readonly string[], text?: string): { speaker: string; words: string[] } | undefined {
  if (!speakers.length || !tokens.length) return undefined;
  const terms = tokens.map((t) => t.term);
  let best: { speaker: string; at: number; len: number; exact: boolean } | undefined;
  for (const speaker of speakers) {
    const name = tokenize(speaker).map((t) => t.term);
    if (!name.length) continue;
    for (let i = 0; i + name.length <= terms.length; i++) {
      let ok = true;
      let exact = true;
      for (let j = 0; j < name.length; j++) {
        if (terms[i + j] === name[j]) continue;
        exact = false;
        if (!oneEditApart(terms[i + j]!, name[j]!)) { ok = false; break; }
      }
      if (!ok) continue;
      const better = !best || (exact && !best.exact) || (exact === best.exact && (i < best.at || (i === best.at && name.length > best.len)));
      if (better) best = { speaker, at: i, len: name.length, exact };
    }
  }
  if (best) return { speaker: best.speaker, words: terms.slice(best.at, best.at + best.len) };
  // One distinctive word naming exactly one speaker ("the professor", "Kirsty").
  const owners = new Map<string, string[]>();
  for (const speaker of speakers) {
    for (const w of new Set(tokenize(speaker).map((t) => t.term))) {
      if (w.length < 3 || isStopword(w)) continue;
      const list = owners.get(w) ?? [];
      list.push(speaker);
      owners.set(w, list);
    }
  }
  for (const term of terms) {
    const stemless = term.endsWith('s') && owners.has(term.slice(0, -1)) ? term.slice(0, -1) : term;
    const list = owners.get(stemless);
    if (list && list.length === 1) return { speaker: list[0]!, words: [term] };
  }
  // A capital letter standing for a speaker ("What did F think", "Speaker C"), not the query's first word.
  if (text !== undefined) {
    for (let i = 1; i < tokens.length; i++) {
      const raw = text.slice(tokens[i]!.start, tokens[i]!.end);
      if (!/^[A-HJ-Z]$/.test(raw)) continue;
      const letter = raw.toLowerCase();
      const named = speakers.filter((s) => {
        const name = tokenize(s);
        return name.length > 1 && name[name.length - 1]!.term === letter;
      });
      if (named.length === 1) return { speaker: named[0]!, words: [letter] };
    }
  }
  return undefined;
}

/** True when two words of 4+ letters differ by one insertion, deletion or substitution ("grade", "grad"). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 1 || /\d/.test(a + b)) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
