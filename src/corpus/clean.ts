/**
 * Caption text cleanup shared by every format: markup, entities, whitespace, non-speech tags, speakers.
 *
 * The result of {@link cleanCaptionText} is exactly what gets indexed and quoted, so anything that is
 * not speech (`[Music]`, `♪ lyrics ♪`, `(applause)`) is removed here and never reaches a quote.
 * All patterns are linear (bounded quantifiers, no nested repetition) so hostile input cannot hang them.
 */
import { decodeHTML } from 'entities';

/** WebVTT voice span: `<v Speaker>`, `<v.loud Speaker>`; the name is group 1. */
const VOICE_TAG = /<v(?:\.[^\s>.]{1,40}){0,8}[ \t]+([^<>]{1,80})>/;
/** Any tag: `<b>`, `</i>`, `<font color="#fff">`, `<c.color>`, `<00:00:01.520>`, `</v>`. */
const TAG = /<\/?[a-zA-Z0-9.:_#-][^<>]{0,300}>/g;
/** SSA/ASS override blocks that leak into SRT: `{\an8}`, `{\i1}`. */
const ASS_OVERRIDE = /\{\\[^{}]{0,100}\}/g;
/** Bracketed non-speech annotations: `[Music]`, `[Applause]`, `[laughter]`, QMSum's `[disfmarker]`. */
const BRACKETED = /\[[^[\]\n]{0,60}\]/g;
/** Sung lyrics or music notes: `♪ la la ♪`, a stray `♪`/`♫`. */
const MUSIC = /[♪♫][^♪♫\n]{0,300}[♪♫]|[♪♫]/g;
/** Parenthesised sound descriptions; only these words, so real parenthetical speech survives. */
const SOUND_WORDS =
  'music|applause|laugh\\w{0,6}|chuckl\\w{0,4}|cheer\\w{0,4}|clap\\w{0,5}|inaudible|crosstalk|silence|sigh\\w{0,2}|cough\\w{0,3}|noise|static|beep\\w{0,2}|whistl\\w{0,3}|gasp\\w{0,2}|groan\\w{0,2}|indistinct|unintelligible|background \\w{1,20}';
const PAREN_SOUND = new RegExp(`\\(\\s{0,3}(?:[a-z]{1,20}\\s{1,3}){0,3}(?:${SOUND_WORDS})(?:\\s{1,3}[a-z]{1,20}){0,3}\\s{0,3}\\)`, 'gi');
const WHITESPACE = /\s+/g;

/**
 * Removes markup: HTML-like tags (incl. WebVTT `<c>`, `<v>` and `<00:00:01.520>` timing tags) and
 * `{\an8}`-style overrides. Entities are NOT decoded here (see {@link decodeEntities}).
 */
export function stripMarkup(text: string): string {
  let out = text.includes('<') ? text.replace(TAG, '') : text;
  if (out.includes('{')) out = out.replace(ASS_OVERRIDE, '');
  return out;
}

/** Decodes HTML entities, named and numeric (`&amp;`, `&nbsp;`, `&#39;`, `&#x41;`); `&nbsp;` becomes a space. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return decodeHTML(text).replace(/\u00a0/g, ' ');
}

/** Removes non-speech annotations (`[Music]`, `(applause)`, `♪ ... ♪`). */
export function removeNonSpeech(text: string): string {
  let out = text;
  if (out.includes('♪') || out.includes('♫')) out = out.replace(MUSIC, ' ');
  if (out.includes('[')) out = out.replace(BRACKETED, ' ');
  if (out.includes('(')) out = out.replace(PAREN_SOUND, ' ');
  return out;
}

/** Collapses runs of whitespace (incl. newlines) to one space and trims. */
export function collapseWhitespace(text: string): string {
  const shape = whitespaceShape(text);
  if (shape === OTHER) return text.replace(WHITESPACE, ' ').trim();
  const out = shape & NEWLINES ? text.replaceAll('\n', ' ') : text;
  return shape & TRAILING ? out.slice(0, -1) : out;
}

/**
 * What {@link collapseWhitespace} has to do to a text, from {@link whitespaceShape}: most cue texts are
 * words and single separators already, perhaps with one trailing space or a `\n` between two caption lines.
 * 0: nothing; NEWLINES: some single separators are `\n`; TRAILING: one separator ends the text; OTHER:
 * anything else (leading or repeated whitespace, tabs, other spaces): the general replace.
 */
const NEWLINES = 1;
const TRAILING = 2;
const OTHER = 4;

/** Classifies `text` for {@link collapseWhitespace} in one pass over its char codes. */
function whitespaceShape(text: string): number {
  let shape = 0;
  // True at the start and after a separator: another separator there would be leading or repeated.
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10) {
      if (afterSpace) return OTHER;
      afterSpace = true;
      if (c === 10) shape |= NEWLINES;
    } else if (c < 32 || (c >= 0xa0 && isOtherSpace(c))) {
      return OTHER;
    } else {
      afterSpace = false;
    }
  }
  return afterSpace && text.length > 0 ? shape | TRAILING : shape;
}

/** The characters above U+009F that `\s` matches. */
function isOtherSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The speaker named by a WebVTT voice tag in `text`, if any (`<v.loud Mary Ann>` -> `Mary Ann`). */
export function voiceSpeaker(text: string): string | undefined {
  const m = VOICE_TAG.exec(text);
  const name = m ? collapseWhitespace(decodeEntities(m[1]!)) : '';
  return name || undefined;
}

/** A cleaned piece of caption text and who speaks it, when the captions say. */
export interface CleanText {
  /** Spoken text, possibly empty when the cue held only markup or non-speech tags. */
  text: string;
  speaker?: string;
}

/**
 * Full cleanup of one cue's raw text: voice tag -> speaker, markup stripped, entities decoded,
 * non-speech removed, whitespace collapsed.
 *
 * @example
 * cleanCaptionText('<v Grant><i>So</i> &amp; then [Music]') // { text: 'So & then', speaker: 'Grant' }
 */
export function cleanCaptionText(raw: string): CleanText {
  const speaker = raw.includes('<v') ? voiceSpeaker(raw) : undefined;
  const text = collapseWhitespace(removeNonSpeech(decodeEntities(stripMarkup(raw))));
  return speaker ? { text, speaker } : { text };
}

/** `>> ` turn marker, optionally followed by a capitalised name and a colon. */
const TURN_PREFIX = /^>>+\s*(?:([A-Z][\w.'-]{0,30}(?:\s[A-Z][\w.'-]{0,30}){0,3})\s?:\s+)?/;
/** `JOHN SMITH: ` (all capitals, 1-4 words) or `Speaker 2: `. */
const CAPS_PREFIX = /^(?:([A-Z][A-Z.'-]{1,30}(?:\s[A-Z][A-Z.'-]{0,30}){0,3})|(Speaker\s?\d{1,3}))\s?:\s+/;

/** A cue's text split into an optional speaker label and the speech after it. */
export interface SpeakerSplit {
  text: string;
  /** The label's name, when there was a clear one. */
  speaker?: string;
  /** True when the text started with a `>>` turn marker (a new speaker, name or not). */
  turn: boolean;
}

/**
 * Detects a speaker label at the start of SRT / plain-text captions, conservatively: a `>>` turn
 * marker (with an optional `Name:` after it), an all-capitals `NAME:` or `Speaker 2:`. Ordinary
 * `Note: ...` sentences are left alone.
 *
 * @example
 * splitSpeakerPrefix('>> ALICE: hi')     // { text: 'hi', speaker: 'ALICE', turn: true }
 * splitSpeakerPrefix('JOHN SMITH: yes')  // { text: 'yes', speaker: 'JOHN SMITH', turn: false }
 * splitSpeakerPrefix('Note: this stays') // { text: 'Note: this stays', turn: false }
 */
export function splitSpeakerPrefix(text: string): SpeakerSplit {
  const turn = TURN_PREFIX.exec(text);
  if (turn) {
    const rest = text.slice(turn[0].length);
    return turn[1] ? { text: rest, speaker: turn[1], turn: true } : { text: rest, turn: true };
  }
  const caps = CAPS_PREFIX.exec(text);
  if (caps) return { text: text.slice(caps[0].length), speaker: (caps[1] ?? caps[2])!, turn: false };
  return { text, turn: false };
}
